/**
 * Why: every rule has keywords and a rule's regex only runs when one of them occurs in the text
 * (gitleaks' prefilter). One Aho–Corasick pass over the lowercased text answers that for all keywords at
 * once, in time linear in the text whatever the keywords are. States are a dense table over ASCII
 * (the common case, one array read per character) and a map for other code units.
 *
 * `hitsIgnoringCase` does the same on the text as it is, with ASCII case folded into a second table, so
 * the caller needs no lowercased copy (see there for what counts as a match and why it is a superset of
 * "lowercased text contains the keyword").
 */

/** Non-ASCII code units that match an ASCII letter when case is ignored (see `hitsIgnoringCase`). */
const KELVIN = 0x212a; // K: toLowerCase → 'k', RE2 (?i) folds it with k
const LONG_S = 0x017f; // ſ: RE2 (?i) folds it with s (toLowerCase keeps it)
const DOTTED_I = 0x0130; // İ: toLowerCase → 'i' + U+0307
export class AhoCorasick {
  readonly patterns: readonly string[];
  /** next[state * 128 + c] for ASCII code units: the full goto function (failure links folded in). */
  readonly #asciiNext: Int32Array;
  /** Explicit trie edges for non-ASCII code units; missing edges follow `#fail`. */
  readonly #wideEdges: Array<Map<number, number> | undefined>;
  readonly #fail: Int32Array;
  /** Patterns ending at each state, including those reached through failure links. */
  readonly #outputs: Array<number[] | undefined>;
  readonly #hasWide: boolean;
  /** `found` of a text with no hit, shared (callers only read it). */
  readonly #none: Uint8Array;
  /** What `hitsIgnoringCase` returns for a text with no hit (shared: callers only read it). */
  readonly #noHits: KeywordHits;
  /**
   * `found` and `ends` of `hitsIgnoringCase`, reused by every call; `#scratchKeys` lists the entries the
   * last call set (cleared when the next call starts).
   */
  readonly #scratchFound: Uint8Array;
  readonly #scratchEnds: Array<number[] | null | undefined>;
  #scratchKeys: number[];
  /**
   * For `hitsIgnoringCase`, when every pattern is ASCII without upper-case letters: the goto function over
   * ASCII with A–Z read as a–z, entries pre-multiplied by the row width (the next state's row) and
   * bit-inverted (negative) when the next state has outputs, so the hot loop is one table read and one
   * sign test. Columns are character classes (`#classes`), not characters: the characters no pattern
   * uses share one column. With hundreds of keywords the table's rows then stay a few dozen entries
   * wide, and the rows the automaton visits most (the shallow states) stay in the CPU's first-level cache.
   */
  readonly #folded: { table: Int32Array; classes: Uint8Array; width: number } | undefined;

