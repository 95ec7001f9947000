/**
 * Detectors match ASCII shapes (`090-1234-5678`, `user@example.com`, `ghp_…`), but text can carry the
 * same data disguised: full-width forms typed by Japanese writers (`０９０ー１２３４ー５６７８`), or a
 * secret with a zero-width space, a soft hyphen or Cyrillic `А` inside, which still reads as the secret
 * to a person and to a model. `normalizeForScan` builds the view every detector scans (secrets,
 * personal data, dictionary, and the decoders) and keeps an offset map so a span found in the view maps
 * back to the exact UTF-16 span of the original (what redaction replaces).
 *
 * Folds, in order, per chunk (a base code point plus the combining marks, half-width voiced marks and
 * conjoining jamo after it):
 * 1. Invisible characters are removed (fold-tables.ts: format controls such as zero-width characters,
 *    BOM, soft hyphen, bidi controls and lone tag characters; default-ignorables such as variation
 *    selectors, the combining grapheme joiner and Hangul fillers; control characters other than
 *    tab/LF/CR), and so are the combining marks of "fancy text" (STYLE_MARKS). Before that, hidden
 *    alphabets are read: a run of tag characters as the ASCII it shadows, a run of variation selectors
 *    as the bytes it encodes (`isTag`, `unhideSelectors`).
 * 2. NFKC, which equals whole-string NFKC for real text. `㈱` → `(株)` (1 → 3 units), `ｶﾞ` → `ガ`
 *    (2 → 1), `e\u0301` → `é` (2 → 1), ideographic space → space, full-width and mathematical → ASCII.
 * 3. Look-alikes of ASCII letters, digits and credential punctuation (Cyrillic, Greek, Armenian,
 *    Cherokee, Lisu, a few Latin and symbol forms) → that ASCII character (fold-tables.ts); decimal
 *    digits of other scripts (Devanagari `३`, Arabic-Indic `٣`, …) → their ASCII digit.
 * 4. Dashes U+2010–U+2015, U+2043, U+2212, U+FE58 → `-` (one unit each, so the map is unchanged).
 * 5. The long-vowel mark `ー` (and half-width `ｰ`, already folded to it) between two ASCII digits → `-`:
 *    Japanese writers type it as the hyphen in phone numbers.
 *
 * Map: `starts[k]`/`ends[k]` is the original span of the chunk that produced folded unit k. All units
 * from one chunk share one span, so a match that covers part of `(株)` maps to the whole `㈱`. Removed
 * characters produce no unit: a span covering units on both sides of one covers it too (redaction
 * replaces the secret with its zero-width characters), a span ending before it does not.
 * Printable ASCII input (the common case: source code) returns itself with no map and no allocation.
 */

/**
 * Folded text plus the way back to the original. `starts`/`ends` (per folded unit, see above) are null
 * when the two have the same offsets; they are built on first use from a compact map of pieces.
 */
export interface ScanText {
  readonly original: string;
  readonly text: string;
  readonly starts: Int32Array | null;
  readonly ends: Int32Array | null;
}

import { INVISIBLE_CLASS, LOOKALIKE, LOOKALIKE_CLASS } from './fold-tables.ts';
import { TERMINAL_CHARS, terminalFold } from './terminal.ts';

const DASHES = /[\u2010-\u2015\u2043\u2212\uFE58]|(?<=[0-9])\u30FC(?=[0-9])/g;
/** Any character DASHES can replace (a cheap test before running it). */
const DASH_CHARS = /[\u2010-\u2015\u2043\u2212\uFE58\u30FC]/;
/** Runs of code units other than printable ASCII, tab, LF, CR (our regex: one class, greedy, linear). */
const NON_ASCII = /[^\x09\x0a\x0d\x20-\x7e]+/g;
/**
 * Combining marks "fancy text" generators draw over every letter — overline, underline, strike and
 * slash overlays, enclosing circles, squares and keycaps (`g̶h̶p̶_̶…`, `1️⃣`): NFKC keeps them, a reader
 * and a model read the letter under them. They are removed with the invisibles (step 1).
 */
