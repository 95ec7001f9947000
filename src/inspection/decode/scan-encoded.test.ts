import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import { fakeDetector } from './fake-detector.test-support.ts';
import type { Detector } from '../detector.ts';
import { findPercentRegions } from './percent.ts';
import { joinForScan, withDecoding } from './scan-encoded.ts';
import type { Span } from './types.ts';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const STRIPE = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const scan = withDecoding(fakeDetector);
const b64 = (s: string): string => Buffer.from(s).toString('base64');

function findPercentRegionsOf(text: string): Span[] {
  const out: Span[] = [];
  findPercentRegions(text, out);
  return out;
}

function only(text: string, scanner = scan) {
  const found = scanner.scan(text);
  assert.equal(found.length, 1, JSON.stringify(found));
  return found[0]!;
}

describe('withDecoding', () => {
  it('keeps plain findings as they are', () => {
    const d = only(`key=${KEY}`);
    assert.equal(d.encodings, undefined);
    assert.equal(d.valueStart, 4);
  });

  it('finds a secret in base64 and maps it to the exact 4-char groups', () => {
    // "ab " puts the key on a group boundary: its 20 bytes are groups 1..7 (the last shared with "\n").
    const encoded = b64(`ab ${KEY}\n`);
    const text = `token: ${encoded} end`;
    const d = only(text);
    assert.deepEqual(d.encodings, ['base64']);
    assert.equal(d.value, KEY);
    assert.equal(d.valueStart, 7 + 4);
    assert.equal(d.valueEnd, 7 + 4 + 28);
    assert.equal(Buffer.from(text.slice(d.valueStart, d.valueEnd), 'base64').toString(), `${KEY}\n`);
  });

  it('finds a secret in base64url', () => {
    const encoded = Buffer.from(`>>>?${STRIPE}??>`).toString('base64url');
    assert.match(encoded, /[-_]/);
    const d = only(`u=${encoded}`);
    assert.deepEqual(d.encodings, ['base64url']);
    assert.equal(d.value, STRIPE);
  });

  it('finds a secret in MIME-wrapped base64 across a line break', () => {
    const body = `${'lorem ipsum '.repeat(4)} ${KEY} and more text after it to wrap`; // key bytes 49..69
    const wrapped = b64(body).match(/.{1,76}/g)!.join('\r\n');
    const text = `Content-Transfer-Encoding: base64\r\n\r\n${wrapped}\r\n`;
    const d = only(text);
    assert.deepEqual(d.encodings, ['base64']);
    assert.ok(text.slice(d.valueStart, d.valueEnd).includes('\r\n'), 'span crosses the wrap');
    const decoded = Buffer.from(text.slice(d.valueStart, d.valueEnd).replace(/\s/g, ''), 'base64').toString('latin1');
    assert.ok(decoded.includes(KEY));
  });

  it('finds a PEM-style 64-column block indented in YAML', () => {
    const wrapped = b64(`${'x'.repeat(50)} ${STRIPE} ${'y'.repeat(60)}`).match(/.{1,64}/g)!.join('\n    ');
    const d = only(`cert: |\n    ${wrapped}\n`);
    assert.equal(d.value, STRIPE);
  });

  it('finds a secret in hex with exact two-digit spans', () => {
    const hex = Buffer.from(`id=${KEY};`).toString('hex');
    const text = `blob ${hex}`;
    const d = only(text);
    assert.deepEqual(d.encodings, ['hex']);
    assert.equal(text.slice(d.valueStart, d.valueEnd), Buffer.from(KEY).toString('hex'));
  });

  it('finds a secret in \\x escapes', () => {
    const escaped = [...Buffer.from(KEY)].map((b) => `\\x${b.toString(16)}`).join('');
    const text = `s = b"${escaped}"`;
    const d = only(text);
    assert.deepEqual(d.encodings, ['escape']);
    assert.equal(text.slice(d.valueStart, d.valueEnd), escaped);
  });

  it('finds a secret in percent-encoding, fully or one char obfuscated', () => {
    const full = [...KEY].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('');
    const text = `GET /cb?k=${full}&x=1`;
    const d = only(text);
    assert.deepEqual(d.encodings, ['percent']);
    assert.equal(text.slice(d.valueStart, d.valueEnd), full);
    const one = `https://x.test/?k=AKIA%49OSFODNN7EXAMPLE`;
    const d2 = only(one);
    assert.equal(one.slice(d2.valueStart, d2.valueEnd), 'AKIA%49OSFODNN7EXAMPLE');
  });

  it('gives a token right after one escape its word boundary, and maps it to the original chars', () => {
    // Real rules anchor on \b; in the raw text the `3D` of `%3D` glues onto the token.
    const bounded: Detector = {
      name: 'bounded',
      scan: (text) =>
        [...text.matchAll(/\bsk_live_[0-9a-zA-Z]{24}\b/g)].map((m) => ({
          type: 'secret' as const, ruleId: 'stripe-live-key', confidence: 'high' as const,
          start: m.index, end: m.index + m[0].length, valueStart: m.index, valueEnd: m.index + m[0].length, value: m[0],
        })),
    };
    const text = `see https://example.com/cb?state=STRIPE_KEY%3D${STRIPE}&next=1`;
    assert.equal(bounded.scan(text).length, 0, 'raw text has no boundary before the key');
    const d = only(text, withDecoding(bounded));
    assert.deepEqual(d.encodings, ['percent']);
    assert.equal(text.slice(d.valueStart, d.valueEnd), STRIPE);
    // A lone escape followed by a non-word char is not worth a view (`100%25 done`).
    assert.deepEqual(findPercentRegionsOf('100%25 done, 50%2C'), []);
    assert.deepEqual(findPercentRegionsOf('a=b%3Dc'), [{ start: 0, end: 7 }]);
  });

  it('finds a secret in \\u escapes, partly escaped', () => {
    const text = `{"key": "AKIA\\u0049\\u004FSFODNN7EXAMPLE"}`;
    const d = only(text);
    assert.deepEqual(d.encodings, ['escape']);
    assert.equal(text.slice(d.valueStart, d.valueEnd), 'AKIA\\u0049\\u004FSFODNN7EXAMPLE');
  });

  it('finds base64 of base64 at depth 2 but not base64³ with the default depth', () => {
    const two = b64(b64(`k ${KEY}`));
    const d = only(`x ${two}`);
    assert.deepEqual(d.encodings, ['base64', 'base64']);
    const three = b64(two);
    // Three layers exceed the default maxDepth of 2: the key is not found, and the unread layer is reported...
    assert.deepEqual(scan.scan(`x ${three}`).map((f) => f.ruleId), ['sekisho-undecoded']);
    // ...unless the caller asks for more depth.
    const deep = withDecoding(fakeDetector, { maxDepth: 3 });
    assert.deepEqual(only(`x ${three}`, deep).encodings, ['base64', 'base64', 'base64']);
  });

  it('finds percent-encoded text inside base64', () => {
    const inner = [...`k=${KEY}`].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
    assert.deepEqual(only(b64(inner)).encodings, ['base64', 'percent']);
  });

  it('finds JSON inside a Kubernetes Secret data value', () => {
    const config = JSON.stringify({ auths: { 'registry.test': { username: 'ci', password: STRIPE } } });
    const manifest = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: pull\ndata:\n  .dockerconfigjson: ${b64(config)}\n`;
    const d = only(manifest);
    assert.equal(d.value, STRIPE);
    assert.deepEqual(d.encodings, ['base64']);
    assert.ok(d.valueStart > manifest.indexOf('.dockerconfigjson: '));
  });

  it('de-duplicates a secret found directly and inside a decoding, keeps two places', () => {
    const text = `"${KEY}\\n\\u0020${KEY}\\n padding to be long enough to decode"`;
    const found = scan.scan(text);
    assert.equal(found.length, 2);
    assert.ok(found.every((d) => d.encodings === undefined));
    const twice = `${b64(`a ${KEY}`)} and ${b64(`b ${KEY}`)}`;
    assert.equal(scan.scan(twice).length, 2);
  });

  it('completes on a 5 MB random base64 blob and decodes at most the budget', () => {
    const budget = 1024 * 1024;
    let decoded = -1;
    const capped = withDecoding(fakeDetector, { maxDecodedBytes: budget, onStats: (s) => (decoded = s.decodedBytes) });
    const random = Buffer.alloc(3_750_000);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
    const blob = random.toString('base64');
    assert.ok(blob.length >= 5_000_000);
    capped.scan(`data ${blob}`);
    assert.ok(decoded > 0 && decoded <= budget, String(decoded));
  });

  it('reports an exhausted budget', () => {
    let exhausted = false;
    const capped = withDecoding(fakeDetector, { maxDecodedBytes: 10, onStats: (s) => (exhausted = s.exhausted) });
    // What the budget left unread is reported as such (the inspector lists it as uninspected), never as clean.
    assert.deepEqual(capped.scan(b64(`xx ${KEY}`)).map((d) => d.ruleId), ['sekisho-undecoded']);
    assert.equal(exhausted, true);
  });
});

describe('joinForScan', () => {
  it('finds a secret split across two parts and reports both ends', () => {
    const parts = ['please use AKIAIOSFOD', 'NN7EXAMPLE for the upload'];
    const joined = joinForScan(parts);
    const d = only(joined.text);
    const span = joined.locateSpan(d.valueStart, d.valueEnd);
    assert.deepEqual(span.start, { part: 0, offset: 11 });
    assert.deepEqual(span.end, { part: 1, offset: 10 });
    assert.equal(span.crossesParts, true);
  });

  it('finds a base64 secret split across parts', () => {
    const encoded = b64(`id ${KEY}`);
    const joined = joinForScan([`a: ${encoded.slice(0, 13)}`, encoded.slice(13)]);
    const d = only(joined.text);
    assert.equal(joined.locateSpan(d.valueStart, d.valueEnd).crossesParts, true);
  });

  it('maps boundaries: starts forward, exclusive ends backward, empty parts skipped', () => {
    const joined = joinForScan(['abc', '', 'de', 'f']);
    assert.deepEqual(joined.locate(3), { part: 2, offset: 0 });
    assert.deepEqual(joined.locate(3, 'end'), { part: 0, offset: 3 });
    assert.deepEqual(joined.locate(5, 'end'), { part: 2, offset: 2 });
    assert.deepEqual(joined.locate(6), { part: 3, offset: 1 });
    assert.deepEqual(joined.locateSpan(1, 3), { start: { part: 0, offset: 1 }, end: { part: 0, offset: 3 }, crossesParts: false });
    assert.deepEqual(joinForScan([]).locate(0), { part: 0, offset: 0 });
  });
});
