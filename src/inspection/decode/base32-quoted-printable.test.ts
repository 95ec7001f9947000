import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withDecoding } from './scan-encoded.ts';
import { fakeDetector } from './fake-detector.test-support.ts';
import { findQuotedPrintableRegions } from './quoted-printable.ts';
import { findRuns, type RunCandidate } from './runs.ts';
import type { Span } from './types.ts';

const KEY = 'AKIA' + 'Q7Z2X4M9W3K8P1R6';
const scan = withDecoding(fakeDetector, { maxDepth: 4 });

function base32(data: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of data) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=');
}

describe('base32', () => {
  it('finds a key in upper-case base32, alone or inside base64, mapped to the characters that encode it', () => {
    const encoded = base32(Buffer.from(`aws_access_key_id = ${KEY}`));
    const text = `TOTP seed: ${encoded}`;
    const [d, ...rest] = scan.scan(text);
    assert.equal(rest.length, 0);
    assert.equal(d?.value, KEY);
    assert.deepEqual(d?.encodings, ['base32']);
    const inner = text.slice(d.valueStart, d.valueEnd);
    assert.ok(encoded.includes(inner) && inner.length >= Math.floor((KEY.length * 8) / 5), inner);
    assert.deepEqual(scan.scan(Buffer.from(encoded).toString('base64')).map((x) => x.encodings), [['base64', 'base32']]);
  });

  it('takes only upper case with digits 2-7 on one line; SCREAMING_CASE and hex are not base32', () => {
    const runs: RunCandidate[] = [];
    findRuns('MAX_RETRY_COUNT_EXCEEDED ABCDEF0123456789ABCDEF0123456789 JBSWY3DPEHPK3PXP HELLO8WORLD9AGAIN0', runs);
    assert.deepEqual(runs.map((r) => r.kind), ['hex', 'base32']);
  });
});

describe('quoted-printable', () => {
  it('joins soft line breaks cut through a key and decodes =XX', () => {
    const text = `Content-Transfer-Encoding: quoted-printable\n\naws_key=3D${KEY.slice(0, 7)}=\n${KEY.slice(7, 15)}=\r\n${KEY.slice(15)}\n`;
    const [d, ...rest] = scan.scan(text);
    assert.equal(rest.length, 0);
    assert.equal(d?.value, KEY);
    assert.deepEqual(d?.encodings, ['quoted-printable']);
    assert.equal(text.slice(d.valueStart, d.valueEnd), `${KEY.slice(0, 7)}=\n${KEY.slice(7, 15)}=\r\n${KEY.slice(15)}`);
  });

  it('leaves code alone: an assignment continued on an indented line, base64 padding at a line end', () => {
    const out: Span[] = [];
    findQuotedPrintableRegions("const value =\n  compute();\ntotal +=\n  next;\nQUJD==\nREVG\nx = a ==\nb", out);
    assert.deepEqual(out, []);
  });
});
