import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import { deflateSync, gzipSync } from 'node:zlib';
import { buildDetectors } from '../build-detectors.ts';
import { defaultInspection } from '../../config/defaults.ts';
import type { Detection } from '../finding.ts';
import { expandEncodedDetailed } from './decode-layers.ts';
import { utf16Strings } from './binary.ts';
import { ANTHROPIC_KEY, AWS_KEY_ID, AWS_PAIR, GITHUB_TOKEN, PEM_KEY } from '../../../test/support/planted-credentials.ts';

const [gateway] = buildDetectors().detectors;
const scan = (text: string): Detection[] => (gateway as { scan(t: string): Detection[] }).scan(text);
const b64 = (x: string | Buffer): string => Buffer.from(x).toString('base64');

/** Finds `ruleId` in `text`; its original span must be inside `text` and decode (by `decode`) to hold the value. */
function found(text: string, ruleId: string, decode?: (span: string) => string): Detection {
  const hits = scan(text).filter((d) => d.ruleId === ruleId);
  assert.ok(hits.length > 0, `${ruleId} not found in ${text.slice(0, 80)}`);
  const d = hits[0] as Detection;
  assert.ok(d.valueStart >= 0 && d.valueEnd <= text.length && d.valueStart < d.valueEnd);
  if (decode !== undefined) assert.ok(decode(text.slice(d.valueStart, d.valueEnd)).includes(d.value), 'span does not encode the value');
  return d;
}

function png(chunks: [string, Buffer][]): Buffer {
  const parts: Buffer[] = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])];
  for (const [type, data] of chunks) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    parts.push(head, data, Buffer.alloc(4, 0xee)); // CRC is not checked
  }
  return Buffer.concat(parts);
}

const NOISE = Buffer.from(Array.from({ length: 64 }, (_, i) => ((i * 89 + 7) % 128) | 0x80));

describe('a secret alone in an encoding', () => {
  it('hex, base64url without padding, percent', () => {
    for (const value of [GITHUB_TOKEN, ANTHROPIC_KEY, AWS_KEY_ID]) {
      const rule = scan(value)[0]?.ruleId as string;
      const hex = Buffer.from(value).toString('hex');
      assert.deepEqual(found(hex, rule, (s) => Buffer.from(s, 'hex').toString()).encodings, ['hex']);
      const url = Buffer.from(`${value}?>`).toString('base64url');
      assert.ok(!url.includes('='));
      found(url, rule, (s) => Buffer.from(s, 'base64url').toString());
      const percent = [...value].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
      assert.deepEqual(found(percent, rule, decodeURIComponent).encodings, ['percent']);
    }
  });

  it('base64 nested up to the default depth, in any mix with hex', () => {
    let text = GITHUB_TOKEN;
    for (let depth = 1; depth <= defaultInspection().decodeDepth; depth++) {
      text = depth % 3 === 0 ? Buffer.from(text).toString('hex') : b64(text);
      assert.equal(found(text, 'sekisho-github-token').encodings?.length, depth);
    }
  });

  it('a PEM key as one base64 line, redaction span = the whole run', () => {
    const text = `key: ${b64(PEM_KEY)}`;
    const d = found(text, 'sekisho-private-key', (s) => Buffer.from(s, 'base64').toString());
    assert.equal(d.valueEnd, text.length);
  });
});

