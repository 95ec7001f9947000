/**
 * Japanese domestic numbers (leading trunk 0), by prefix and length:
 *   mobile 070/080/090 and IP phone 050: 11 digits, written 3-4-4;
 *   free dial 0120 (10 digits, 4-3-3) and 0800 (11 digits, 4-3-4); navi dial 0570 and 0990 (10, 4-3-3);
 *   fixed lines: 10 digits, area code (2–5 digits with the 0) + local exchange + 4-digit subscriber,
 *   area and exchange together six digits: 03-1234-5678, 045-123-4567, 0742-12-3456, 01267-2-3456.
 * 020 (pagers/M2M) and 060 are not reported. Why a table of shapes instead of "0 and ten digits": the
 * shape is what separates a phone number from ids and dates written with dashes.
 */

export interface JapaneseNumberKind {
  description: string;
  /** Whether an unseparated form is distinctive enough to report without a context word. */
  bareIsDistinctive: boolean;
}

const MOBILE = /^0[789]0\d{8}$/;
const IP_PHONE = /^050\d{8}$/;
const FREE_DIAL_0800 = /^0800\d{7}$/;
const TEN_DIGIT_SERVICE = /^0(?:120|570|990)\d{6}$/;
const FIXED = /^0[1-9]\d{8}$/;

/**
 * Why: classifies national digits (`0…`) and, when `sizes` is given, checks the digit groups as written
 * (`[3,4,4]` for `090-1234-5678`); an empty `sizes` skips the layout check (used for +81 forms).
 */
export function classifyJapaneseNumber(digits: string, sizes: readonly number[]): JapaneseNumberKind | undefined {
  const bare = sizes.length === 1;
  const layout = (...allowed: number[][]): boolean =>
    sizes.length === 0 || bare || allowed.some((a) => a.length === sizes.length && a.every((n, k) => n === sizes[k]));
  if (FREE_DIAL_0800.test(digits)) {
    return layout([4, 3, 4]) ? { description: 'Japanese free-dial number', bareIsDistinctive: false } : undefined;
  }
  if (MOBILE.test(digits)) {
    return layout([3, 4, 4]) ? { description: 'Japanese mobile phone number', bareIsDistinctive: true } : undefined;
  }
  if (IP_PHONE.test(digits)) {
    return layout([3, 4, 4]) ? { description: 'Japanese IP phone number', bareIsDistinctive: true } : undefined;
  }
  if (TEN_DIGIT_SERVICE.test(digits)) {
    return layout([4, 3, 3], [4, 2, 4]) ? { description: 'Japanese free-dial or navi-dial number', bareIsDistinctive: false } : undefined;
  }
  if (FIXED.test(digits) && !/^0[2-9]0/.test(digits)) {
    const fixedLayout =
      sizes.length === 0 ||
      bare ||
      (sizes.length === 3 && sizes[0]! >= 2 && sizes[0]! <= 5 && sizes[0]! + sizes[1]! === 6 && sizes[2] === 4);
    return fixedLayout ? { description: 'Japanese fixed-line phone number', bareIsDistinctive: false } : undefined;
  }
  return undefined;
}
