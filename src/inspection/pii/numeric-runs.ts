/**
 * Every digit-shaped detector (cards, phones, SSN, My Number, IPv4, IBAN) starts from the same places:
 * runs of digits and the separators numbers are written with. Why one shared pass: the text is scanned
 * once by one simple regex (no backtracking beyond the run), and most runs in source code are too short
 * to be anything, so detectors only look at a few candidates.
 */

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
