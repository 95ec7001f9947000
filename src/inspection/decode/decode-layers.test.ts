import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import { expandEncoded, expandEncodedDetailed } from './decode-layers.ts';
import { withDecoding } from './scan-encoded.ts';
import { fakeDetector } from './fake-detector.test-support.ts';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function timed(t: { diagnostic(msg: string): void }, label: string, text: string, options = {}) {
  const t0 = performance.now();
  const result = expandEncodedDetailed(text, options);
  const ms = performance.now() - t0;
  t.diagnostic(`${label}: ${(text.length / 1e6).toFixed(1)} MB in ${ms.toFixed(1)} ms, ${JSON.stringify(result.stats)}`);
  return result;
}

describe('expandEncoded', () => {
  it('skips hashes, UUIDs, identifiers and images without text', () => {
    const text = [
      'commit 3f786850e387550fdab836ed7e6dc881de23001b',
      'sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'id 123e4567-e89b-12d3-a456-426614174000',
      'const getElementsByClassNameQuickly = someOtherVeryLongIdentifier;',
      'integrity sha512-Xk2PeH8b2k7w4Ww8m7Tq0Yp4m7YhGgJ6c8vK1c9y3yN7lZfq7k9aQy0bG3l5iB2s0qX1b1Z8r9K4o2h6g==',
      `img data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 120 }, (_, i) => (i * 167 + 13) % 256 | 0x80)]).toString('base64')}`,
    ].join('\n');
    assert.deepEqual(expandEncoded(text), []);
  });

  it('keeps printable runs of binary output, blanks the rest', () => {
    const bin = Buffer.concat([Buffer.from([0, 1, 2, 3, 200, 201, 7, 8]), Buffer.from('sk_live_4eC39HqLyjWDarjtT1zdp7dc'), Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 250, 251])]);
    const [view] = expandEncoded(bin.toString('base64'));
    assert.ok(view);
    assert.equal(view.text.trim(), 'sk_live_4eC39HqLyjWDarjtT1zdp7dc');
  });

  it('maps multi-byte UTF-8 back to the groups that hold it', () => {
    const text = b64('ключ: AKIAIOSFODNN7EXAMPLE 🔑 end');
    const [view] = expandEncoded(text);
    assert.ok(view);
    const i = view.text.indexOf('🔑');
    const span = view.toOriginal(i, i + 2);
    assert.ok(Buffer.from(text.slice(span.start, span.end), 'base64').length >= 4);
  });

  it('counts candidates and honours maxCandidates', () => {
    const many = Array.from({ length: 50 }, (_, i) => b64(`secret number ${i} !`)).join(' ');
    const r = expandEncodedDetailed(many, { maxCandidates: 10 });
    assert.equal(r.stats.candidates, 10);
    assert.equal(r.views.length, 10);
    assert.equal(r.stats.exhausted, true);
  });

  it('completes on pathological inputs', (t) => {
    let nested = 'AKIAIOSFODNN7EXAMPLE '.repeat(20);
    while (nested.length < 10_000_000) nested = b64(nested);
    const deep = timed(t, 'nested base64 ×n', nested);
    assert.ok(deep.stats.decodedBytes <= 4 * 1024 * 1024);
    timed(t, '\\u escapes', '\\u0041'.repeat(500_000));
    timed(t, '\\x escapes', '\\x41'.repeat(500_000));
    timed(t, 'percent', '%41'.repeat(1_000_000));
    timed(t, 'backslashes', '\\'.repeat(3_000_000));
    timed(t, 'broken escapes', '\\u004'.repeat(500_000));
    timed(t, 'short base64-ish words', 'AbCdEfGhIjKlMnOp '.repeat(200_000));
    timed(t, 'MIME lines of 76', `${'QWJj'.repeat(19)}\n`.repeat(60_000));
    timed(t, 'almost MIME', `${'QWJj'.repeat(19)}\n${'QWJj'.repeat(20)}\n`.repeat(30_000));
    timed(t, 'quotes and escapes', '"\\n"'.repeat(1_000_000));
    timed(t, 'percent without hex', '%zz'.repeat(1_000_000));
    const t0 = performance.now();
    const scanner = withDecoding(fakeDetector);
    scanner.scan(`${b64('AKIAIOSFODNN7EXAMPLE ')} `.repeat(100_000));
    t.diagnostic(`100 000 copies of one encoded key through withDecoding: ${(performance.now() - t0).toFixed(0)} ms`);
  });
});

describe('expandEncoded: the quick answer for short texts with no candidate', () => {
  // Line breaks and spaces start no candidate (and end every region), so padding a text past the quick
  // check's length changes no view or stat:
  // the padded text takes the full path, the short one the quick answer when it applies.
  const pad = '\n\n' + ' '.repeat(5000);
  // (What is left undecoded runs to the end of the text: compared up to the unpadded text's end.)
  const plain = (r: ReturnType<typeof expandEncodedDetailed>, n: number) => ({
    stats: { ...r.stats, undecoded: r.stats.undecoded.map((u) => ({ start: u.start, end: Math.min(u.end, n) })) },
    views: r.views.map((v) => ({ text: v.text, encodings: v.encodings, start: v.start, end: v.end })),
  });
  const token = 'ghp_' + 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5';
  const samples = [
    '', 'ok', 'Let me read /home/dev/project/src/module_0.py.', '{"file_path":"/home/dev/.env"}',
    `key=${b64(token)}`, `hex ${Buffer.from(token).toString('hex')}`, `url ${encodeURIComponent(`token=${token}&x=1`)}`,
    `json "{\\"token\\":\\"${token}\\"}"`, `html &#103;&#104;&#112;&#95;${token.slice(4)}`, `qp tok=\nen=3D${token}`, `qp tok=\r\nen`,
    // Markers with no 16-character run beside them (decoded, they still give a view).
    'pw &#112;&#97;&#115;&#115;&#119;&#111;&#114;&#100;', 'pw=%70%61%73%73%77%6F%72%64', 'say \\u0070\\u0061\\u0073\\u0073 \\x41\\n', 'the pass=\nword is here',
    'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'AAAAAAAAAAAAAAA', 'aaaaaaaaBBBBBBBB1', '100%', 'a\\b', 'a & b', 'x=\n',
  ];
  it('gives what the full path gives, for texts with and without each kind of candidate', () => {
    for (const text of samples) {
      for (const options of [{}, { maxDepth: 0 }, { maxDepth: 4 }, { maxCandidates: 0 }]) {
        assert.deepEqual(plain(expandEncodedDetailed(text, options), text.length), plain(expandEncodedDetailed(text + pad, options), text.length), JSON.stringify({ text, options }));
      }
    }
  });
});
