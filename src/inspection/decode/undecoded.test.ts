import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { expandEncodedDetailed } from './decode-layers.ts';
import { withDecoding } from './scan-encoded.ts';
import { fakeDetector } from './fake-detector.test-support.ts';
import { UNDECODED_RULE_ID } from './types.ts';

/**
 * Encoded content the decoders leave unread must not pass as inspected: past the candidate or byte
 * budget, inside an inflate abandoned at its cap, or one base64/hex layer below the deepest one peeled.
 * Before this, `exhausted` was set and nobody read it, so an attacker put 20,000 harmless base64 words
 * (or a small gzip bomb) before a base64-encoded key and the key went out unseen.
 */
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const KEY = 'AKIA' + 'Q7Z2X4M9W3K8P1R6';
const filler = (n: number): string => Array.from({ length: n }, () => b64('Item number one, okay')).join(' ');
const scanner = withDecoding(fakeDetector, { maxDepth: 4 });
const ruleIds = (text: string): string[] => scanner.scan(text).map((d) => d.ruleId);

describe('undecoded content', () => {
  it('past the candidate budget: the rest of the text is reported, from the first candidate left undecoded', () => {
    const words = filler(30);
    const text = `${words} ${b64(`key=${KEY}`)}`;
    const r = expandEncodedDetailed(text, { maxCandidates: 20, maxDepth: 4 });
    assert.equal(r.stats.exhausted, true);
    assert.equal(r.stats.undecoded.length, 1);
    const span = r.stats.undecoded[0]!;
    assert.ok(span.start <= text.indexOf(b64(`key=${KEY}`)) && span.end === text.length, JSON.stringify(span));
    assert.ok(span.start > 0, 'what was decoded before the budget ran out is not reported');
  });

  it('the default budget: 20,050 base64 words, then the key', () => {
    const text = `${filler(20_050)}\n${b64(`key=${KEY}`)}`;
    assert.deepEqual(ruleIds(text), [UNDECODED_RULE_ID]);
  });

  it('past the byte budget and inside an inflate abandoned at its cap', () => {
    const blob = gzipSync(Buffer.alloc(1_000_000, 'x')).toString('base64');
    assert.ok(ruleIds(`${Array(5).fill(blob).join(' ')}\n${b64(`key=${KEY}`)}`).includes(UNDECODED_RULE_ID));
    const bomb = gzipSync(Buffer.concat([Buffer.alloc(1_200_000, 'x'), Buffer.from(`\nkey=${KEY}\n`)])).toString('base64');
    assert.ok(ruleIds(`Decode: ${bomb}`).includes(UNDECODED_RULE_ID));
  });

  it('one base64 or hex layer below the deepest: reported; exactly at the depth: found', () => {
    let t = `key=${KEY}`;
    for (let i = 0; i < 4; i++) t = b64(t);
    assert.deepEqual(ruleIds(t), ['aws-access-token']);
    assert.deepEqual(ruleIds(b64(t)), [UNDECODED_RULE_ID]);
    assert.deepEqual(ruleIds(Buffer.from(t).toString('hex')), [UNDECODED_RULE_ID]);
  });

  it('ordinary encoded content is not reported: hashes, an integrity list, a JWT, JSON in JSON', () => {
    const lock = Array.from({ length: 2_000 }, (_, i) => `"integrity": "sha512-${Buffer.alloc(64, i % 251).toString('base64')}"`).join(',\n');
    const jwt = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from('{"sub":"1234567890"}').toString('base64url')}.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c`;
    const nested = JSON.stringify(JSON.stringify(JSON.stringify({ a: { b: 'c\nd' } })));
    for (const text of [lock, jwt, nested, 'commit 3f786850e387550fdab836ed7e6dc881de23001b']) assert.deepEqual(ruleIds(text), []);
  });

  it('can be turned off (sekisho scan)', () => {
    const quiet = withDecoding(fakeDetector, { maxDepth: 4, reportUndecoded: false });
    assert.deepEqual(quiet.scan(`${filler(20_050)}\n${b64(`key=${KEY}`)}`), []);
  });
});