const STYLE_MARKS = '\\u0305\\u0332\\u0333\\u0334-\\u0338\\u033F\\u20D2\\u20D3\\u20DD-\\u20E4';
/** A character the NFKC check alone would miss: invisible, a styling mark, or a look-alike. */
const EXTRA_FOLD = new RegExp(`[${INVISIBLE_CLASS}${LOOKALIKE_CLASS}${STYLE_MARKS}]|(?![0-9])\\p{Nd}`, 'u');
const DIGIT = /^\p{Nd}$/u;
const INVISIBLES = new RegExp(`[${INVISIBLE_CLASS}${STYLE_MARKS}]`, 'gu');
const CONTINUATION = /^[\p{M}\u1160-\u11FF\uFF9E\uFF9F]$/u;

/**
 * Why: one pass before every detector so each only needs ASCII patterns; spans map back via `toOriginalSpan`.
 *
 * Cost: NFKC never changes ASCII, and an ASCII character cannot combine with what precedes it (it is a
 * starter with quick-check Yes), so the text splits before every ASCII character into pieces that fold
 * independently. Only the runs of non-ASCII code units (each with the ASCII character before it, which a
 * combining mark may join) are looked at: a run whose NFKC form is itself needs nothing; the others are
 * folded as described above, and the map records only those pieces (the rest is offset-preserving).
 */
export function normalizeForScan(original: string): ScanText {
  // One regex search answers the common case: a text with no code unit outside printable ASCII, tab,
  // LF and CR (source code) is its own view. It is also the first step of the fold loop below, so a text
  // that needs folding is not read twice. (It replaced a UTF-8 length check plus a control-character
  // search: 19 → 8 ms per 10 MB of source.)
  let dashes = false;
  let builder: PieceBuilder | undefined;
  NON_ASCII.lastIndex = 0;
  let m = NON_ASCII.exec(original);
  if (m === null) return { original, text: original, starts: null, ends: null };
  for (; m !== null; m = NON_ASCII.exec(original)) {
    if (TERMINAL_CHARS.test(m[0])) {
      // Escape sequences and overstrike (terminal.ts) run into the ASCII after them: fold the run here
      // and resume the search where the last sequence ended.
      builder ??= new PieceBuilder(original);
      NON_ASCII.lastIndex = foldTerminalRun(original, m.index, NON_ASCII.lastIndex, builder);
      continue;
    }
    const from = m.index > 0 ? m.index - 1 : 0;
    const to = NON_ASCII.lastIndex;
    const chunk = original.slice(from, to);
    if (!EXTRA_FOLD.test(chunk) && chunk.normalize('NFKC') === chunk) {
      if (!dashes && DASH_CHARS.test(chunk)) dashes = true;
      continue;
    }
    builder ??= new PieceBuilder(original);
    foldChunk(original, from, to, builder);
  }
  if (builder === undefined) {
    // Nothing to fold (an accented name, kana prose, a box-drawing comment): only the dash folds can apply,
    // one UTF-16 unit for one, so offsets are unchanged and no map is needed.
    return { original, text: dashes ? original.replace(DASHES, '-') : original, starts: null, ends: null };
  }
  // Folding can make dashes (half-width ｰ → ー), so the folded text is always checked.
  return new MappedScanText(original, builder.finish().replace(DASHES, '-'), builder);
}

/**
 * Folds the non-ASCII run original[start, to) that holds terminal sequences: each sequence becomes one
 * piece (terminal.ts), the characters between them fold as usual (each stretch from its own start, never
 * reaching back into a piece already recorded). Returns where the search for the next run resumes.
 */
function foldTerminalRun(original: string, start: number, to: number, builder: PieceBuilder): number {
  let seg = start;
  let i = start;
  const flush = (a: number, b: number): void => {
    if (b <= a) return;
    const from = a > 0 && a - 1 >= builder.copiedTo ? a - 1 : a;
    const chunk = original.slice(from, b);
    if (EXTRA_FOLD.test(chunk) || chunk.normalize('NFKC') !== chunk) foldChunk(original, from, b, builder);
  };
  while (i < to) {
    const t = TERMINAL_CHARS.test(original[i]!) ? terminalFold(original, i, builder.copiedTo) : undefined;
    if (t === undefined) {
      i++;
      continue;
    }
    flush(seg, t.start);
    builder.piece(t.start, t.end, t.folded);
    i = t.end;
    seg = i;
    if (i > to) to = i;
  }
  flush(seg, Math.min(i, to));
  return Math.max(i, to);
}