  constructor(patterns: readonly string[]) {
    this.patterns = patterns;
    const edges: Array<Map<number, number>> = [new Map()];
    const outs: Array<number[] | undefined> = [undefined];
    patterns.forEach((p, index) => {
      if (p.length === 0) throw new Error('aho-corasick: empty pattern');
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        const edge = edges[s] as Map<number, number>;
        let t = edge.get(c);
        if (t === undefined) {
          t = edges.length;
          edges.push(new Map());
          outs.push(undefined);
          edge.set(c, t);
        }
        s = t;
      }
      (outs[s] ??= []).push(index);
    });
    const n = edges.length;
    const fail = new Int32Array(n);
    const ascii = new Int32Array(n * 128);
    const wide: Array<Map<number, number> | undefined> = new Array<Map<number, number> | undefined>(n);
    let hasWide = false;
    // Breadth-first: a state's failure target is always finished before the state itself.
    const queue: number[] = [0];
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi] as number;
      const f = fail[s] as number;
      if (s !== 0 && outs[f] !== undefined) outs[s] = [...(outs[s] ?? []), ...(outs[f] as number[])];
      for (let c = 0; c < 128; c++) ascii[s * 128 + c] = s === 0 ? 0 : (ascii[f * 128 + c] as number);
      for (const [c, t] of edges[s] as Map<number, number>) {
        fail[t] = s === 0 ? 0 : this.#step(ascii, wide, fail, f, c);
        if (c < 128) ascii[s * 128 + c] = t;
        else {
          hasWide = true;
          (wide[s] ??= new Map()).set(c, t);
        }
        queue.push(t);
      }
    }
    this.#asciiNext = ascii;
    this.#wideEdges = wide;
    this.#fail = fail;
    this.#outputs = outs;
    this.#hasWide = hasWide;
    this.#none = new Uint8Array(patterns.length);
    this.#noHits = { found: this.#none, ends: NO_ENDS, keys: NO_KEYS };
    this.#scratchFound = new Uint8Array(patterns.length);
    this.#scratchEnds = new Array<number[] | null | undefined>(patterns.length).fill(undefined);
    this.#scratchKeys = NO_KEYS;
    this.#folded = patterns.every((p) => /^[\x00-\x40\x5b-\x7f]*$/.test(p)) ? foldedTable(ascii, outs, n, patterns) : undefined;
  }

  /** Whether `hitsIgnoringCase` can run on the text as it is (all patterns ASCII and lower-case). */
  get foldsCase(): boolean {
    return this.#folded !== undefined;
  }

  #step(ascii: Int32Array, wide: Array<Map<number, number> | undefined>, fail: Int32Array, s: number, c: number): number {
    if (c < 128) return ascii[s * 128 + c] as number;
    for (;;) {
      const t = wide[s]?.get(c);
      if (t !== undefined) return t;
      if (s === 0) return 0;
      s = fail[s] as number;
    }
  }

  /** Which patterns occur in `text` (already lowercased by the caller): found[i] === 1 for pattern i. */
  present(text: string): Uint8Array {
    return this.hits(text, 0).found;
  }

  /**
   * Occurrences in `text`: `found` as in `present`, and up to `maxPositions` end offsets per pattern
   * (`ends[i]`; missing when none, null once a pattern has more, so callers can treat it as "everywhere").
   */
  hits(text: string, maxPositions: number): KeywordHits {
    const found = new Uint8Array(this.patterns.length);
    const ends: Array<number[] | null | undefined> = new Array<number[] | null | undefined>(this.patterns.length);
    const ascii = this.#asciiNext;
    const outs = this.#outputs;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) s = ascii[(s << 7) | c] as number;
      else s = this.#hasWide ? this.#step(ascii, this.#wideEdges, this.#fail, s, c) : 0;
      const o = outs[s];
      if (o === undefined) continue;
      for (const p of o) {
        found[p] = 1;
        if (maxPositions === 0) continue;
        const list = ends[p];
        if (list === null) continue;
        if (list === undefined) ends[p] = [i + 1];
        else if (list.length >= maxPositions) ends[p] = null;
        else list.push(i + 1);
      }
    }
    return { found, ends };
  }

  /**
   * Like `hits` on `text.toLowerCase()`, but on `text` itself, with end offsets in `text`. Needs
   * `foldsCase`. The result is valid until the next call on this automaton: its `found` and `ends` arrays
   * are reused (read them, or copy what must outlive the call). A match is a superset of "the lowercased text contains the pattern":
   * - ASCII letters match either case (the only case change inside ASCII);
   * - the only non-ASCII code units whose lowercase holds ASCII are U+212A KELVIN SIGN (→ `k`) and U+0130
   *   (→ `i` + U+0307); both are read as that letter. `İ` read as `i` also matches where the lowercased
   *   text has a U+0307 after the `i` (only the last character of an ASCII match can come from it, so
   *   nothing lowercasing finds is lost);
   * - U+017F LONG S is read as `s`: lowercasing keeps it, but RE2's `(?i)` folds it with `s`, so a rule
   *   regex would match `paſsword` while a lowercase keyword gate would not run it.
   * Every other code unit (all non-ASCII lowercases to non-ASCII) restarts the automaton.
   */
  hitsIgnoringCase(text: string, maxPositions: number): KeywordHits {
    const folded = this.#folded;
    if (folded === undefined) throw new Error('aho-corasick: hitsIgnoringCase needs ASCII lower-case patterns');
    const { table, classes, width } = folded;
    // Built once and read before the loop: built in the return of a text with no hit, the object (and the
    // field read before it) had no type feedback whenever the function was optimised on texts with hits,
    // and every later text without one deoptimised the optimised code there (~320 times per 10 MB).
    const noHits = this.#noHits;
    const outs = this.#outputs;
    // `found` and `ends` are one pair of arrays reused by every call (see the note above): allocating them
    // per text (a 4.5 KB array and an off-heap typed array for ~570 keywords) cost more than the whole pass
    // on a short segment with one hit, such as a JSON key `file_path` hitting `pat`. Only the entries of the
    // previous call's keywords are cleared, so the cost stays proportional to the hits.
    const found = this.#scratchFound;
    const ends = this.#scratchEnds;
    const previous = this.#scratchKeys;
    if (previous.length > 0) {
      for (let k = 0; k < previous.length; k++) {
        const p = previous[k] as number;
        found[p] = 0;
        ends[p] = undefined;
      }
      this.#scratchKeys = NO_KEYS;
    }
    let keys: number[] | undefined;
    const n = text.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      let c = text.charCodeAt(i);
      if (c >= 128) {
        if (c === KELVIN) c = 107;
        else if (c === LONG_S) c = 115;
        else if (c === DOTTED_I) c = 105;
        else {
          s = 0;
          continue;
        }
      }
      s = table[s + (classes[c] as number)] as number;
      if (s >= 0) continue;
      s = ~s;
      if (keys === undefined) {
        keys = [];
        this.#scratchKeys = keys;
      }
      for (const p of outs[s / width] as number[]) {
        if (found[p] === 0) {
          found[p] = 1;
          keys.push(p);
        }
        if (maxPositions === 0) continue;
        const list = ends[p];
        if (list === null) continue;
        if (list === undefined) ends[p] = [i + 1];
        else if (list.length >= maxPositions) ends[p] = null;
        else list.push(i + 1);
      }
    }
    if (keys === undefined) return noHits;
    return { found, ends, keys };
  }
}

