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
  /** Evidence this hit adds to a chain: 1, or ½ / 1½ for a short / long line (the line channel). */
  weight = new Float32Array(0);
  /**
   * `Match.after` of a floating hit (the line channel, lookup-lines.ts), −1 for an ordinary one. Read
   * only while `floating` is set: `collect` leaves the lane alone, `addFloating` fills it.
   */
  after = new Int32Array(0);
  /** Whether the list holds floating hits (and `after` is filled up to `length`). */
  floating = false;

  /** Emptied, with room for `n` entries. */
  reset(n: number): this {
    this.length = 0;
    this.floating = false;
    if (this.fp.length < n) this.grow(n, false);
    return this;
  }

  /**
   * Appends a floating hit: entry `k`'s fingerprint, position, file and span at line −1 (sorted before
   * the value's own postings), with `after` and `weight` (chain-matches.ts `Match.after`).
   */
  addFloating(k: number, after: number, weight: number): void {
    const n = this.length;
    if (!this.floating) {
      if (this.after.length < this.fp.length) this.after = new Int32Array(this.fp.length);
      this.after.fill(-1, 0, n);
      this.floating = true;
    }
    if (n + 1 > this.fp.length) this.grow(n + 1, true);
    this.fp[n] = this.fp[k] ?? 0;
    this.pos[n] = this.pos[k] ?? 0;
    this.file[n] = this.file[k] ?? 0;
    this.line[n] = -1;
    this.span[n] = this.span[k] ?? 0;
    this.weight[n] = weight;
    this.after[n] = after;
    this.length = n + 1;
  }

  /** Room for `n` entries (the first `length` kept when `keep`). */
  private grow(n: number, keep: boolean): void {
    let c = 256;
    while (c < n) c *= 2;
    const lanes = <T extends Int32Array | Float32Array>(old: T, fresh: T): T => {
      if (keep) fresh.set(old.subarray(0, this.length));
      return fresh;
    };
    this.fp = lanes(this.fp, new Int32Array(c));
    this.pos = lanes(this.pos, new Int32Array(c));
    this.file = lanes(this.file, new Int32Array(c));
    this.line = lanes(this.line, new Int32Array(c));
    this.span = lanes(this.span, new Int32Array(c));
    this.weight = lanes(this.weight, new Float32Array(c));
    this.after = this.floating ? lanes(this.after, new Int32Array(c)) : new Int32Array(0);
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
    const ints = [this.fp, this.pos, this.file, this.line, this.span];
    if (this.floating) ints.push(this.after);
    for (const lane of ints) {
      const copy = lane.slice(0, n);
      for (let i = 0; i < n; i++) lane[i] = copy[order[i] ?? 0] ?? 0;
    }
    const w = this.weight.slice(0, n);
    for (let i = 0; i < n; i++) this.weight[i] = w[order[i] ?? 0] ?? 0;
  }
}