/** Folds original[from, to) (both ends at safe split points) into `builder`. */
function foldChunk(original: string, from: number, to: number, builder: PieceBuilder): void {
  let i = from;
  while (i < to) {
    // Hot path (ASCII, kana, kanji): take the whole run of stable characters at once. Its last character
    // stays out when a combining mark follows, so the mark composes with it in the chunk path below.
    let run = i;
    while (run < to && isStable(original.charCodeAt(run))) run++;
    if (run < to && run > i && isContinuation(original.codePointAt(run) as number)) run--;
    if (run > i) {
      i = run; // unchanged: the builder copies it with the next piece
      continue;
    }
    const cp = original.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    let j = i + width;
    while (j < to) {
      const next = original.codePointAt(j) as number;
      if (!isContinuation(next)) break;
      j += next > 0xffff ? 2 : 1;
    }
    const tagInRun = isTag(cp) && j === i + 2 && (isTag(original.codePointAt(i - 2) ?? 0) || isTag(original.codePointAt(j) ?? 0));
    builder.piece(i, j, tagInRun ? String.fromCharCode(cp - 0xe0000) : foldPiece(original.slice(i, j)));
    i = j;
  }
}

/** A text that already is its own scan view (a detector behind `withNormalization`). */
export function asScanText(text: string): ScanText {
  return { original: text, text, starts: null, ends: null };
}

/** One chunk's view: invisibles removed, NFKC, look-alikes and other scripts' digits folded (steps 1–3 above). */
export function foldPiece(chunk: string): string {
  // Bytes hidden in variation selectors first (step 1 would drop them as invisible).
  if (SELECTOR.test(chunk)) chunk = unhideSelectors(chunk);
  const nfkc = (EXTRA_FOLD.test(chunk) ? chunk.replace(INVISIBLES, '') : chunk).normalize('NFKC');
  let out = '';
  for (const c of nfkc) out += LOOKALIKE.get(c) ?? (c > '\x7f' && DIGIT.test(c) ? digitValue(c) : c);
  return out;
}

/**
 * A tag character that shadows a printable ASCII one (U+E0020–E007E). Tags are the "ASCII smuggling"
 * alphabet: invisible on screen, yet tokenizers read U+E0041 as `A`, so a key written in tags is a key
 * the model receives. In a run (a neighbour is a tag too) each reads as its ASCII character
 * (`foldChunk`); a lone tag sprinkled into a plain token is removed like any invisible, so it cannot
 * cut the token either way.
 */
function isTag(cp: number): boolean {
  return cp >= 0xe0020 && cp <= 0xe007e;
}

/** A variation selector (U+FE00–FE0F, U+E0100–E01EF). */
const SELECTOR = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;
/** Runs of variation selectors long enough to be data: real text has one after a base character. */
const SELECTOR_RUN = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]{4,}/gu;

/**
 * A run of variation selectors (U+FE00+b for bytes 0–15, U+E0100+b−16 for 16–255, the "emoji
 * smuggling" trick) encodes arbitrary bytes after any visible character; it is read as those bytes
 * (UTF-8), so every detector sees them and redaction, mapping back to the chunk (the character and its
 * selectors), replaces the hidden bytes with the value.
 */
function unhideSelectors(chunk: string): string {
  return chunk.replace(SELECTOR_RUN, (run) => {
    const bytes: number[] = [];
    for (const c of run) {
      const cp = c.codePointAt(0) as number;
      bytes.push(cp <= 0xfe0f ? cp - 0xfe00 : cp - 0xe0100 + 16);
    }
    return ' ' + Buffer.from(bytes).toString('utf8').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]/g, ' ') + ' ';
  });
}

/**
 * The ASCII digit for a decimal digit of another script (`३` → `3`): Unicode keeps each script's digits
 * 0–9 contiguous, so the value is the distance from the start of its run, modulo 10.
 */
function digitValue(c: string): string {
  const cp = c.codePointAt(0) as number;
  let k = 0;
  while (k < 64 && DIGIT.test(String.fromCodePoint(cp - k - 1))) k++;
  return String(k % 10);
}

/** Why: detectors report spans in folded text; redaction needs them in the original. */
export function toOriginalSpan(scan: ScanText, start: number, end: number): { start: number; end: number } {
  if (scan instanceof MappedScanText) return scan.span(start, end);
  if (scan.starts === null || scan.ends === null) return { start, end };
  if (end <= start) {
    const at = start < scan.starts.length ? scan.starts[start]! : scan.original.length;
    return { start: at, end: at };
  }
  return { start: scan.starts[start]!, end: scan.ends[end - 1]! };
}

