import type { PiiHit } from './pii-hit.ts';
import { isAsciiLetter, isDigit, isWordChar } from './char-class.ts';
import { hasContextWord, NINO_WORDS, PASSPORT_NUMBER_WORDS, PASSPORT_WORDS } from './context-words.ts';

/**
 * Identifiers of letters and digits that begin with a numeric run's letters: passport numbers and UK
 * National Insurance numbers. Why `RunDetector`s anyway: every such id holds a run of digits, so the
 * shared pass finds the candidates and these look at the letters just before and after the run.
 */

/** NINO prefixes: first letter not D F I Q U V, second not D F I O Q U V, and not BG GB KN NK NT TN ZZ. */
function ninoPrefixValid(a: string, b: string): boolean {
  return !/[DFIQUV]/.test(a) && !/[DFIOQUV]/.test(b) && !['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(a + b);
}

const NINO = /([A-Za-z])([A-Za-z]) ?(\d{2})( ?)(\d{2})\4(\d{2}) ?([A-Da-d])(?![A-Za-z0-9_])/y;
/**
 * UK National Insurance number (AB 12 34 56 C). Spaced in the official 2-2-2 layout it is medium on
 * its own (that layout is the number's), high with a word; compact (AB123456C) only next to a word.
 */
export function scanUkNino(text: string, start: number, end: number, out: PiiHit[]): void {
  if (end - start < 6) return;
  const p = text.charCodeAt(start - 1) === 32 ? start - 3 : start - 2;
  if (p < 0 || isWordChar(text.charCodeAt(p - 1))) return;
  NINO.lastIndex = p;
  const m = NINO.exec(text);
  if (m === null || !ninoPrefixValid(m[1]!.toUpperCase(), m[2]!.toUpperCase())) return;
  const stop = p + m[0].length;
  const context = hasContextWord(text, p, stop, NINO_WORDS);
  const spaced = m[4] === ' ';
  if (!context && !spaced) return;
  out.push({ ruleId: 'pii-uk-nino', confidence: context ? 'high' : 'medium', start: p, end: stop, description: 'UK National Insurance number' });
}

/**
 * A passport number next to the word passport (旅券, パスポート, …): one or two capital letters then
 * digits, 8 or 9 characters in all (Japan TK1234567, many 1 letter + 8 digits); or nine digits (US, UK)
 * next to a passport-number phrase (`passport no.`, `passport_number`, 旅券番号).
 */
export function scanPassport(text: string, start: number, end: number, out: PiiHit[]): void {
  const digits = end - start;
  if (digits < 6 || digits > 9) return;
  for (let i = start; i < end; i++) if (!isDigit(text.charCodeAt(i))) return;
  let p = start;
  while (p > start - 2 && p > 0 && text.charCodeAt(p - 1) >= 65 && text.charCodeAt(p - 1) <= 90) p--;
  if (isAsciiLetter(text.charCodeAt(p - 1)) || isDigit(text.charCodeAt(p - 1)) || text.charCodeAt(p - 1) === 95) return;
  const length = end - p;
  if (length < 8 || length > 9 || isWordChar(text.charCodeAt(end))) return;
  // Digits only (US, UK: nine) are any count or duration: only next to a passport *number* phrase, as
  // `passport` alone is also Passport.js, whose configuration sits beside `maxAge: 86400000`.
  if (p === start ? length !== 9 || !hasContextWord(text, p, end, PASSPORT_NUMBER_WORDS) : !hasContextWord(text, p, end, PASSPORT_WORDS)) return;
  out.push({ ruleId: 'pii-passport', confidence: 'medium', start: p, end, description: 'Passport number' });
}