describe('binary decoded bytes are read like strings(1)', () => {
  it('after image magic bytes, between NULs, in a PNG tEXt chunk', () => {
    const cases = [
      Buffer.concat([png([]), Buffer.from(GITHUB_TOKEN), NOISE]),
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0]), Buffer.from(ANTHROPIC_KEY), Buffer.alloc(9)]),
      Buffer.concat([Buffer.alloc(32), Buffer.from(AWS_PAIR), Buffer.alloc(32), NOISE]),
      png([['IHDR', Buffer.alloc(13)], ['tEXt', Buffer.from(`Comment\0${GITHUB_TOKEN}`)], ['IDAT', NOISE], ['IEND', Buffer.alloc(0)]]),
    ];
    for (const bin of cases) {
      const text = `data:image/png;base64,${bin.toString('base64')}`;
      const hits = scan(text).filter((d) => d.type === 'secret');
      assert.ok(hits.length > 0, bin.subarray(0, 12).toString('hex'));
      for (const d of hits) assert.ok(Buffer.from(text.slice(d.valueStart, d.valueEnd), 'base64').toString('latin1').includes(d.value));
    }
  });

  it('compressed: gzip, zlib, PNG zTXt and compressed iTXt', () => {
    const blobs = [
      gzipSync(`export TOKEN=${GITHUB_TOKEN}\n`),
      deflateSync(`{"key":"${ANTHROPIC_KEY}"}`),
      png([['IHDR', Buffer.alloc(13)], ['zTXt', Buffer.concat([Buffer.from('Comment\0\0'), deflateSync(PEM_KEY)])], ['IEND', Buffer.alloc(0)]]),
      png([['iTXt', Buffer.concat([Buffer.from('Description\0\x01\x00en\0\0'), deflateSync(AWS_PAIR)])]]),
    ];
    const rules = ['sekisho-github-token', 'sekisho-anthropic-key', 'sekisho-private-key', 'sekisho-aws-secret-access-key'];
    blobs.forEach((blob, i) => {
      const text = `attachment ${blob.toString('base64')} end`;
      const d = found(text, rules[i] as string);
      // No char-level map through deflate: the whole compressed stream (the blob, or the PNG chunk's
      // data) is what redaction replaces.
      const span = text.slice(d.valueStart, d.valueEnd);
      if (i < 2) assert.equal(span, blob.toString('base64').replace(/=+$/, ''));
      else assert.ok(span.length > 40 && blob.toString('base64').includes(span));
    });
  });

  it('gzip inside hex, and base64 text inside gzip', () => {
    found(gzipSync(GITHUB_TOKEN).toString('hex'), 'sekisho-github-token');
    found(b64(gzipSync(`token: ${b64(ANTHROPIC_KEY)}`)), 'sekisho-anthropic-key');
  });

  it('UTF-16LE strings inside binary, mapped to their bytes', () => {
    const wide = Buffer.from(`secret=${GITHUB_TOKEN}`, 'utf16le');
    const bin = Buffer.concat([NOISE, wide, Buffer.from([0xff, 0xfe]), NOISE]);
    const strings = utf16Strings(bin, bin.length);
    assert.ok(strings !== null);
    const at = strings.text.indexOf(GITHUB_TOKEN);
    const bytes = strings.toBytes(at, at + GITHUB_TOKEN.length);
    assert.equal(bin.subarray(bytes.start, bytes.end).toString('utf16le'), GITHUB_TOKEN);
    found(bin.toString('base64'), 'sekisho-github-token', (s) => Buffer.from(s, 'base64').toString('utf16le'));
  });

  it('a decompression bomb costs at most the cap and is reported as exhausted', () => {
    const bomb = gzipSync(Buffer.concat([Buffer.alloc(50 * 1024 * 1024), Buffer.from(GITHUB_TOKEN)]));
    const result = expandEncodedDetailed(bomb.toString('base64'));
    assert.equal(result.stats.exhausted, true);
    assert.ok(result.stats.decodedBytes <= 4 * 1024 * 1024);
  });

  it('binary without text yields no view; corrupt deflate data is ignored', () => {
    const noText = Buffer.concat([png([['IDAT', NOISE]]), NOISE]);
    assert.deepEqual(expandEncodedDetailed(noText.toString('base64')).views, []);
    const corrupt = Buffer.concat([Buffer.from([0x78, 0x9c]), NOISE]);
    assert.deepEqual(expandEncodedDetailed(corrupt.toString('base64')).views, []);
  });
});