/** Characters the view keeps as they are: printable ASCII, hiragana, katakana, CJK ideographs, CJK punctuation. */
function isStable(cp: number): boolean {
  return (
    (cp >= 0x20 && cp < 0x7f) ||
    cp === 0x09 ||
    cp === 0x0a ||
    cp === 0x0d ||
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

/**
 * The folded text and its map as pieces: each folded chunk records its folded start and its original
 * span; everything between chunks is unchanged (same length, offsets shifted by a constant).
 */
class PieceBuilder {
  readonly #original: string;
  readonly #parts: string[] = [];
  /** Per chunk: folded start, folded end, original start, original end. */
  readonly pieces: number[] = [];
  #copiedTo = 0; // original index up to which the text is built
  #length = 0; // folded length so far

  constructor(original: string) {
    this.#original = original;
  }

  /** original[from, to) folds to `folded` (a chunk: all its units map to the whole span). */
  piece(from: number, to: number, folded: string): void {
    // A one-unit character that folds to itself needs no record; a longer chunk does (its units map to
    // the whole chunk, so a span never splits a surrogate pair or a base from its marks).
    if (to - from === 1 && folded === this.#original[from]) return;
    this.#copy(from);
    this.pieces.push(this.#length, this.#length + folded.length, from, to);
    this.#parts.push(folded);
    this.#length += folded.length;
    this.#copiedTo = to;
  }

  finish(): string {
    this.#copy(this.#original.length);
    return this.#parts.join('');
  }

  get length(): number {
    return this.#length;
  }

  /** Original index up to which pieces are recorded (a new piece must not start before it). */
  get copiedTo(): number {
    return this.#copiedTo;
  }

  #copy(to: number): void {
    if (to <= this.#copiedTo) return;
    this.#parts.push(this.#original.slice(this.#copiedTo, to));
    this.#length += to - this.#copiedTo;
    this.#copiedTo = to;
  }
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** A `ScanText` whose offsets differ from the original's: maps through the builder's pieces. */
class MappedScanText implements ScanText {
  readonly original: string;
  readonly text: string;
  readonly #pieces: number[];
  #starts: Int32Array | undefined;
  #ends: Int32Array | undefined;

  constructor(original: string, text: string, builder: PieceBuilder) {
    this.original = original;
    this.text = text;
    this.#pieces = builder.pieces;
  }

  /** Original span [start, end) of folded unit k. */
  #unit(k: number): [number, number] {
    const p = this.#pieces;
    // Last piece whose folded start is <= k (binary search over groups of 4).
    let lo = 0;
    let hi = p.length / 4 - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((p[mid * 4] as number) <= k) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return [k, k + 1]; // before the first chunk: unchanged
    const fe = p[found * 4 + 1] as number;
    const os = p[found * 4 + 2] as number;
    const oe = p[found * 4 + 3] as number;
    if (k < fe) return [os, oe];
    const at = oe + (k - fe); // unchanged stretch after the chunk
    return [at, at + 1];
  }

  span(start: number, end: number): { start: number; end: number } {
    if (end <= start) {
      const at = start < this.text.length ? this.#unit(start)[0] : this.original.length;
      return { start: at, end: at };
    }
    let s = this.#unit(start)[0];
    let e = this.#unit(end - 1)[1];
    // Unchanged stretches map unit by unit: never cut a surrogate pair there either.
    const o = this.original;
    if (s > 0 && isLow(o.charCodeAt(s)) && isHigh(o.charCodeAt(s - 1))) s--;
    if (e < o.length && isLow(o.charCodeAt(e)) && isHigh(o.charCodeAt(e - 1))) e++;
    return { start: s, end: e };
  }

  get starts(): Int32Array {
    this.#materialize();
    return this.#starts as Int32Array;
  }

  get ends(): Int32Array {
    this.#materialize();
    return this.#ends as Int32Array;
  }

  #materialize(): void {
    if (this.#starts !== undefined) return;
    const n = this.text.length;
    this.#starts = new Int32Array(n);
    this.#ends = new Int32Array(n);
    for (let k = 0; k < n; k++) [this.#starts[k], this.#ends[k]] = this.#unit(k);
  }
}
