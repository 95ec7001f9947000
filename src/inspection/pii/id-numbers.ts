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

/**
 * Why one run detector for all five: each starts only where a free-standing number starts, so one pass
 * over the run finds those places (a 1 MB run of `0-0-0-…` has one), and each shape is tried there.
 * Returns after the first id found at a place; the scan resumes after it.
 */
export function scanIdNumbers(text: string, start: number, end: number, out: PiiHit[]): void {
  for (let p = start; p < end; p++) {
    if (!numberStartsAt(text, p)) continue;
    const stop = tryItin(text, p, out) ?? trySin(text, p, out) ?? tryCorporate(text, p, out) ?? tryLicence(text, p, out) ?? tryAccount(text, p, out);
    if (stop !== undefined) p = stop;
  }
}

/** A digit not preceded by a digit, a word character, `.` or `-` (see numeric-runs.ts shapedNumberAt). */
function numberStartsAt(text: string, p: number): boolean {
  const before = text.charCodeAt(p - 1);
  return isDigit(text.charCodeAt(p)) && !isWordChar(before) && before !== 46 && before !== 45;
}

const ITIN = /(9\d{2})([- ]?)(5[0-9]|6[0-5]|7[0-9]|8[0-8]|9[0-24-9])\2(\d{4})/y;
/** US Individual Taxpayer Identification Number: 9XX-GG-XXXX with the group in the IRS's ranges, next to a word. */
function tryItin(text: string, p: number, out: PiiHit[]): number | undefined {
  const m = shapedNumberAt(text, p, ITIN);
  if (m === null) return undefined;
  const stop = p + m[0].length;
  if (!endsAt(text, stop) || !hasContextWord(text, p, stop, ITIN_WORDS)) return undefined;
  push(out, 'pii-us-itin', m[2] === '-' ? 'high' : 'medium', p, stop, 'US Individual Taxpayer Identification Number');
  return stop;
}

const SIN = /([1-79]\d{2})([- ]?)(\d{3})\2(\d{3})/y;
/** Canadian Social Insurance Number: nine digits (3-3-3), Luhn-valid, first digit not 0 or 8, next to a word. */
function trySin(text: string, p: number, out: PiiHit[]): number | undefined {
  const m = shapedNumberAt(text, p, SIN);
  if (m === null) return undefined;
  const stop = p + m[0].length;
  if (!endsAt(text, stop) || !luhnValid(m[1]! + m[3]! + m[4]!)) return undefined;
  if (!hasContextWord(text, p, stop, SIN_WORDS) && !sinWord(text, p)) return undefined;
  push(out, 'pii-ca-sin', 'high', p, stop, 'Canadian Social Insurance Number');
  return stop;
}

/** `SIN` / `NAS` as a word just before the number (`SIN: 046 454 286`, `sin_number=…`). */
function sinWord(text: string, p: number): boolean {
  return /(?:^|[^a-z])(?:sin|nas)(?:[_ -]?(?:number|no|num|#))?[^a-z0-9]{0,4}$/i.test(text.slice(Math.max(0, p - 24), p));
}

const CORPORATE = /(\d)(-?)(\d{4})\2(\d{4})\2(\d{4})/y;
/** Japanese Corporate Number (法人番号): 13 digits, a leading check digit, next to a word. */
function tryCorporate(text: string, p: number, out: PiiHit[]): number | undefined {
  const m = shapedNumberAt(text, p, CORPORATE);
  if (m === null) return undefined;
  const stop = p + m[0].length;
  if (!endsAt(text, stop) || !corporateNumberValid(m[1]! + m[3]! + m[4]! + m[5]!)) return undefined;
  if (!hasContextWord(text, p, stop, CORPORATE_NUMBER_WORDS)) return undefined;
  push(out, 'jp-corporate-number', 'high', p, stop, 'Japanese Corporate Number (法人番号)');
  return stop;
}

const LICENCE = /\d{12}/y;
/** Japanese driver's licence number: 12 digits next to 免許証 / driver's licence. */
function tryLicence(text: string, p: number, out: PiiHit[]): number | undefined {
  const m = shapedNumberAt(text, p, LICENCE);
  if (m === null) return undefined;
  const stop = p + 12;
  if (!endsAt(text, stop) || !hasContextWord(text, p, stop, LICENCE_WORDS)) return undefined;
  push(out, 'pii-drivers-licence', 'medium', p, stop, "Driver's licence number");
  return stop;
}

const ACCOUNT = /\d{7,17}/y;
/** A bank account number: 7 to 17 digits right after 口座番号 / account number (a short window: the word labels this number). */
function tryAccount(text: string, p: number, out: PiiHit[]): number | undefined {
  const m = shapedNumberAt(text, p, ACCOUNT);
  if (m === null) return undefined;
  const stop = p + m[0].length;
  if (!endsAt(text, stop) || !hasContextWord(text, p, p, BANK_ACCOUNT_WORDS, 24, 0)) return undefined;
  push(out, 'pii-bank-account', 'medium', p, stop, 'Bank account number');
  return stop;
}
