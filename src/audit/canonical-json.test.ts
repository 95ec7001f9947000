import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from './canonical-json.ts';
import { chainHash, GENESIS_HASH } from './chain.ts';
import { createHash } from 'node:crypto';

test('canonical JSON sorts keys by UTF-16 code units, drops undefined members and has no whitespace', () => {
  assert.equal(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, A: { z: 0, y: -0 } }), '{"A":{"y":0,"z":0},"a":[true,null,"x"],"b":1}');
  // "é" (U+00E9) sorts after "z"; U+1F600 (surrogates D83D DE00) sorts BEFORE U+FB01: code units, not code points.
  assert.equal(canonicalJson({ 'é': 1, z: 2, 'ﬁ': 4, '😀': 3 }), '{"z":2,"é":1,"😀":3,"ﬁ":4}');
});

test('strings and numbers use the ECMAScript JSON forms', () => {
  assert.equal(canonicalJson('a"b\\c\n\u0001\u2028'), '"a\\"b\\\\c\\n\\u0001\u2028"');
  assert.equal(canonicalJson('\ud800'), '"\\ud800"');
  assert.equal(canonicalJson(1e21), '1e+21');
  assert.equal(canonicalJson(0.1), '0.1');
  assert.throws(() => canonicalJson(Number.NaN), /finite/);
  assert.throws(() => canonicalJson(new Date()), /plain objects/);
  assert.throws(() => canonicalJson(1n), /bigint/);
});

test('the chain hash is SHA-256 over prev_hash (hex) followed by the canonical body', () => {
  const body = canonicalJson({ id: 'req_1', seq: 1 });
  const expected = createHash('sha256').update(GENESIS_HASH + body).digest('hex');
  assert.equal(chainHash(GENESIS_HASH, body), expected);
  assert.notEqual(chainHash(expected, body), expected);
});
