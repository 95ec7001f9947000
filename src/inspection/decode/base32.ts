import { bytesToTexts } from './binary.ts';
import type { RunCandidate } from './runs.ts';
import type { Budget, Layer, Span } from './types.ts';

/**
 * Decodes an RFC 4648 base32 run (upper-case `A–Z2–7`, as `base32`, TOTP seeds and some vendors write
 * it; runs.ts picks such runs out). Decoded byte b holds bits [8b, 8b+8), which sit in characters
 * ⌊8b/5⌋ … ⌊(8b+7)/5⌋, so a decoded range maps to exactly the characters that encode it.
 */
export function decodeBase32(text: string, run: RunCandidate, budget: Budget): Layer[] {
  const from = run.segments[0] as number;
  const granted = budget.take(Math.floor((run.chars * 5) / 8));
  if (granted === 0) return [];
  const bytes = new Uint8Array(granted);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let p = from; p < from + run.chars && o < granted; p++) {
    const c = text.charCodeAt(p);
    acc = ((acc << 5) | (c >= 65 ? c - 65 : c - 24)) & 0xffff; // 'A'–'Z' → 0–25, '2'–'7' → 26–31
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes[o++] = (acc >> bits) & 0xff;
    }
  }
  budget.refund(granted - o);
  const toParent = (b: Span): Span => {
    if (b.end <= b.start) return { start: from + Math.floor((8 * b.start) / 5), end: from + Math.floor((8 * b.start) / 5) };
    return { start: from + Math.floor((8 * b.start) / 5), end: Math.min(from + run.chars, from + Math.floor((8 * b.end - 1) / 5) + 1) };
  };
  return bytesToTexts(bytes, o, budget).map((decoded) => ({ encoding: 'base32', text: decoded.text, toParent: (start: number, end: number) => toParent(decoded.toBytes(start, end)) }));
}
