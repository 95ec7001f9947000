import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSize } from './parse-size.ts';

test('numbers are bytes', () => {
  assert.equal(parseSize(0), 0);
  assert.equal(parseSize(1024), 1024);
});

test('decimal and binary units, case-insensitive', () => {
  assert.equal(parseSize('100B'), 100);
  assert.equal(parseSize('512KiB'), 512 * 1024);
  assert.equal(parseSize('32MiB'), 32 * 1024 * 1024);
  assert.equal(parseSize('1GiB'), 1024 ** 3);
  assert.equal(parseSize('2TiB'), 2 * 1024 ** 4);
  assert.equal(parseSize('1KB'), 1_000);
  assert.equal(parseSize('1GB'), 1_000_000_000);
  assert.equal(parseSize('1.5MB'), 1_500_000);
  assert.equal(parseSize('10mb'), 10_000_000);
  assert.equal(parseSize('4 kib'), 4096);
});

test('anything else is refused with a message saying what is accepted', () => {
  for (const bad of ['32', '32M', '32MiBs', 'iB', '1XB', '', '-1KB']) {
    assert.throws(() => parseSize(bad), (e: unknown) => e instanceof RangeError && /such as "512KiB"/.test(e.message), bad);
  }
  assert.throws(() => parseSize(-5), /whole number >= 0/);
  assert.throws(() => parseSize(0.5), /whole number >= 0/);
  assert.throws(() => parseSize('99999999999TiB'), /too large/);
});
