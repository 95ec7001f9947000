import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base62, crc32 } from '../util/checksum.ts';
import { generateKey, hasValidChecksum, KEY_ID_PATTERN, parseKey } from './key-format.ts';

test('a generated key has the documented shape, its id is the first 8 random characters', () => {
  const { key, id } = generateKey();
  assert.match(key, /^sks_[0-9A-Za-z]{38}$/);
  assert.match(id, KEY_ID_PATTERN);
  assert.equal(key.slice(4, 12), id);
  assert.equal(key.slice(-6), base62(crc32(key.slice(4, 36)), 6));
  assert.deepEqual(parseKey(key), { ok: true, id });
});

test('keys are random: no two of many share a value or an id', () => {
  const keys = Array.from({ length: 200 }, () => generateKey());
  assert.equal(new Set(keys.map((k) => k.key)).size, 200);
  assert.equal(new Set(keys.map((k) => k.id)).size, 200);
});

test('any single mutated character breaks the checksum', () => {
  const { key } = generateKey();
  for (let i = 4; i < key.length; i++) {
    const c = key[i] === 'a' ? 'b' : 'a';
    const mutated = key.slice(0, i) + c + key.slice(i + 1);
    assert.equal(hasValidChecksum(mutated), false, `position ${i}`);
    assert.deepEqual(parseKey(mutated), { ok: false, reason: 'checksum' });
  }
});

test('wrong shapes are format errors, not checksum errors', () => {
  const { key } = generateKey();
  for (const bad of ['', 'sks_', key.slice(0, -1), key + 'a', key.replace('sks_', 'sk_'), key.slice(0, 20) + '-' + key.slice(21), ` ${key}`, 'sk-local']) {
    assert.deepEqual(parseKey(bad), { ok: false, reason: 'format' }, JSON.stringify(bad));
  }
});
