import type { Fingerprints } from './fingerprint.ts';

/**
 * Fingerprints of the commons corpus, as a sorted Float64Array of 53-bit keys (hi with the top 21 bits of
 * lo). A JS Set would cost ~50 bytes per entry on a corpus of millions of fingerprints; this costs 8.
 * Truncating to 53 bits only risks subtracting a company fingerprint by accident: with 10^7 commons
 * fingerprints that is 10^7 / 2^53 ≈ 10^-9 per fingerprint.
 */
export class CommonsSet {
  private parts: Float64Array[] = [];
  private sorted: Float64Array | undefined;

  add(fp: Fingerprints): void {
    const keys = new Float64Array(fp.count);
    for (let i = 0; i < fp.count; i++) keys[i] = key(fp.hi[i] ?? 0, fp.lo[i] ?? 0);
    this.parts.push(keys);
    this.sorted = undefined;
  }

  freeze(): this {
    if (!this.sorted) {
      const all = new Float64Array(this.parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of this.parts) {
        all.set(p, o);
        o += p.length;
      }
      this.sorted = all.sort();
      this.parts = [this.sorted];
    }
    return this;
  }

  has(hi: number, lo: number): boolean {
    const s = this.freeze().sorted ?? new Float64Array(0);
    const k = key(hi, lo);
    let a = 0;
    let b = s.length;
    while (a < b) {
      const m = (a + b) >>> 1;
      if ((s[m] ?? 0) < k) a = m + 1;
      else b = m;
    }
    return a < s.length && s[a] === k;
  }

  get size(): number {
    return this.freeze().sorted?.length ?? 0;
  }
}

function key(hi: number, lo: number): number {
  return hi * 2097152 + (lo >>> 11);
}
