import { bytesToTexts } from './binary.ts';
import { HEX_VALUE } from './char-classes.ts';
import type { RunCandidate } from './runs.ts';
import type { Budget, Layer, Span } from './types.ts';

/** Decodes a hex run; decoded byte b maps to its two digits, so spans are exact. */
export function decodeHex(text: string, run: RunCandidate, budget: Budget): Layer[] {
  const digitsStart = run.segments[0] as number;
  const granted = budget.take(run.chars >> 1);
  if (granted === 0) return [];
  const bytes = new Uint8Array(granted);
  for (let o = 0, p = digitsStart; o < granted; o++, p += 2) {
    bytes[o] = ((HEX_VALUE[text.charCodeAt(p)] as number) << 4) | (HEX_VALUE[text.charCodeAt(p + 1)] as number);
  }
  const toParent = (b: Span): Span => ({ start: digitsStart + 2 * b.start, end: digitsStart + 2 * b.end });
  return bytesToTexts(bytes, granted, budget).map((decoded) => ({ encoding: 'hex', text: decoded.text, toParent: (start: number, end: number) => toParent(decoded.toBytes(start, end)) }));
}
