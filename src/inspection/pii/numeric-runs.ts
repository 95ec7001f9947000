/**
 * Every digit-shaped detector (cards, phones, SSN, My Number, IPv4, IBAN) starts from the same places:
 * runs of digits and the separators numbers are written with. Why one shared pass: the text is scanned
 * once by one simple regex (no backtracking beyond the run), and most runs in source code are too short
 * to be anything, so detectors only look at a few candidates.
 */
import { isDigit, isWordChar } from './char-class.ts';

const RUN = /[0-9][0-9\-. ()]*/g;

/** Flat [start, end, start, end, ...]; a run may begin with the `+` or `(` just before its first digit. */
export function findNumericRuns(text: string): number[] {
  const runs: number[] = [];
  RUN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = RUN.exec(text)) !== null) {
    let start = match.index;
    let end = start + match[0].length;
    while (end > start && !isDigitCode(text.charCodeAt(end - 1))) end--;
    const before = text.charCodeAt(start - 1);
    if (before === 43 /* + */ || before === 40 /* ( */) start--;
    if (start > 0 && text.charCodeAt(start) === 40 && text.charCodeAt(start - 1) === 43) start--; // "+(1)"
    runs.push(start, end);
  }
  return runs;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The number of `shape` (a sticky regex) starting at `p`, when `p` begins a free-standing number: a
 * digit not preceded by a digit, a word character, `.` or `-` (so it is not the tail of a longer id,
 * decimal or range). Shared by the fixed-shape detectors (US SSN, My Number).
 */
export function shapedNumberAt(text: string, p: number, shape: RegExp): RegExpExecArray | null {
  if (!isDigit(text.charCodeAt(p)) || isDigit(text.charCodeAt(p - 1))) return null;
  const before = text.charCodeAt(p - 1);
  if (isWordChar(before) || before === 46 || before === 45) return null;
  shape.lastIndex = p;
  return shape.exec(text);
}
