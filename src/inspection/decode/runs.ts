import { B64, B64STD, B64URL, CLASS, DIGIT, HEX_VALUE, LOWER, NONHEX, UPPER } from './char-classes.ts';

/**
 * One linear pass finds base64, base64url and hex runs together (hex digits are a subset of the
 * base64 alphabet, so a run is classified once it ends). No regex, no backtracking: each character is
 * looked at a bounded number of times (skip probe, run extent, run flags; MIME lines at most twice).
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
  kind: 'base64' | 'base64url' | 'base32' | 'hex';
  /** Span of the run in the scanned text, including `=` padding and line breaks. */
  start: number;
  end: number;
  /** Alphabet chars as flat [start, end) pairs: one pair per line (hex: the digits after any `0x`). */
  segments: number[];
  /** Alphabet chars in all segments. */
  chars: number;
}

function isRunChar(c: number): boolean {
  return ((CLASS[c] ?? 0) & B64) !== 0;
}

/**
 * Appends every plausible base64/base64url/hex run of `text` to `out`, in order. Skip search: if the
 * char at i+15 is outside the alphabet, no run of ≥ 16 can start in [i, i+15], so clean prose and code
 * are mostly probed a few chars in 16; a char is visited at most twice by the extent scans.
 */
export function findRuns(text: string, out: RunCandidate[]): void {
  const n = text.length;
  const cls = CLASS; // a local, not an imported live binding, inside the hot loop
  const probe = MIN_BASE64_CHARS - 1;
  let i = 0; // every run starting before i has been handled
  while (i + MIN_BASE64_CHARS <= n) {
    const p = i + probe;
    if (((cls[text.charCodeAt(p)] as number) & B64) === 0) {
      i = p + 1;
      continue;
    }
    // The run's character flags are gathered while finding its extent, so classifying reads nothing again.
    let flags = cls[text.charCodeAt(p)] as number;
    let start = p;
    while (start > i) {
      const f = cls[text.charCodeAt(start - 1)] as number;
      if ((f & B64) === 0) break;
      flags |= f;
      start--;
    }
    if (start > i) {
      // The run holding p starts at `start`: it is long enough only if start+15 is in it; probe there.
      i = start;
      continue;
    }
    let end = p + 1; // [i, p] is all alphabet: a run of ≥ 16
    while (end < n) {
      const f = cls[text.charCodeAt(end)] as number;
      if ((f & B64) === 0) break;
      flags |= f;
      end++;
    }
    i = classify(text, start, end, flags, out);
  }
}

/** Classifies the alphabet run [start, end) whose characters' flags OR to `flags`; returns where scanning resumes. */
function classify(text: string, start: number, end: number, runFlags: number, out: RunCandidate[]): number {
  const len = end - start;
  if (len < MIN_BASE64_CHARS) return end + 1;
  let flags = runFlags;
  if ((flags & NONHEX) === 0) {
    if (len >= MIN_HEX_CHARS && len % 2 === 0) out.push(hexRun(start, start, end));
    return end + 1;
  }
  if (len >= MIN_HEX_CHARS + 2 && isPrefixedHex(text, start, end)) {
    out.push(hexRun(start, start + 2, end));
    return end + 1;
  }
  const segments = [start, end];
  let chars = len;
  let i = end;
  if (i < text.length && MIME_LINE_LENGTHS.has(len)) {
    const more = continueMime(text, i, len, flags, segments);
    chars += more.chars;
    flags = more.flags;
    if (more.end > i) i = more.end;
  }
  let stop = i;
  while (stop < text.length && stop - i < 2 && text.charCodeAt(stop) === 61) stop++; // '=' padding
  // Upper case and 2–7 only, on one line: RFC 4648 base32 (`base32` output, TOTP seeds), padded to 8.
  if ((flags & (LOWER | B64STD | B64URL)) === 0 && (flags & UPPER) !== 0 && segments.length === 2 && isBase32(text, start, end)) {
    let pad = end;
    while (pad < text.length && pad - end < 6 && text.charCodeAt(pad) === 61) pad++;
    out.push({ kind: 'base32', start, end: pad, segments: [start, end], chars: len });
    return pad;
  }
  if ((flags & UPPER) === 0 || (flags & LOWER) === 0) return i;
  if ((flags & B64STD) !== 0 && (flags & B64URL) !== 0) return i;
  if ((flags & (DIGIT | B64STD)) === 0 && looksLikeIdentifier(text, segments)) return i;
  out.push({ kind: (flags & B64URL) !== 0 ? 'base64url' : 'base64', start, end: stop, segments, chars });
  return stop;
}

/**
 * camelCase identifiers are the bulk of long letter runs in code. Base64 of text or keys almost always
 * holds a digit, `+` or `/`; when it does not, about a third or more of its chars are upper-case, unlike
 * `_ChatCompletionStream_hasAutoParseableTool`. Measured on English text and random keys, this skips
 * ~1 in 4 000 genuine encodings of 9–30 bytes (longer ones essentially never), and ~85% of identifiers.
 */
function looksLikeIdentifier(text: string, segments: number[]): boolean {
  let upper = 0;
  let total = 0;
  for (let s = 0; s < segments.length; s += 2) {
    const end = segments[s + 1] as number;
    for (let p = segments[s] as number; p < end; p++) {
      const c = text.charCodeAt(p);
      if (c >= 65 && c <= 90) upper++;
    }
    total += end - (segments[s] as number);
  }
  return upper * 10 < total * 3;
}

/** Digits of base32 are 2–7 only (0, 1, 8, 9 are not in its alphabet). */
function isBase32(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c < 65 && (c < 50 || c > 55)) return false;
  }
  return true;
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
