/**
 * Why: every rule has keywords and a rule's regex only runs when one of them occurs in the text
 * (gitleaks' prefilter). One Aho–Corasick pass over the lowercased text answers that for all keywords at
 * once, in time linear in the text whatever the keywords are. States are a dense table over ASCII
 * (the common case, one array read per character) and a map for other code units.
 */
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
   * (`ends[i]`; null once a pattern has more, so callers can treat it as "everywhere").
   */
  hits(text: string, maxPositions: number): { found: Uint8Array; ends: Array<number[] | null> } {
    const found = new Uint8Array(this.patterns.length);
    const ends: Array<number[] | null> = this.patterns.map(() => []);
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
        const list = ends[p];
        if (list == null || maxPositions === 0) continue;
        if (list.length >= maxPositions) ends[p] = null;
        else list.push(i + 1);
      }
    }
    return { found, ends };
  }
}
