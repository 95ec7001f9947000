import type { PiiHit } from './pii-hit.ts';
import { isDigit, isWordChar } from './char-class.ts';
import { shapedNumberAt } from './numeric-runs.ts';
import { hasContextWord, SSN_WORDS } from './context-words.ts';

/**
 * US Social Security numbers, AAA-GG-SSSS. Why the rules: area 000, 666 and 900–999, group 00 and
 * serial 0000 are never issued, which removes most dashed look-alikes. The dashed form is reported
 * (medium; high with a context word such as "SSN"); space-separated and undashed nine-digit forms look
 * like any number and are reported only next to a context word.
 */

const SHAPE = /(\d{3})([- ]?)(\d{2})\2(\d{4})/y;

/** Why exported: tests check the issuance rules directly. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

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
    if (!dashed && !context) continue;
    out.push({
      ruleId: 'pii-us-ssn',
      confidence: dashed && context ? 'high' : 'medium',
      start: p,
      end: stop,
      description: 'US Social Security number',
    });
    p = stop;
  }
}
