/**
 * Detectors match ASCII shapes (`090-1234-5678`, `user@example.com`), but prompts written in Japanese
 * carry the same data in full-width forms (`０９０ー１２３４ー５６７８`, `ｕｓｅｒ＠ｅｘａｍｐｌｅ．ｃｏｍ`).
 * `normalizeForScan` folds text with NFKC plus a few scan-only folds, and keeps an offset map so a span
 * found in the folded text maps back to the exact UTF-16 span of the original (what redaction replaces).
 *
 * Folds, in order:
 * 1. NFKC, applied per chunk (a base code point plus the combining marks, half-width voiced marks and
 *    conjoining jamo after it), which equals whole-string NFKC for real text. `㈱` → `(株)` (1 → 3 units),
 *    `ｶﾞ` → `ガ` (2 → 1), `e\u0301` → `é` (2 → 1), ideographic space → space, full-width → ASCII.
 * 2. Dashes U+2010–U+2015, U+2043, U+2212, U+FE58 → `-` (one unit each, so the map is unchanged).
 * 3. The long-vowel mark `ー` (and half-width `ｰ`, already folded to it) between two ASCII digits → `-`:
 *    Japanese writers type it as the hyphen in phone numbers.
 *
 * Map: `starts[k]`/`ends[k]` is the original span of the chunk that produced folded unit k. All units
 * from one chunk share one span, so a match that covers part of `(株)` maps to the whole `㈱`.
 * Pure ASCII input (the common case: source code) returns itself with no map and no allocation.
 */

/** Folded text plus the way back to the original. `starts`/`ends` are null when the two are identical. */
export interface ScanText {
  readonly original: string;
  readonly text: string;
  readonly starts: Int32Array | null;
  readonly ends: Int32Array | null;
}

const DASHES = /[\u2010-\u2015\u2043\u2212\uFE58]|(?<=[0-9])\u30FC(?=[0-9])/g;
const CONTINUATION = /^[\p{M}\u1160-\u11FF\uFF9E\uFF9F]$/u;

/** Why: one pass before every detector so each only needs ASCII patterns; spans map back via `toOriginalSpan`. */
export function normalizeForScan(original: string): ScanText {
  // UTF-8 length equals UTF-16 length only for pure ASCII; Node computes it natively (SIMD), far faster
  // than a regex or a loop over 20 MB of source code.
  if (Buffer.byteLength(original, 'utf8') === original.length) return { original, text: original, starts: null, ends: null };
  // Most non-ASCII text (an accented name, kana prose, a box-drawing comment) is already in NFKC: then only
  // the dash folds apply, and they replace one UTF-16 unit by one, so offsets are unchanged and no map is
  // needed. The native check runs at ~1 GB/s; the mapping path below is ~6x slower.
  if (original.normalize('NFKC') === original) {
    const text = original.replace(DASHES, '-');
    return { original, text, starts: null, ends: null };
  }
  const builder = new MapBuilder(original.length);
  const n = original.length;
  let i = 0;
  while (i < n) {
    // Hot path (ASCII, kana, kanji): take the whole run of stable characters at once. Its last character
    // stays out when a combining mark follows, so the mark composes with it in the chunk path below.
    let run = i;
    while (run < n && isStable(original.charCodeAt(run))) run++;
    if (run < n && run > i && isContinuation(original.codePointAt(run) as number)) run--;
    if (run > i) {
      builder.sameRun(i, run);
      i = run;
      continue;
    }
    const cp = original.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    let j = i + width;
    while (j < n) {
      const next = original.codePointAt(j) as number;
      if (!isContinuation(next)) break;
      j += next > 0xffff ? 2 : 1;
    }
    builder.flushSlice(original, i);
    builder.chunk(original.slice(i, j).normalize('NFKC'), i, j);
    i = j;
  }
  builder.flushSlice(original, n);
  const folded = builder.text.replace(DASHES, '-');
  return { original, text: folded, starts: builder.starts(), ends: builder.ends() };
}

/** Why: detectors report spans in folded text; redaction needs them in the original. */
export function toOriginalSpan(scan: ScanText, start: number, end: number): { start: number; end: number } {
  if (scan.starts === null || scan.ends === null) return { start, end };
  if (end <= start) {
    const at = start < scan.starts.length ? scan.starts[start]! : scan.original.length;
    return { start: at, end: at };
  }
  return { start: scan.starts[start]!, end: scan.ends[end - 1]! };
}

/** Characters whose NFKC form is themselves: ASCII, hiragana, katakana, CJK ideographs, CJK punctuation. */
function isStable(cp: number): boolean {
  return (
    cp < 0x80 ||
    (cp >= 0x3041 && cp <= 0x3096) ||
    (cp >= 0x30a1 && cp <= 0x30fa) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3001 && cp <= 0x3003) ||
    (cp >= 0x3008 && cp <= 0x3011) ||
    (cp >= 0x00c0 && cp <= 0x00ff && cp !== 0xd7 && cp !== 0xf7) // Latin-1 letters are NFC-stable too
  );
}

function isContinuation(cp: number): boolean {
  if (cp < 0x300 || (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30a1 && cp <= 0x30fa) || (cp >= 0x4e00 && cp <= 0x9fff)) {
    return false;
  }
  return CONTINUATION.test(String.fromCodePoint(cp));
}

/** Grows the folded text and both offset arrays together. */
class MapBuilder {
  text = '';
  private s: Int32Array;
  private e: Int32Array;
  private length = 0;
  private pendingFrom = -1; // first original index of pass-through units not yet appended to `text`

  constructor(capacity: number) {
    this.s = new Int32Array(capacity + 16);
    this.e = new Int32Array(capacity + 16);
  }

  /** Original units [from, to) pass through unchanged. */
  sameRun(from: number, to: number): void {
    this.reserve(to - from);
    const s = this.s;
    const e = this.e;
    let k = this.length;
    for (let at = from; at < to; at++, k++) {
      s[k] = at;
      e[k] = at + 1;
    }
    this.length = k;
    if (this.pendingFrom < 0) this.pendingFrom = from;
  }

  /** Appends the pending pass-through units, which end at original index `to`. */
  flushSlice(original: string, to: number): void {
    if (this.pendingFrom >= 0) this.text += original.slice(this.pendingFrom, to);
    this.pendingFrom = -1;
  }

  chunk(folded: string, from: number, to: number): void {
    this.reserve(folded.length);
    for (let k = 0; k < folded.length; k++) {
      this.s[this.length] = from;
      this.e[this.length] = to;
      this.length++;
    }
    this.text += folded;
  }

  starts(): Int32Array {
    return this.s.subarray(0, this.length);
  }

  ends(): Int32Array {
    return this.e.subarray(0, this.length);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.s.length) return;
    const size = Math.max(this.s.length * 2, this.length + extra);
    const s = new Int32Array(size);
    const e = new Int32Array(size);
    s.set(this.s);
    e.set(this.e);
    this.s = s;
    this.e = e;
  }
}
