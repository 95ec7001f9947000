import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from './parse-duration.ts';

test('numbers are milliseconds', () => {
  assert.equal(parseDuration(0), 0);
  assert.equal(parseDuration(1500), 1500);
});

test('strings carry one unit', () => {
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('5s'), 5_000);
  assert.equal(parseDuration('1.5s'), 1_500);
  assert.equal(parseDuration('2m'), 120_000);
  assert.equal(parseDuration('1h'), 3_600_000);
  assert.equal(parseDuration('10 s'), 10_000);
});

test('anything else is refused with a message saying what is accepted', () => {
  for (const bad of ['5', '5sec', '1m30s', '-1s', 's', '', '5S']) {
    assert.throws(() => parseDuration(bad), (e: unknown) => e instanceof RangeError && /such as "500ms"/.test(e.message), bad);
  }
  assert.throws(() => parseDuration(-1), /whole number >= 0/);
  assert.throws(() => parseDuration(1.5), /whole number >= 0/);
  assert.throws(() => parseDuration(Number.POSITIVE_INFINITY), RangeError);
  assert.throws(() => parseDuration('99999999999999999999h'), /too large/);
});
