/**
 * ASCII lookup tables shared by the candidate finders. Finders are single linear passes over
 * `charCodeAt`; a table lookup per character keeps them branch-light and regex-free, which is what
 * makes the decoding layer cheap on clean code and linear on crafted input.
 */

/** Character is in the base64 or base64url alphabet (A-Z a-z 0-9 + / - _). */
export const B64 = 1;
/** `+` or `/`: only in standard base64. */
export const B64STD = 2;
/** `-` or `_`: only in base64url. */
export const B64URL = 4;
/** Base64-alphabet character that is not a hex digit: a run without it may be hex. */
export const NONHEX = 8;
export const UPPER = 16;
export const LOWER = 32;
export const DIGIT = 64;
/** May appear unescaped in a URL or form value (percent-encoding runs extend over these). */
export const URLCHAR = 128;

function buildClasses(): Uint8Array {
  // All 65 536 UTF-16 code units, so hot loops index it without a `c < 128` branch.
  const t = new Uint8Array(65536);
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    let f = 0;
    if (ch >= 'A' && ch <= 'Z') f |= B64 | UPPER | (ch > 'F' ? NONHEX : 0);
    else if (ch >= 'a' && ch <= 'z') f |= B64 | LOWER | (ch > 'f' ? NONHEX : 0);
    else if (ch >= '0' && ch <= '9') f |= B64 | DIGIT;
    else if (ch === '+' || ch === '/') f |= B64 | B64STD | NONHEX;
    else if (ch === '-' || ch === '_') f |= B64 | B64URL | NONHEX;
    if (f & (UPPER | LOWER | DIGIT) || '-._~!$&*+,;=:@/?#[]%'.includes(ch)) f |= URLCHAR;
    t[c] = f;
  }
  return t;
}

/** Flags per UTF-16 code unit (0 for everything outside ASCII). */
export const CLASS: Uint8Array = buildClasses();

function buildBase64Values(): Int8Array {
  const t = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  t[43] = 62; // +
  t[45] = 62; // -
  t[47] = 63; // /
  t[95] = 63; // _
  return t;
}

/** 6-bit value of a base64 or base64url character, -1 otherwise (both alphabets share one table). */
export const B64_VALUE: Int8Array = buildBase64Values();

function buildHexValues(): Int8Array {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    t[65 + i] = 10 + i;
    t[97 + i] = 10 + i;
  }
  return t;
}

/** Value of a hex digit, -1 otherwise. */
export const HEX_VALUE: Int8Array = buildHexValues();

/** Value of the two hex digits at `i`, or -1. Bounds-safe. */
export function hexByteAt(text: string, i: number): number {
  const a = text.charCodeAt(i);
  const b = text.charCodeAt(i + 1);
  if (!(a < 128 && b < 128)) return -1; // NaN past the end fails too
  const hi = HEX_VALUE[a] ?? -1;
  const lo = HEX_VALUE[b] ?? -1;
  return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
}
