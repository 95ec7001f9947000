import { mix32 } from './hash32.ts';

/**
 * The line channel: one 64-bit hash per substantial source line, normalised so that what formatters and
 * tools change does not matter — all whitespace removed (indentation, spacing, tabs, `\r`), quotes folded
 * (`'` and `` ` `` read as `"`), a trailing `;` or `,` dropped. Lines shorter than `minChars` (default 8)
 * after that (`}`, `});`, `else:`, `return`) are skipped: they are in every file and say nothing; so are
 * import and include lines (`import …`, `from … import`, `#include`, `using`, `package`). Lines of 8–11
 * characters are marked `short` and count half as evidence at lookup. Comments count: a pasted block of
 * a file's comments is the file's text too.
 *
 * Why a line channel besides the token k-grams: a 10-line snippet often has only 10–20 names and
 * literals (one or two exact k-grams) but 6–9 substantial lines, so consecutive-line runs are the
 * evidence that scales down to short verbatim copies; and it needs no language guess. Lines are
 * hashed on the text the detector sees after gutters and diff markers are stripped (preprocess-prompt.ts).
 */

export interface LineHashes {
  count: number;
  hi: Uint32Array;
  lo: Uint32Array;
  /** 1-based line number, and the UTF-16 offsets of the line's first and past-last character. */
  line: Uint32Array;
  start: Uint32Array;
  end: Uint32Array;
  /** 1 for a short line (under FULL_LINE_CHARS): it counts half as evidence. */
  short: Uint8Array;
}

export const DEFAULT_MIN_LINE_CHARS = 8;
/** Lines at least this long count fully; shorter ones (8–11 characters) half. */
export const FULL_LINE_CHARS = 12;

/** Import / include lines: every file opens with a few, and a block of them is no one's code. */
function isImport(text: string, at: number): boolean {
  switch (text.charCodeAt(at)) {
    case 105: // i
      return text.startsWith('import', at) && IMPORT_NEXT.has(text.charCodeAt(at + 6));
    case 102: // f
      return text.startsWith('from ', at);
    case 35: // #
      return text.startsWith('#include', at) || text.startsWith('#import', at);
    case 117: // u
      return text.startsWith('using ', at);
    case 112: // p
      return text.startsWith('package ', at);
    default:
      return false;
  }
}
const IMPORT_NEXT = new Set([32, 9, 123, 42, 40, 34, 39]); // space, tab, { * ( " '

const SALT_HI = 0x6c8e9cf5;
const SALT_LO = 0x1e35a7bd;

/**
 * `skip`: sorted, disjoint [start, end) offset ranges; a line whose first non-space character lies in one
 * is left out without being hashed (the lookup's line channel skips text the token channels explained).
 * The result equals hashing every line and then dropping those.
 */
export function hashLines(text: string, minChars = DEFAULT_MIN_LINE_CHARS, skip?: { count: number; start: Uint32Array; end: Uint32Array }): LineHashes {
  // Room for a line per 32 characters (grown if a text has more short lines): regrowing six arrays
  // from a small start was a visible share of the lookup.
  let cap = Math.max(64, Math.min(text.length >>> 5, 1 << 16));
  let hi = new Uint32Array(cap);
  let lo = new Uint32Array(cap);
  let lineNo = new Uint32Array(cap);
  let start = new Uint32Array(cap);
  let end = new Uint32Array(cap);
  let short = new Uint8Array(cap);
  let count = 0;
  let line = 1;
  const n = text.length;
  let span = 0;
  const spans = skip?.count ?? 0;
  for (let ls = 0; ls <= n; line++) {
    let le = text.indexOf('\n', ls);
    if (le < 0) le = n;
    if (spans > 0) {
      let at = ls;
      while (at < le) {
        const c = text.charCodeAt(at);
        if (c <= 32 || c === 0xa0 || c === 0xfeff) at++;
        else break;
      }
      while (span < spans && (skip?.end[span] ?? 0) <= at) span++;
      if (at < le && span < spans && (skip?.start[span] ?? 0) <= at) {
        ls = le + 1;
        continue;
      }
    }
    // Hash all non-space characters but the last; the last is folded in at the end unless it is `;`/`,`.
    let a = 0x811c9dc5;
    let b = SALT_LO;
    let chars = 0;
    let pending = -1;
    let first = -1;
    for (let i = ls; i < le; i++) {
      let c = text.charCodeAt(i);
      if (c <= 32 || c === 0xa0 || c === 0xfeff) continue;
      if (first < 0) first = i;
      if (c === 39 || c === 96) c = 34;
      if (pending >= 0) {
        a = Math.imul(a ^ pending, 0x01000193);
        b = Math.imul(b + pending, 0x9e3779b1) ^ (b >>> 15);
        chars++;
      }
      pending = c;
    }
    if (pending >= 0 && pending !== 59 && pending !== 44) {
      a = Math.imul(a ^ pending, 0x01000193);
      b = Math.imul(b + pending, 0x9e3779b1) ^ (b >>> 15);
      chars++;
    }
    if (chars >= minChars && !isImport(text, first)) {
      if (count === cap) {
        cap *= 2;
        hi = grow(hi, cap);
        lo = grow(lo, cap);
        lineNo = grow(lineNo, cap);
        start = grow(start, cap);
        end = grow(end, cap);
        const s2 = new Uint8Array(cap);
        s2.set(short);
        short = s2;
      }
      hi[count] = mix32(a ^ SALT_HI);
      lo[count] = mix32((b ^ chars) >>> 0);
      lineNo[count] = line;
      short[count] = chars < FULL_LINE_CHARS ? 1 : 0;
      start[count] = first;
      end[count] = le;
      count++;
    }
    ls = le + 1;
  }
  return { count, hi: hi.subarray(0, count), lo: lo.subarray(0, count), line: lineNo.subarray(0, count), start: start.subarray(0, count), end: end.subarray(0, count), short: short.subarray(0, count) };
}

function grow(a: Uint32Array, cap: number): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(cap);
  next.set(a);
  return next;
}

/** The builder's packed `[hi, lo, lines]` triples (`lines` = `line << 8`, a one-line span). */
export function packLineHashes(h: LineHashes): Uint32Array {
  const out = new Uint32Array(3 * h.count);
  for (let i = 0; i < h.count; i++) {
    out[3 * i] = h.hi[i] ?? 0;
    out[3 * i + 1] = h.lo[i] ?? 0;
    out[3 * i + 2] = Math.min(h.line[i] ?? 0, 0xffffff) << 8;
  }
  return out;
}
