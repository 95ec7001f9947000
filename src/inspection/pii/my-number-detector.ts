import type { PiiHit } from './pii-hit.ts';
import { isDigit, isWordChar } from './char-class.ts';
import { shapedNumberAt } from './numeric-runs.ts';
import { hasContextWord, MY_NUMBER_WORDS } from './context-words.ts';

/**
 * Japanese Individual Number (My Number, 個人番号): 12 digits, the last a check digit defined by the
 * MIC ordinance (総務省令第85号 第5条): with Pn the n-th of the first eleven digits counted from the
 * right and Qn = n+1 for n ≤ 6, n−5 for n ≥ 7, the check digit is 11 − (ΣPn×Qn mod 11), or 0 when the
 * remainder is 0 or 1.
 *
 * Why a context word is required: one 12-digit number in eleven passes the check digit, so order ids,
 * timestamps and phone-like numbers would flood the findings. Reported (high) only when マイナンバー,
 * 個人番号, "my number", "kojin bango" or similar is within a few dozen characters; a valid number with
 * no such word is not reported — unless the number is the whole value scanned (a JSON number or a string
 * field holding only the 12 digits, `"account": 123456789012`): a field value has no words around it to
 * look for, and a bare check-digit-valid 12-digit field is rare enough in a model request to report at
 * medium confidence rather than let it pass. Forms: 123456789012, 1234-5678-9012, 1234 5678 9012.
 */

const SHAPE = /(\d{4})([- ]?)(\d{4})\2(\d{4})/y;

/** Why exported: tests and callers check a number without scanning text. `digits` must be 12 ASCII digits. */
export function myNumberCheckDigitValid(digits: string): boolean {
  if (!/^\d{12}$/.test(digits)) return false;
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = digits.charCodeAt(11 - n) - 48;
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const remainder = sum % 11;
  const check = remainder <= 1 ? 0 : 11 - remainder;
  return check === digits.charCodeAt(11) - 48;
}

/** Why: a `RunDetector` over one numeric run. */
export function scanMyNumber(text: string, start: number, end: number, out: PiiHit[]): void {
  for (let p = start; p < end; p++) {
    const m = shapedNumberAt(text, p, SHAPE);
    if (m === null) continue;
    const stop = p + m[0].length;
    const after = text.charCodeAt(stop);
    if (isWordChar(after) || ((after === 45 || after === 46) && isDigit(text.charCodeAt(stop + 1)))) continue;
    if (after === 32 && isDigit(text.charCodeAt(stop + 1)) && m[2] === ' ') continue;
    if (!myNumberCheckDigitValid(m[1]! + m[3]! + m[4]!)) continue;
    const context = hasContextWord(text, p, stop, MY_NUMBER_WORDS);
    if (!context && !isWholeValue(text, p, stop)) continue;
    out.push({ ruleId: 'jp-my-number', confidence: context ? 'high' : 'medium', start: p, end: stop, description: 'Japanese Individual Number (My Number)' });
    p = stop;
  }
}

/** The number is all the text holds, but for surrounding whitespace (a bare field value). */
function isWholeValue(text: string, start: number, end: number): boolean {
  for (let i = 0; i < start; i++) if (!isSpace(text.charCodeAt(i))) return false;
  for (let i = end; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
