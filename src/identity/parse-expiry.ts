/**
 * `sekisho keys create --expires` values: a lifetime (`90d`, `12h`, `2w`) counted from now, or a date
 * (`2027-01-01`, meaning midnight UTC at its start) or an ISO 8601 date-time with a zone. Anything else
 * is refused with what is accepted: a typo must not silently create a key that never expires.
 */
const LIFETIME = /^([1-9][0-9]{0,4})([hdw])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** The expiry instant for `text`, relative to `now`; throws a RangeError saying what is accepted. */
export function parseExpiry(text: string, now: Date = new Date()): Date {
  const lifetime = LIFETIME.exec(text);
  if (lifetime) return new Date(now.getTime() + Number(lifetime[1]) * UNIT_MS[lifetime[2] as keyof typeof UNIT_MS]);
  if (DATE.test(text) || DATE_TIME.test(text)) {
    const at = new Date(DATE.test(text) ? `${text}T00:00:00Z` : text);
    // Date parsing rolls 2027-02-30 over to March; refuse instead.
    if (Number.isNaN(at.getTime()) || (DATE.test(text) && at.toISOString().slice(0, 10) !== text)) {
      throw new RangeError(`invalid date "${text}"`);
    }
    if (at.getTime() <= now.getTime()) throw new RangeError(`"${text}" is in the past`);
    return at;
  }
  throw new RangeError(`invalid expiry "${text}": use a lifetime such as 12h, 90d or 2w, or a date such as 2027-01-01`);
}
