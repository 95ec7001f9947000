/**
 * The permutation that sorts entries by the 64-bit key (hi, lo), stable. LSD radix sort, four passes of
 * 16 bits: linear in the entry count, where a comparator sort over millions of fingerprints would take
 * seconds. Stability matters to the builder: entries of one file stay adjacent inside a key group.
 */
export function radixOrder(hi: Uint32Array, lo: Uint32Array, n: number): Uint32Array {
  let from = new Uint32Array(n);
  let to = new Uint32Array(n);
  for (let i = 0; i < n; i++) from[i] = i;
  const counts = new Uint32Array(65536);
  for (const [lane, shift] of [
    [lo, 0],
    [lo, 16],
    [hi, 0],
    [hi, 16],
  ] as const) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((lane[i] ?? 0) >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = counts[b] ?? 0;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const e = from[i] ?? 0;
      const b = ((lane[e] ?? 0) >>> shift) & 0xffff;
      to[counts[b]!++] = e;
    }
    [from, to] = [to, from];
  }
  return from;
}
