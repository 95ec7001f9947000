import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withDecoding } from './scan-encoded.ts';
import { fakeDetector } from './fake-detector.test-support.ts';
import { findNumberListRegions } from './number-lists.ts';
import type { Span } from './types.ts';

const KEY = 'AKIA' + 'Q7Z2X4M9W3K8P1R6';
const scan = withDecoding(fakeDetector, { maxDepth: 4 });
const bytes = (s: string): number[] => [...Buffer.from(s)];

/** The one finding of `text`: its value and the original characters it maps to. */
function only(text: string): { value: string; encodings: string[]; inner: string } {
  const found = scan.scan(text);
  assert.equal(found.length, 1, `one finding in ${text.slice(0, 80)}: ${found.map((d) => d.value).join(', ')}`);
  const d = found[0]!;
  return { value: d.value, encodings: d.encodings ?? [], inner: text.slice(d.valueStart, d.valueEnd) };
}

describe('number lists', () => {
  it('reads a serialised Buffer, an xxd -i array and od listings as the bytes they list', () => {
    const line = `aws_access_key_id = ${KEY}\n`;
    const forms: Array<[string, string]> = [
      ['JSON.stringify(Buffer)', JSON.stringify(Buffer.from(line))],
      ['xxd -i', `unsigned char env[] = {\n  ${bytes(line).map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ')}\n};`],
      ['od -An -tu1', bytes(line).map((b) => String(b).padStart(4)).join('')],
      ['od -An -tx1', bytes(line).map((b) => ' ' + b.toString(16).padStart(2, '0')).join('')],
      ['String.fromCharCode', `String.fromCharCode(${[...line].map((c) => c.charCodeAt(0)).join(', ')})`],
    ];
    for (const [label, text] of forms) {
      const { value, encodings, inner } = only(text);
      assert.equal(value, KEY, label);
      assert.deepEqual(encodings, ['numbers'], label);
      // Mapped back to the items that spell the key (what redaction replaces), not the whole listing.
      assert.ok(inner.length < text.length - 10, `${label}: ${inner}`);
      assert.ok(/^(?:0x)?[0-9a-fA-F]+$/.test(inner.split(/[\s,]+/)[0]!), `${label}: starts at an item: ${inner.slice(0, 10)}`);
    }
  });

  it('reads code points when an item is over 255, inside a base64 layer too', () => {
    const text = `ユーザーのキー: ${KEY}`;
    const codes = [...text].map((c) => c.codePointAt(0)).join(',');
    assert.equal(only(`[${codes}]`).value, KEY);
    const nested = only(Buffer.from(JSON.stringify(Buffer.from(`key ${KEY}`))).toString('base64'));
    assert.deepEqual(nested.encodings, ['base64', 'numbers']);
  });

  it('leaves ordinary numbers alone: short lists, versions, decimals, numbers inside words', () => {
    const regions: Span[] = [];
    findNumberListRegions('Retry after 1, 2, 4, 8, 16 seconds; v1.2.3.4.5.6.7.8; pi 3.14 2.71 1.41 1.73 2.23 1.61 0.57 4.66; x1 y2 z3 w4 v5 u6 t7 s8 i386 arm64', regions);
    assert.deepEqual(regions, []);
    // A table of numbers is a list, but what it spells is binary noise: no view, no finding.
    assert.deepEqual(scan.scan('latencies: 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233'), []);
  });
});
