import type { Detection } from './finding.ts';

/**
 * A detection made on a derived view of a text (normalised, decoded) with its spans carried back to the
 * original text by `toOriginal`. The whole match is widened to cover the value, since a view can map a
 * value's edges further out than the match's (a zero-width character, an escape).
 */
export function mapSpans(d: Detection, toOriginal: (start: number, end: number) => { start: number; end: number }): Detection {
  const value = toOriginal(d.valueStart, d.valueEnd);
  const whole = toOriginal(d.start, d.end);
  return { ...d, start: Math.min(whole.start, value.start), end: Math.max(whole.end, value.end), valueStart: value.start, valueEnd: value.end };
}
