/**
 * Locates top-level members of a JSON object text without parsing it into values, so a passthrough
 * request can have one field (e.g. `model`) replaced while every other byte stays as the client sent it.
 * The input must already be valid JSON (callers parse it first); this scanner only tracks strings and
 * nesting depth.
 */

/** Character offsets of a member's value: `text.slice(start, end)` is the value's JSON text. */
export interface ValueSpan {
  start: number;
  end: number;
}

/** Returns the span of the value of top-level key `key`, or undefined when absent (last one wins, as JSON.parse). */
export function findTopLevelValue(text: string, key: string): ValueSpan | undefined {
  let i = skipWs(text, 0);
  if (text.charCodeAt(i) !== 0x7b /* { */) return undefined;
  i++;
  let found: ValueSpan | undefined;
  for (;;) {
    i = skipWs(text, i);
    const c = text.charCodeAt(i);
    if (c === 0x7d /* } */ || Number.isNaN(c)) return found;
    if (c === 0x2c /* , */) {
      i++;
      continue;
    }
    if (c !== 0x22) return found; // malformed: not a key
    const keyEnd = skipString(text, i);
    const rawKey = text.slice(i, keyEnd);
    i = skipWs(text, keyEnd);
    if (text.charCodeAt(i) !== 0x3a /* : */) return found;
    i = skipWs(text, i + 1);
    const valueEnd = skipValue(text, i);
    if (rawKey.length - 2 === key.length ? rawKey.slice(1, -1) === key : JSON.parse(rawKey) === key) {
      found = { start: i, end: valueEnd };
    }
    i = valueEnd;
  }
}

function skipWs(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** `i` at the opening quote; returns the index after the closing quote. */
function skipString(text: string, i: number): number {
  i++;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q === -1) return text.length;
    // Count backslashes before the quote: an odd number escapes it.
    let b = q - 1;
    while (b >= i && text.charCodeAt(b) === 0x5c) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    i = q + 1;
  }
}

function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return skipString(text, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    for (; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d === 0x22) {
        i = skipString(text, i) - 1;
      } else if (d === 0x7b || d === 0x5b) {
        depth++;
      } else if (d === 0x7d || d === 0x5d) {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return text.length;
  }
  // number, true, false, null
  while (i < text.length) {
    const d = text.charCodeAt(i);
    if (d === 0x2c || d === 0x7d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
    i++;
  }
  return i;
}