const NO_ENDS: Array<number[] | null | undefined> = Object.freeze([]) as unknown as Array<number[] | null | undefined>;
const NO_KEYS: number[] = Object.freeze([]) as unknown as number[];

/**
 * `found[i] === 1` when pattern i occurs; `ends[i]`: end offsets of its occurrences (missing or empty
 * when none were recorded, null when there were more than the caller's limit).
 */
export interface KeywordHits {
  found: Uint8Array;
  ends: Array<number[] | null | undefined>;
  /** The patterns that occur, in the order of their first occurrence (`hitsIgnoringCase` only). */
  keys?: number[];
}

/** The table of `hitsIgnoringCase` from the ASCII goto function (see `#folded`). */
function foldedTable(ascii: Int32Array, outs: Array<number[] | undefined>, states: number, patterns: readonly string[]): { table: Int32Array; classes: Uint8Array; width: number } {
  // Class 0: every character no pattern contains (from any state it goes where any other such character
  // goes); one class per character a pattern uses, upper-case letters folded onto lower-case.
  const classes = new Uint8Array(128);
  let width = 1;
  for (const p of patterns) {
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (classes[c] === 0) classes[c] = width++;
    }
  }
  for (let c = 65; c <= 90; c++) classes[c] = classes[c + 32] as number;
  const sample = new Int32Array(width).fill(-1);
  for (let c = 0; c < 128; c++) {
    const k = classes[c] as number;
    if (sample[k] === -1) sample[k] = c >= 65 && c <= 90 ? c + 32 : c;
  }
  const table = new Int32Array(states * width);
  for (let s = 0; s < states; s++) {
    for (let k = 0; k < width; k++) {
      // A class with no character (possible only for class 0 when patterns use all 128) is never read.
      const c = sample[k] as number;
      const t = c < 0 ? 0 : (ascii[s * 128 + c] as number);
      table[s * width + k] = outs[t] === undefined ? t * width : ~(t * width);
    }
  }
  return { table, classes, width };
}
