import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Detector } from '../detector.ts';
import type { Detection } from '../finding.ts';
import { expandEncoded } from './decode-layers.ts';
import { findEscapeRegions } from './escapes.ts';
import { withDecoding } from './scan-encoded.ts';
import type { Span } from './types.ts';

/**
 * JSON inside a JSON string (a tool call writing a config file): each nesting level escapes the one
 * below it, so a context rule that needs `PASSWORD = "…"` or a line start sees only `\\\"` and `\\n`.
 */

/** Test-only context detector: a quoted assignment, and a key at the start of a line. */
const contextDetector: Detector = {
  name: 'context',
  scan(text: string): Detection[] {
    const out: Detection[] = [];
    for (const re of [/PASSWORD = "([A-Za-z0-9]{12,})"/g, /(?:^|\n)secret_key = ([A-Za-z0-9/+]{20,})/g]) {
      for (const m of text.matchAll(re)) {
        const value = m[1] as string;
        const valueStart = m.index + m[0].lastIndexOf(value);
        out.push({ type: 'secret', ruleId: 'ctx', confidence: 'high', start: m.index, end: m.index + m[0].length, valueStart, valueEnd: valueStart + value.length, value });
      }
    }
    return out;
  },
};

const PASSWORD = 'Xk29fLq81ZpR0tYw3m';
const KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** `inner` as a shell command writing it as JSON-in-JSON, serialised `levels` more times. */
function nested(inner: string, levels: number): string {
  let text = `echo ${JSON.stringify(JSON.stringify({ env: inner }))} > cfg.json`;
  for (let i = 0; i < levels; i++) text = JSON.stringify({ command: text });
  return text;
}

const scan = (text: string, maxDepth = 4) => withDecoding(contextDetector, { maxDepth }).scan(text);

describe('nested JSON escapes', () => {
  it('finds a quoted password hidden under one to three levels of neutral escapes only', () => {
    for (const levels of [0, 1]) {
      const text = nested(`DB_PASSWORD = "${PASSWORD}"`, levels);
      assert.equal(contextDetector.scan(text).length, 0, 'the escaped text itself does not match');
      const found = scan(text);
      assert.equal(found.length, 1, `levels ${levels}: ${text}`);
      const d = found[0] as Detection;
      assert.equal(d.value, PASSWORD);
      assert.equal(text.slice(d.valueStart, d.valueEnd), PASSWORD, 'the span is the original characters');
      assert.ok(d.encodings!.every((e) => e === 'escape') && d.encodings!.length >= 2);
    }
  });

  it('finds a key at a line start written as \\\\n at any level, mapping spans back', () => {
    for (const levels of [0, 1, 2]) {
      const text = nested(`[default]\nsecret_key = ${KEY}\n`, levels);
      const found = scan(text, 5);
      assert.equal(found.length, 1, `levels ${levels}`);
      assert.equal(text.slice(found[0]!.valueStart, found[0]!.valueEnd), KEY);
    }
  });

  it('maps a value holding escaped characters to the escaped original', () => {
    // The value itself contains a quote: at three levels it is spelled with seven backslashes.
    const detector: Detector = {
      name: 'q',
      scan(text) {
        const i = text.indexOf('ab"cdefghijkl');
        return i < 0 ? [] : [{ type: 'secret', ruleId: 'q', confidence: 'high', start: i, end: i + 13, valueStart: i, valueEnd: i + 13, value: 'ab"cdefghijkl' }];
      },
    };
    const text = JSON.stringify(JSON.stringify(JSON.stringify({ v: 'ab"cdefghijkl' })));
    const [d] = withDecoding(detector, { maxDepth: 4 }).scan(text);
    assert.ok(d);
    assert.equal(text.slice(d.valueStart, d.valueEnd), 'ab\\\\\\\\\\\\\\"cdefghijkl');
  });

  it('stays within the decode depth limit', () => {
    const text = nested(`DB_PASSWORD = "${PASSWORD}"`, 1); // the quote is escaped three times
    assert.equal(scan(text, 2).length, 0);
    assert.equal(scan(text, 3).length, 1);
  });

  it('leaves ordinary text with single escaped quotes undecoded, but decodes nested escapes', () => {
    const regions: Span[] = [];
    findEscapeRegions('say \\"hello\\" and C:\\\\Program Files\\\\app', regions);
    assert.deepEqual(regions, []);
    assert.deepEqual(expandEncoded('log: {\\"msg\\": \\"done\\"}'), []);
    findEscapeRegions('x = "{\\\\\\"a\\\\\\": 1}"', regions);
    assert.equal(regions.length, 1);
    // Inside a decoded view, a lone escaped quote is the next level and is decoded.
    regions.length = 0;
    findEscapeRegions('PASSWORD = \\"abc\\"', regions, true);
    assert.equal(regions.length, 1);
  });
});
