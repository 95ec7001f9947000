import type { PiiHit } from './pii-hit.ts';
import { isDigit, isWordChar } from './char-class.ts';

/**
 * Payment card numbers: 13–19 digits, plain or in groups separated by one consistent space or dash.
 * Why Luhn AND a known issuer prefix: Luhn alone passes one number in ten (ids, millisecond timestamps
 * starting with 1), so a Luhn-valid number with no card-brand prefix is not reported at all.
 */

interface Brand {
  name: string;
  /** Inclusive prefix ranges compared on the first `digits` digits. */
  ranges: ReadonlyArray<readonly [number, number, number]>; // [digits, from, to]
  lengths: readonly number[];
}

const SIXTEEN_TO_NINETEEN = [16, 17, 18, 19];
const BRANDS: readonly Brand[] = [
  { name: 'Visa', ranges: [[1, 4, 4]], lengths: [13, 16, 19] },
  { name: 'Mastercard', ranges: [[2, 51, 55], [4, 2221, 2720]], lengths: [16] },
  { name: 'American Express', ranges: [[2, 34, 34], [2, 37, 37]], lengths: [15] },
  { name: 'Discover', ranges: [[4, 6011, 6011], [3, 644, 649], [2, 65, 65], [6, 622126, 622925]], lengths: SIXTEEN_TO_NINETEEN },
  { name: 'JCB', ranges: [[4, 3528, 3589]], lengths: SIXTEEN_TO_NINETEEN },
  { name: 'Diners Club', ranges: [[3, 300, 305], [2, 36, 36], [2, 38, 39]], lengths: [14, 15, 16, 17, 18, 19] },
  { name: 'UnionPay', ranges: [[2, 62, 62]], lengths: SIXTEEN_TO_NINETEEN },
  { name: 'Mir', ranges: [[4, 2200, 2204]], lengths: SIXTEEN_TO_NINETEEN },
  { name: 'Maestro', ranges: [[4, 5018, 5018], [4, 5020, 5020], [4, 5038, 5038], [4, 6304, 6304], [4, 6759, 6759], [4, 6761, 6763]], lengths: [13, 14, 15, 16, 17, 18, 19] },
];

/** Why exported: tests and other detectors check numbers without scanning text. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The card brand whose prefix and length fit, or undefined. */
export function cardBrand(digits: string): string | undefined {
  for (const brand of BRANDS) {
    if (!brand.lengths.includes(digits.length)) continue;
    for (const [count, from, to] of brand.ranges) {
      const prefix = Number(digits.slice(0, count));
      if (prefix >= from && prefix <= to) return brand.name;
    }
  }
  return undefined;
}

/** Why: a `RunDetector` over one numeric run; tries each number start, longest group-aligned form first. */
export function scanCreditCards(text: string, start: number, end: number, out: PiiHit[]): void {
  for (let p = start; p < end; p++) {
    if (!isDigit(text.charCodeAt(p)) || isDigit(text.charCodeAt(p - 1))) continue;
    const before = text.charCodeAt(p - 1);
    if (isWordChar(before) || before === 46 /* . */) continue;
    const found = matchCardAt(text, p, end);
    if (found === undefined) continue;
    const at = p;
    p = found.end;
    if (inNumberList(text, at, found.end)) continue;
    const test = TEST_CARDS.has(text.slice(at, found.end).replace(/[ -]/g, ''));
    out.push({
      ruleId: 'pii-credit-card',
      confidence: test ? 'low' : 'high',
      start: at,
      end: found.end,
      description: test ? `payment card number (${found.brand}, a processor's documented test number)` : `payment card number (${found.brand})`,
    });
  }
}

function matchCardAt(text: string, p: number, runEnd: number): { end: number; brand: string } | undefined {
  // Collect groups: digits separated by one consistent separator (space or dash), at most 19 digits.
  const groupEnds: number[] = [];
  const groupSizes: number[] = [];
  let separator = -1;
  let i = p;
  let total = 0;
  while (i < runEnd) {
    const from = i;
    while (i < runEnd && isDigit(text.charCodeAt(i))) i++;
    total += i - from;
    if (total > 19) break;
    if (groupSizes.length === 0 && i - from !== 4 && i - from < 13) return undefined; // grouped cards start with 4
    groupEnds.push(i);
    groupSizes.push(i - from);
    const c = text.charCodeAt(i);
    if ((c !== 32 && c !== 45) || !isDigit(text.charCodeAt(i + 1))) break;
    if (separator !== -1 && c !== separator) break;
    separator = c;
    i++;
  }
  if (groupSizes.length > 1 && groupSizes[0] !== 4) return undefined;
  let usable = 1; // groups after the first must hold 3–7 digits
  while (usable < groupSizes.length && groupSizes[usable]! >= 3 && groupSizes[usable]! <= 7) usable++;
  for (let g = usable - 1; g >= 0; g--) {
    const endAt = groupEnds[g]!;
    if (!endsCleanly(text, endAt)) continue;
    const digits = text.slice(p, endAt).replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19) continue;
    const brand = cardBrand(digits);
    if (brand !== undefined && luhnValid(digits)) return { end: endAt, brand };
  }
  return undefined;
}

/**
 * Processors' documented test card numbers (they charge nobody): reported at low confidence, as a
 * tutorial pasted into a prompt is not a customer's card.
 */
const TEST_CARDS = new Set([
  '4111111111111111', '4242424242424242', '4012888888881881', '4000056655665556', '4222222222222', '5555555555554444',
  '5105105105105100', '5500000000000004', '5200828282828210', '2223003122003222', '378282246310005', '371449635398431',
  '378734493671000', '6011111111111117', '6011000990139424', '6011000000000004', '3530111333300000', '3566002020360505',
  '30569309025904', '38520000023237', '36227206271667', '6200000000000005', '4000000000000002', '4000000000000077',
]);

/**
 * An unquoted bare number that is one element of a list in code (`[4111111111111111, 42]`,
 * `f(5500000000000004, x)`): a numeric literal, data of a program, not a card someone typed. A card
 * written as text is grouped, quoted, or stands in prose.
 */
function inNumberList(text: string, start: number, end: number): boolean {
  if (/[ -]/.test(text.slice(start, end))) return false;
  let b = start - 1;
  while (b >= 0 && (text.charCodeAt(b) === 32 || text.charCodeAt(b) === 9)) b--;
  let a = end;
  while (a < text.length && (text.charCodeAt(a) === 32 || text.charCodeAt(a) === 9)) a++;
  const before = text.charAt(b);
  const after = text.charAt(a);
  const opens = before === '[' || before === '(' || before === '{' || before === ',';
  const closes = after === ']' || after === ')' || after === '}' || after === ',';
  return opens && closes && (before === ',' || after === ',');
}

/** The number must not go on: no word character next, no `.5` decimal or `-7` continuation. */
function endsCleanly(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (isWordChar(c)) return false;
  if ((c === 46 || c === 45) && isDigit(text.charCodeAt(at + 1))) return false;
  return true;
}
