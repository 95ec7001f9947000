/**
 * Index hits as parallel typed arrays (one entry per posting) instead of one object per hit: a 150 KB
 * prompt of mostly indexed code has 10,000–30,000 of them, and as objects they were a large share of the
 * lookup's garbage. Same fields as `Match` (chain-matches.ts). A list is reused across lookups (the
 * lookup is synchronous and never re-enters itself), grown to the largest prompt seen.
 */
export class MatchList {
  length = 0;
  fp = new Int32Array(0);
  pos = new Int32Array(0);
  file = new Int32Array(0);
  line = new Int32Array(0);
  span = new Int32Array(0);
  /** Evidence this hit adds to a chain: 1, or ½ for a short line (the line channel). */
  weight = new Float32Array(0);

  /** Emptied, with room for `n` entries. */
  reset(n: number): this {
    this.length = 0;
    if (this.fp.length < n) {
      let c = 256;
      while (c < n) c *= 2;
      this.fp = new Int32Array(c);
      this.pos = new Int32Array(c);
      this.file = new Int32Array(c);
      this.line = new Int32Array(c);
      this.span = new Int32Array(c);
      this.weight = new Float32Array(c);
    }
    return this;
  }

  /**
   * Sorts by (file, position, line), stably — the order chaining reads. `collect` appends in that order
   * already (probe.ts), so this is one pass that finds nothing to do; otherwise an index sort.
   */
  sort(): void {
    const n = this.length;
    const { file, pos, line } = this;
    let sorted = true;
    for (let i = 1; i < n; i++) {
      const df = (file[i] ?? 0) - (file[i - 1] ?? 0);
      if (df < 0 || (df === 0 && ((pos[i] ?? 0) < (pos[i - 1] ?? 0) || ((pos[i] ?? 0) === (pos[i - 1] ?? 0) && (line[i] ?? 0) < (line[i - 1] ?? 0))))) {
        sorted = false;
        break;
      }
    }
    if (sorted) return;
    // Array.prototype.sort is stable; ties keep their index order.
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (file[a] ?? 0) - (file[b] ?? 0) || (pos[a] ?? 0) - (pos[b] ?? 0) || (line[a] ?? 0) - (line[b] ?? 0));
    for (const lane of [this.fp, this.pos, this.file, this.line, this.span] as const) {
      const copy = lane.slice(0, n);
      for (let i = 0; i < n; i++) lane[i] = copy[order[i] ?? 0] ?? 0;
    }
    const w = this.weight.slice(0, n);
    for (let i = 0; i < n; i++) this.weight[i] = w[order[i] ?? 0] ?? 0;
  }
}
