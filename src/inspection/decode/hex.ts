import { bytesToText } from './bytes-to-text.ts';
import { HEX_VALUE } from './char-classes.ts';
import type { RunCandidate } from './runs.ts';
import { isOpaqueBinary } from './sniff.ts';
import type { Budget, Layer, Span } from './types.ts';

/** Decodes a hex run; decoded byte b maps to its two digits, so spans are exact. */
export function decodeHex(text: string, run: RunCandidate, budget: Budget): Layer | null {
  const digitsStart = run.segments[0] as number;
  const granted = budget.take(run.chars >> 1);
  if (granted === 0) return null;
  const bytes = new Uint8Array(granted);
  for (let o = 0, p = digitsStart; o < granted; o++, p += 2) {
    bytes[o] = ((HEX_VALUE[text.charCodeAt(p)] as number) << 4) | (HEX_VALUE[text.charCodeAt(p + 1)] as number);
  }
  if (isOpaqueBinary(bytes, granted)) {
    budget.refund(granted);
    return null;
  }
  const decoded = bytesToText(bytes, granted);
  if (decoded === null) return null;
  const toParent = (start: number, end: number): Span => {
    const b = decoded.toBytes(start, end);
    return { start: digitsStart + 2 * b.start, end: digitsStart + 2 * b.end };
  };
  return { encoding: 'hex', text: decoded.text, toParent };
}
