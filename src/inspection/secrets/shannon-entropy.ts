/**
 * Why: gitleaks drops a finding whose secret is not random enough (`entropy` in a rule). To make the same
 * call we compute it the way Go does: symbol counts per Unicode code point, divided by the UTF-8 byte length.
 */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<number, number>();
  let bytes = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    counts.set(cp, (counts.get(cp) ?? 0) + 1);
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / bytes;
    h -= p * Math.log2(p);
  }
  return h;
}
