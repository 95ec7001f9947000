import { HEX_VALUE, hexByteAt } from './char-classes.ts';

/**
 * Parses one JSON/JS string escape. Strong escapes (`\uXXXX`, `\u{…}`, `\xHH`, `\/`) hide characters
 * that need no escaping, so they alone make a region worth decoding; weak ones (`\n`, `\r`, `\t`) matter
 * for multi-line secrets such as JSON-escaped PEM keys; neutral ones (`\\`, `\"`…) are just decoded.
 */

export const STRONG = 1;
export const WEAK = 2;
export const NEUTRAL = 3;

const SIMPLE: Record<string, number> = {
  n: 10,
  r: 13,
  t: 9,
  b: 8,
  f: 12,
  v: 11,
  '0': 0,
  '/': 47,
  '\\': 92,
  '"': 34,
  "'": 39,
  '`': 96,
};

export interface Escape {
  /** Characters the escape takes, backslash included. */
  length: number;
  strength: number;
  /** Code point (for `\xHH`: the byte value). */
  value: number;
}

/** The escape at `i` (which holds a backslash), or null when it is a literal backslash. */
export function parseEscape(text: string, i: number): Escape | null {
  const k = text.charAt(i + 1);
  if (k === 'u') {
    if (text.charCodeAt(i + 2) === 123) return parseBraced(text, i);
    const hi = hexByteAt(text, i + 2);
    const lo = hexByteAt(text, i + 4);
    if (hi < 0 || lo < 0) return null;
    return { length: 6, strength: STRONG, value: (hi << 8) | lo };
  }
  if (k === 'x') {
    const v = hexByteAt(text, i + 2);
    return v < 0 ? null : { length: 4, strength: STRONG, value: v };
  }
  const v = SIMPLE[k];
  if (v === undefined) return null;
  const strength = k === '/' ? STRONG : k === 'n' || k === 'r' || k === 't' ? WEAK : NEUTRAL;
  return { length: 2, strength, value: v };
}

/**
 * True when the escape at `i` is `\\` and the backslash it yields starts another escape (`\\\"`,
 * `\\\\`, `\\n`, `\\u0041`): text escaped twice or more, i.e. JSON inside a JSON string. Such text
 * is worth decoding even when every escape is neutral, since each level hides the one below it.
 */
export function isNestedEscape(text: string, i: number): boolean {
  return text.charCodeAt(i + 1) === 92 && parseEscape(text, i + 1) !== null;
}

/** `\u{1F600}`: 1–6 hex digits up to U+10FFFF. */
function parseBraced(text: string, i: number): Escape | null {
  let value = 0;
  let j = i + 3;
  while (j < i + 9) {
    const d = HEX_VALUE[text.charCodeAt(j)] ?? -1;
    if (d < 0) break;
    value = value * 16 + d;
    j++;
  }
  if (j === i + 3 || text.charCodeAt(j) !== 125 || value > 0x10ffff) return null;
  return { length: j + 1 - i, strength: STRONG, value };
}
