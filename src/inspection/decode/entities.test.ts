import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withDecoding } from './scan-encoded.ts';
import { fakeDetector } from './fake-detector.test-support.ts';
import { findEntityRegions } from './entities.ts';
import type { Span } from './types.ts';

const KEY = 'AKIA' + 'Q7Z2X4M9W3K8P1R6';
const ent = (s: string, hex: boolean): string => [...s].map((c) => (hex ? `&#x${c.codePointAt(0)!.toString(16)};` : `&#${c.codePointAt(0)};`)).join('');
const scan = withDecoding(fakeDetector, { maxDepth: 4 });

describe('HTML character references', () => {
  it('finds a key written as decimal or hex references, and maps it back to exactly those references', () => {
    for (const hex of [false, true]) {
      const encoded = ent(KEY, hex);
      const text = `<pre>aws_key = ${encoded}</pre>`;
      const [d, ...rest] = scan.scan(text);
      assert.equal(rest.length, 0);
      assert.equal(d?.value, KEY);
      assert.deepEqual(d?.encodings, ['entity']);
      assert.equal(text.slice(d.valueStart, d.valueEnd), encoded);
    }
  });

  it('finds one obfuscating reference inside a key, and references inside base64', () => {
    const text = `key ${KEY.slice(0, 5)}&#${KEY.charCodeAt(5)};${KEY.slice(6)}`;
    assert.deepEqual(scan.scan(text).map((d) => d.value), [KEY]);
    const b64 = Buffer.from(`x=${ent(KEY, false)}`).toString('base64');
    assert.deepEqual(scan.scan(b64).map((d) => d.encodings), [['base64', 'entity']]);
  });

  it('leaves ordinary HTML alone: an apostrophe, &amp;, &nbsp;', () => {
    const out: Span[] = [];
    findEntityRegions('It&#39;s Tom &amp; Jerry&nbsp;&lt;3', out);
    assert.deepEqual(out, []);
  });
});
