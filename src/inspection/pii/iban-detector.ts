import type { PiiHit } from './pii-hit.ts';
import { isAsciiLetter, isDigit, isUpper, isWordChar } from './char-class.ts';
import { IBAN_LENGTHS } from './iban-lengths.ts';

/**
 * IBANs: two upper-case country letters, two check digits, the national part; plain
 * (`DE89370400440532013000`) or in space-separated groups of four (`DE89 3704 0044 0532 0130 00`).
 * High confidence when the country's length matches and the ISO 7064 mod-97 check equals 1. Lower-case
 * IBANs are not reported (rare in text, and common in identifiers). Runs start at the check digits, so
 * this is a `RunDetector` that looks at the two letters before each run.
 */

/** Why exported: tests check numbers directly. `iban` is compact (no spaces), upper case. */
export function ibanChecksumValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (isDigit(c)) remainder = (remainder * 10 + (c - 48)) % 97;
    else if (isUpper(c)) remainder = (remainder * 100 + (c - 55)) % 97;
    else return false;
  }
  return remainder === 1;
}

/** Why: called for every numeric run; cheap rejection unless two capitals sit right before it. */
export function scanIban(text: string, start: number, _end: number, out: PiiHit[]): void {
  const s = start - 2;
  if (s < 0 || !isUpper(text.charCodeAt(s)) || !isUpper(text.charCodeAt(s + 1)) || isWordChar(text.charCodeAt(s - 1))) return;
  if (!isDigit(text.charCodeAt(start)) || !isDigit(text.charCodeAt(start + 1))) return;
  const length = IBAN_LENGTHS.get(text.slice(s, s + 2));
  if (length === undefined) return;
  let compact = '';
  let i = s;
  let grouped = false;
  while (compact.length < length && i < text.length) {
    const c = text.charCodeAt(i);
    if (isDigit(c) || isUpper(c)) {
      compact += text[i];
      i++;
    } else if (c === 32 && compact.length % 4 === 0 && compact.length > 0 && (grouped || compact.length === 4)) {
      grouped = true;
      i++;
    } else {
      return;
    }
  }
  if (compact.length !== length) return;
  const after = text.charCodeAt(i);
  if (isDigit(after) || isAsciiLetter(after) || after === 95) return;
  if (!ibanChecksumValid(compact)) return;
  out.push({ ruleId: 'pii-iban', confidence: 'high', start: s, end: i, description: `IBAN (${compact.slice(0, 2)})` });
}
