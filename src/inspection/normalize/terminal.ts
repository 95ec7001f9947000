/**
 * Terminal output in the scan view. A program's output reaches the model verbatim inside a tool result,
 * and terminals decorate it: SGR colours (`ESC[1;31m`), cursor and erase controls (`ESC[2K`, `ESC[?25l`),
 * character-set selection (`ESC(B`), man/less overstrike (`A\bA` bold, `_\bA` underline). `grep --color`
 * and `git diff --color-words` put such sequences INSIDE a token, which cut it for every detector.
 *
 * `terminalFold` says what one sequence starting at `i` folds to, for normalize-for-scan.ts to record as a
 * piece (so spans map back over the sequence and redaction replaces it with the value around it):
 * - CSI `ESC [` / `0x9B`, parameters, intermediates, final byte → removed, but only when every number in
 *   the parameters has at most 4 digits: colours, cursor positions and modes never need more, and a longer
 *   run of digits could be data hidden in the parameters (it then stays in the view as text).
 * - `ESC (` `ESC )` `ESC *` `ESC +` and a designator → removed. Other two-character escapes (`ESC 7`,
 *   `ESC M`) are not: their second character may be one of a token's own, so only the ESC goes (an
 *   invisible control, as before) and the character stays in the view.
 * - String terminator `ESC \` → a space (ends an OSC 8 hyperlink's URI, which stays in the view: a link
 *   can carry a token in its query, so its text is scanned like any other).
 * - `X BS X` (bold overstrike) → `X`; `_ BS X` / `X BS _` (underline) → `X`, only inside a run of
 *   overstrike (see below). Any other BS is removed alone, as an invisible control.
 * Anything else returns undefined (the caller's other folds apply: a lone ESC or BS is an invisible control).
 */

/** A code unit that starts a sequence `terminalFold` may read. */
export const TERMINAL_CHARS = /[\x08\x1b\x9b]/;

const MAX_PARAM_DIGITS = 4;
const MAX_CSI = 64;

export interface TerminalPiece {
  /** End (exclusive) of the sequence in the original, starting at the index given (or at i - 1 for overstrike). */
  start: number;
  end: number;
  folded: string;
}

export function terminalFold(s: string, i: number, minStart: number): TerminalPiece | undefined {
  const c = s.charCodeAt(i);
  if (c === 0x08) {
    if (i - 1 < minStart || i + 1 >= s.length) return undefined;
    const x = s.charCodeAt(i - 1);
    const y = s.charCodeAt(i + 1);
    if (!printable(x) || !printable(y)) return undefined;
    if (x === y) return { start: i - 1, end: i + 2, folded: s[i - 1]! };
    // Underline drops an underscore from the view: only inside a run of overstrike (as man and less
    // print it), so one `_\b` planted in a token cannot delete the token's own underscore.
    if ((x === 0x5f || y === 0x5f) && (s.charCodeAt(i + 3) === 0x08 || s.charCodeAt(i - 3) === 0x08)) {
      return { start: i - 1, end: i + 2, folded: y === 0x5f ? s[i - 1]! : s[i + 1]! };
    }
    return undefined;
  }
  let j: number;
  if (c === 0x9b) j = i + 1;
  else if (c === 0x1b) {
    const n = s.charCodeAt(i + 1);
    if (n === 0x5b) j = i + 2; // ESC [
    else if (n === 0x5c) return { start: i, end: i + 2, folded: ' ' }; // ST
    else if (n >= 0x28 && n <= 0x2b) {
      const d = s.charCodeAt(i + 2);
      return d >= 0x30 && d <= 0x7e ? { start: i, end: i + 3, folded: '' } : undefined;
    } else return undefined;
  } else return undefined;
  // CSI: parameters 0x30–0x3F, intermediates 0x20–0x2F, one final byte 0x40–0x7E.
  let k = j;
  let digits = 0;
  while (k < s.length && k - j < MAX_CSI) {
    const b = s.charCodeAt(k);
    if (b >= 0x30 && b <= 0x39) {
      if (++digits > MAX_PARAM_DIGITS) return undefined;
    } else if (b >= 0x3a && b <= 0x3f) digits = 0;
    else break;
    k++;
  }
  while (k < s.length && k - j < MAX_CSI && s.charCodeAt(k) >= 0x20 && s.charCodeAt(k) <= 0x2f) k++;
  const f = s.charCodeAt(k);
  if (!(f >= 0x40 && f <= 0x7e)) return undefined;
  return { start: i, end: k + 1, folded: '' };
}

function printable(c: number): boolean {
  return c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c <= 0x9f) && !(c >= 0xd800 && c <= 0xdfff);
}
