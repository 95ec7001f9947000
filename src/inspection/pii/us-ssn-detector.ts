import type { PiiHit } from './pii-hit.ts';
import { isDigit, isWordChar } from './char-class.ts';
import { shapedNumberAt } from './numeric-runs.ts';
import { hasContextWord, SSN_WORDS } from './context-words.ts';

/**
 * US Social Security numbers, AAA-GG-SSSS. Why the rules: area 000, 666 and 900–999, group 00 and
 * serial 0000 are never issued, which removes most dashed look-alikes. The dashed form is reported
 * (medium; high with a context word such as "SSN"); the space- and dot-separated forms are medium next
 * to a context word and low without one; undashed nine digits look like any number and are reported
 * (medium) only next to a context word.
 */

const SHAPE = /(\d{3})([-. ]?)(\d{2})\2(\d{4})/y;

/** Why exported: tests check the issuance rules directly. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  if (a === 0 || a === 666 || a >= 900 || group === '00' || serial === '0000') return false;
  return !NOT_A_PERSON.has(`${area}${group}${serial}`) && !/^(\d)\1\1(\d)\2(\d)\3\3\3$/.test(`${area}${group}${serial}`);
}

/**
 * Numbers that were never a person's: the sample cards SSA and vendors printed (078-05-1120, 219-09-9999),
 * the counting sequence 123-45-6789, and numbers whose every group repeats one digit (111-22-3333),
 * the usual made-up example in docs and tests.
 */
const NOT_A_PERSON = new Set(['078051120', '219099999', '123456789', '987654320', '987654321']);

/** Why: a `RunDetector` over one numeric run. */
export function scanUsSsn(text: string, start: number, end: number, out: PiiHit[]): void {
  for (let p = start; p < end; p++) {
    const m = shapedNumberAt(text, p, SHAPE);
    if (m === null) continue;
    const stop = p + m[0].length;
    const after = text.charCodeAt(stop);
    if (isWordChar(after) || ((after === 45 || after === 46 || after === 32) && isDigit(text.charCodeAt(stop + 1)))) continue;
    if (!ssnValid(m[1]!, m[3]!, m[4]!)) continue;
    const context = hasContextWord(text, p, stop, SSN_WORDS);
    const dashed = m[2] === '-';
    // Undashed nine digits are any number: only next to a context word. Spaces or dots in the 3-2-4
    // shape are the SSN's layout, but rarer in print and shared with other ids: low without a word.
    if (m[2] === '' && !context) continue;
    out.push({
      ruleId: 'pii-us-ssn',
      confidence: dashed && context ? 'high' : dashed || context ? 'medium' : 'low',
      start: p,
      end: stop,
      description: 'US Social Security number',
    });
    p = stop;
  }
}
