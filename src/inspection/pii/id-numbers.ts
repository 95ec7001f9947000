import type { PiiHit } from './pii-hit.ts';
import type { Confidence } from '../finding.ts';
import { isDigit, isWordChar } from './char-class.ts';
import { shapedNumberAt } from './numeric-runs.ts';
import { BANK_ACCOUNT_WORDS, CORPORATE_NUMBER_WORDS, hasContextWord, ITIN_WORDS, LICENCE_WORDS, SIN_WORDS } from './context-words.ts';

/**
 * National and account numbers that are only personal data when the text names them: a US ITIN, a
 * Canadian SIN, a Japanese Corporate Number, a Japanese driver's licence number, a bank account number.
 * Why context words for all of them: each is a run of digits like any order id, count or timestamp; a
 * check digit (SIN: Luhn, Corporate Number: mod 9) or the issuer's ranges (ITIN) narrow it, but only
 * the word beside it makes a finding. Each detector is a `RunDetector` over one numeric run.
 */

/** Why exported: tests check it directly. Digit 1 of a Corporate Number is 9 − (Σ Pn×Qn mod 9), Qn = 1 for odd n, 2 for even (n counted from the right of the 12-digit base). */
export function corporateNumberValid(digits: string): boolean {
  if (!/^[1-9]\d{12}$/.test(digits)) return false;
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += (digits.charCodeAt(13 - n) - 48) * (n % 2 === 1 ? 1 : 2);
  return 9 - (sum % 9) === digits.charCodeAt(0) - 48;
}

/** Why exported: tests check it directly. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The number ends here: not followed by a word character or by a separator and more digits. */
function endsAt(text: string, stop: number): boolean {
  const after = text.charCodeAt(stop);
  return !isWordChar(after) && !((after === 45 || after === 46 || after === 32) && isDigit(text.charCodeAt(stop + 1)));
}

function push(out: PiiHit[], ruleId: string, confidence: Confidence, start: number, end: number, description: string): void {
  out.push({ ruleId, confidence, start, end, description });
}

const ITIN = /(9\d{2})([- ]?)(5[0-9]|6[0-5]|7[0-9]|8[0-8]|9[0-24-9])\2(\d{4})/y;
/** US Individual Taxpayer Identification Number: 9XX-GG-XXXX with the group in the IRS's ranges, next to a word. */
export function scanUsItin(text: string, start: number, end: number, out: PiiHit[]): void {
  for (let p = start; p < end; p++) {
    const m = shapedNumberAt(text, p, ITIN);
    if (m === null) continue;
    const stop = p + m[0].length;
    if (!endsAt(text, stop) || !hasContextWord(text, p, stop, ITIN_WORDS)) continue;
    push(out, 'pii-us-itin', m[2] === '-' ? 'high' : 'medium', p, stop, 'US Individual Taxpayer Identification Number');
    p = stop;
  }
}

const SIN = /([1-79]\d{2})([- ]?)(\d{3})\2(\d{3})/y;
/** Canadian Social Insurance Number: nine digits (3-3-3), Luhn-valid, first digit not 0 or 8, next to a word. */
export function scanCanadaSin(text: string, start: number, end: number, out: PiiHit[]): void {
  for (let p = start; p < end; p++) {
    const m = shapedNumberAt(text, p, SIN);
    if (m === null) continue;
    const stop = p + m[0].length;
    if (!endsAt(text, stop) || !luhnValid(m[1]! + m[3]! + m[4]!)) continue;
    if (!hasContextWord(text, p, stop, SIN_WORDS) && !sinWord(text, p)) continue;
    push(out, 'pii-ca-sin', 'high', p, stop, 'Canadian Social Insurance Number');
    p = stop;
  }
}

/** `SIN` / `NAS` as a word just before the number (`SIN: 046 454 286`, `sin_number=…`). */
function sinWord(text: string, p: number): boolean {
  return /(?:^|[^a-z])(?:sin|nas)(?:[_ -]?(?:number|no|num|#))?[^a-z0-9]{0,4}$/i.test(text.slice(Math.max(0, p - 24), p));
}

const CORPORATE = /(\d)(-?)(\d{4})\2(\d{4})\2(\d{4})/y;
/** Japanese Corporate Number (法人番号): 13 digits, a leading check digit, next to a word. */
export function scanCorporateNumber(text: string, start: number, end: number, out: PiiHit[]): void {
  for (let p = start; p < end; p++) {
    const m = shapedNumberAt(text, p, CORPORATE);
    if (m === null) continue;
    const stop = p + m[0].length;
    if (!endsAt(text, stop) || !corporateNumberValid(m[1]! + m[3]! + m[4]! + m[5]!)) continue;
    if (!hasContextWord(text, p, stop, CORPORATE_NUMBER_WORDS)) continue;
    push(out, 'jp-corporate-number', 'high', p, stop, 'Japanese Corporate Number (法人番号)');
    p = stop;
  }
}

const LICENCE = /\d{12}/y;
/** Japanese driver's licence number: 12 digits next to 免許証 / driver's licence. */
export function scanDriversLicence(text: string, start: number, end: number, out: PiiHit[]): void {
  for (let p = start; p < end; p++) {
    const m = shapedNumberAt(text, p, LICENCE);
    if (m === null) continue;
    const stop = p + 12;
    if (!endsAt(text, stop) || !hasContextWord(text, p, stop, LICENCE_WORDS)) continue;
    push(out, 'pii-drivers-licence', 'medium', p, stop, "Driver's licence number");
    p = stop;
  }
}

const ACCOUNT = /\d{7,17}/y;
/** A bank account number: 7 to 17 digits right after 口座番号 / account number (a short window: the word labels this number). */
export function scanBankAccount(text: string, start: number, end: number, out: PiiHit[]): void {
  for (let p = start; p < end; p++) {
    const m = shapedNumberAt(text, p, ACCOUNT);
    if (m === null) continue;
    const stop = p + m[0].length;
    if (!endsAt(text, stop) || !hasContextWord(text, p, p, BANK_ACCOUNT_WORDS, 24, 0)) continue;
    push(out, 'pii-bank-account', 'medium', p, stop, 'Bank account number');
    p = stop;
  }
}
