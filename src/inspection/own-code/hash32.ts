/**
 * 32-bit mixing helpers shared by the lexers (token symbols) and the k-gram hashes. Everything stays in
 * int32 arithmetic (`Math.imul`, `>>> 0`): BigInt would be exact but several times slower per token.
 */

/** MurmurHash3's 32-bit finaliser: a bijection on uint32 that spreads every input bit over the output. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** FNV-1a step over one UTF-16 code unit; callers finish with `mix32`. */
export function fnvStep(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193);
}

export const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a of a whole string, mixed. Used for keyword tables, so it must equal what the lexers compute. */
export function hashString(text: string, fold = false): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (fold && c >= 65 && c <= 90) c += 32;
    h = fnvStep(h, c);
  }
  return mix32(h);
}
