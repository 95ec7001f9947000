import { B64, B64STD, B64URL, CLASS, HEX_VALUE, LOWER, NONHEX, UPPER } from './char-classes.ts';

/**
 * One linear pass finds base64, base64url and hex runs together (hex digits are a subset of the
 * base64 alphabet, so a run is classified once it ends). No regex, no backtracking: each character is
 * looked at once, plus once more for a line that ends a MIME block without belonging to it.
 *
 * Decisions (cheap rejections; anything that passes is still checked by decoding — see bytes-to-text):
 * - base64 runs need ≥ 16 alphabet chars and both upper- and lower-case letters (drops snake_case,
 *   SCREAMING_CASE, paths, numbers); a run mixing `+`/`/` with `-`/`_` is neither alphabet → skipped.
 * - hex runs need an even length ≥ 32 (optionally after `0x`). Git SHAs, SHA-256 digests and UUID
 *   segments are NOT excluded by shape: hex of a 20-char key is 40 hex chars, exactly a SHA-1. They
 *   cost one ≤ 32-byte decode and are dropped as non-printable. UUIDs never qualify (dashes split them).
 * - MIME/PEM wrapping: a run of exactly 64, 72 or 76 chars followed by a line break continues on the
 *   next line (after optional indentation) while lines keep that length; a shorter line ends the block.
 */

export const MIN_BASE64_CHARS = 16;
export const MIN_HEX_CHARS = 32;
const MIME_LINE_LENGTHS = new Set([64, 72, 76]);
const MAX_INDENT = 40;

export interface RunCandidate {
  kind: 'base64' | 'base64url' | 'hex';
  /** Span of the run in the scanned text, including `=` padding and line breaks. */
  start: number;
  end: number;
  /** Alphabet chars as flat [start, end) pairs: one pair per line (hex: the digits after any `0x`). */
  segments: number[];
  /** Alphabet chars in all segments. */
  chars: number;
}

function isRunChar(c: number): boolean {
  return c < 128 && ((CLASS[c] as number) & B64) !== 0;
}

/** Appends every plausible base64/base64url/hex run of `text` to `out`, in order. */
export function findRuns(text: string, out: RunCandidate[]): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c0 = text.charCodeAt(i);
    if (c0 >= 128 || ((CLASS[c0] as number) & B64) === 0) {
      i++;
      continue;
    }
    const start = i;
    let flags = 0;
    let c = c0;
    for (;;) {
      flags |= CLASS[c] as number;
      if (++i >= n) break;
      c = text.charCodeAt(i);
      if (c >= 128 || ((CLASS[c] as number) & B64) === 0) break;
    }
    const len = i - start;
    if (len < MIN_BASE64_CHARS) continue;
    if ((flags & NONHEX) === 0) {
      if (len >= MIN_HEX_CHARS && len % 2 === 0) out.push(hexRun(start, start, i));
      continue;
    }
    if (len >= MIN_HEX_CHARS + 2 && isPrefixedHex(text, start, i)) {
      out.push(hexRun(start, start + 2, i));
      continue;
    }
    const segments = [start, i];
    let chars = len;
    if (i < n && MIME_LINE_LENGTHS.has(len)) {
      const more = continueMime(text, i, len, flags, segments);
      chars += more.chars;
      flags = more.flags;
      if (more.end > i) i = more.end;
    }
    let end = i;
    while (end < n && end - i < 2 && text.charCodeAt(end) === 61) end++; // '=' padding
    if ((flags & UPPER) === 0 || (flags & LOWER) === 0) continue;
    if ((flags & B64STD) !== 0 && (flags & B64URL) !== 0) continue;
    out.push({ kind: (flags & B64URL) !== 0 ? 'base64url' : 'base64', start, end, segments, chars });
    i = end;
  }
}

function hexRun(start: number, digitsStart: number, end: number): RunCandidate {
  return { kind: 'hex', start, end, segments: [digitsStart, end], chars: end - digitsStart };
}

function isPrefixedHex(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(start) !== 48 || (text.charCodeAt(start + 1) | 0x20) !== 120) return false; // 0x / 0X
  if ((end - start) % 2 !== 0) return false;
  for (let k = start + 2; k < end; k++) if ((HEX_VALUE[text.charCodeAt(k)] ?? -1) < 0) return false;
  return true;
}

/** Extends a MIME block from the line break at `pos`; pushes the segments of the lines it takes. */
function continueMime(
  text: string,
  pos: number,
  lineLength: number,
  flags: number,
  segments: number[],
): { chars: number; flags: number; end: number } {
  const n = text.length;
  let chars = 0;
  let end = pos;
  for (;;) {
    let j = end;
    if (text.charCodeAt(j) === 13) j++;
    if (text.charCodeAt(j) !== 10) break;
    j++;
    const indentStart = j;
    while (j < n && j - indentStart < MAX_INDENT && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
    const ls = j;
    // `--boundary` and `-----END ...` lines close a block; they are not part of it.
    if (text.charCodeAt(ls) === 45 && text.charCodeAt(ls + 1) === 45) break;
    let f = 0;
    while (j < n && j - ls <= lineLength && isRunChar(text.charCodeAt(j))) f |= CLASS[text.charCodeAt(j++)] as number;
    const len = j - ls;
    if (len === 0 || len > lineLength) break;
    const merged = flags | f;
    if ((merged & B64STD) !== 0 && (merged & B64URL) !== 0) break;
    flags = merged;
    segments.push(ls, j);
    chars += len;
    end = j;
    if (len < lineLength) break;
  }
  return { chars, flags, end };
}
