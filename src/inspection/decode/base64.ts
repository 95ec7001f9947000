import { bytesToTexts } from './binary.ts';
import { B64_VALUE } from './char-classes.ts';
import type { RunCandidate } from './runs.ts';
import type { Budget, Layer, Span } from './types.ts';

/**
 * Decodes a base64 or base64url run (one line or MIME-wrapped). Mapping: decoded byte b comes from
 * 4-char group ⌊b/3⌋, so a decoded range maps to the whole groups holding its first and last byte —
 * exactly the characters that encode it (a group also encodes up to two neighbouring bytes).
 */
export function decodeBase64(text: string, run: RunCandidate, budget: Budget): Layer[] {
  const wanted = Math.floor((run.chars * 3) / 4);
  const granted = budget.take(wanted);
  if (granted === 0) return [];
  const bytes = new Uint8Array(granted);
  const segs = run.segments;
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let s = 0; s < segs.length && o < granted; s += 2) {
    const end = segs[s + 1] as number;
    for (let p = segs[s] as number; p < end; p++) {
      acc = ((acc << 6) | (B64_VALUE[text.charCodeAt(p)] as number)) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        bytes[o++] = acc >> bits;
        if (o === granted) break;
      }
    }
  }
  budget.refund(granted - o);
  const lineLength = (segs[1] as number) - (segs[0] as number);
  const charAt = (k: number): number => {
    const line = Math.floor(k / lineLength);
    return (segs[2 * line] as number) + (k - line * lineLength);
  };
  const chars = run.chars;
  const encoding = run.kind === 'base64url' ? 'base64url' : 'base64';
  return bytesToTexts(bytes, o, budget).map((decoded) => ({ encoding, text: decoded.text, toParent: (start: number, end: number) => toParent(decoded.toBytes(start, end)) }));
  function toParent(b: Span): Span {
    const cs = Math.min(Math.floor(b.start / 3) * 4, chars - 1);
    if (b.end <= b.start) return { start: charAt(cs), end: charAt(cs) };
    const ce = Math.min(Math.floor((b.end - 1) / 3) * 4 + 4, chars);
    return { start: charAt(cs), end: charAt(ce - 1) + 1 };
  }
}
