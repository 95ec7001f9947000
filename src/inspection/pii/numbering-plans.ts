/**
 * E.164 country codes and the lengths of their national significant numbers (NSN: the digits after the
 * country code, without a trunk `0`), from the ITU-T E.164 assignments and each country's published
 * numbering plan. Why a table: `+33 1 23 45 67 89` and `+44 20 7946 0958` are phone numbers because
 * France's NSN has 9 digits and the UK's 9–10, while `+33 123` or `+44 1234567890123` are not.
 * Covers the countries our users write to most; other codes fall back to E.164's general shape.
 *
 * `trunkInNsn`: the NSN itself may start with 0 (Italy's fixed lines keep the 0 after +39).
 */
export interface NumberingPlan {
  min: number;
  max: number;
  trunkInNsn?: boolean;
}

export const PLANS: ReadonlyMap<string, NumberingPlan> = new Map<string, NumberingPlan>([
  ['1', { min: 10, max: 10 }], ['7', { min: 10, max: 10 }],
  ['20', { min: 8, max: 10 }], ['27', { min: 9, max: 9 }], ['30', { min: 10, max: 10 }], ['31', { min: 9, max: 9 }],
  ['32', { min: 8, max: 9 }], ['33', { min: 9, max: 9 }], ['34', { min: 9, max: 9 }], ['36', { min: 8, max: 9 }],
  ['39', { min: 6, max: 11, trunkInNsn: true }], ['40', { min: 9, max: 9 }], ['41', { min: 9, max: 9 }],
  ['43', { min: 4, max: 13 }], ['44', { min: 9, max: 10 }], ['45', { min: 8, max: 8 }], ['46', { min: 7, max: 10 }],
  ['47', { min: 8, max: 8 }], ['48', { min: 9, max: 9 }], ['49', { min: 6, max: 13 }], ['51', { min: 8, max: 9 }],
  ['52', { min: 10, max: 10 }], ['54', { min: 10, max: 11 }], ['55', { min: 10, max: 11 }], ['56', { min: 9, max: 9 }],
  ['57', { min: 10, max: 10 }], ['60', { min: 8, max: 10 }], ['61', { min: 9, max: 9 }], ['62', { min: 8, max: 12 }],
  ['63', { min: 8, max: 10 }], ['64', { min: 8, max: 10 }], ['65', { min: 8, max: 8 }], ['66', { min: 8, max: 9 }],
  ['81', { min: 9, max: 10 }], ['82', { min: 8, max: 10 }], ['84', { min: 9, max: 10 }], ['86', { min: 10, max: 11 }],
  ['90', { min: 10, max: 10 }], ['91', { min: 10, max: 10 }], ['92', { min: 9, max: 10 }], ['351', { min: 9, max: 9 }],
  ['353', { min: 7, max: 9 }], ['358', { min: 5, max: 12 }], ['380', { min: 9, max: 9 }], ['420', { min: 9, max: 9 }],
  ['852', { min: 8, max: 8 }], ['853', { min: 8, max: 8 }], ['855', { min: 8, max: 9 }], ['880', { min: 8, max: 10 }],
  ['886', { min: 8, max: 9 }], ['966', { min: 8, max: 9 }], ['971', { min: 8, max: 9 }], ['972', { min: 8, max: 9 }],
  ['234', { min: 8, max: 10 }], ['254', { min: 9, max: 9 }],
]);

/**
 * Splits international digits (after `+` or `00`) into country code and NSN by the table (E.164 codes
 * are prefix-free, so at most one of the 1-, 2- and 3-digit prefixes is a code). Undefined when the
 * code is not in the table.
 */
export function splitCountryCode(digits: string): { cc: string; nsn: string; plan: NumberingPlan } | undefined {
  for (const size of [1, 2, 3]) {
    const cc = digits.slice(0, size);
    const plan = PLANS.get(cc);
    if (plan !== undefined) return { cc, nsn: digits.slice(size), plan };
  }
  return undefined;
}

/** Whether the NSN fits its country's plan (length, no trunk 0 where the plan has none). */
export function nsnFits(nsn: string, plan: NumberingPlan): boolean {
  if (nsn.length < plan.min || nsn.length > plan.max) return false;
  return plan.trunkInNsn === true || !nsn.startsWith('0');
}
