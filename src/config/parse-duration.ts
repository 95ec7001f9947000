/**
 * Durations in the config file are either a whole number of milliseconds or a short string such as
 * `500ms`, `5s`, `2m` or `1h`. One unit per value keeps them unambiguous to read and to validate.
 */

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** Why: schema.json's `duration` definition uses this exact pattern, so both accept the same strings. */
export const DURATION_PATTERN = /^([0-9]+(?:\.[0-9]+)?)\s*(ms|s|m|h)$/;

/** Converts a config duration to whole milliseconds; throws a RangeError that says what is accepted. */
export function parseDuration(value: number | string): number {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`invalid duration ${value}: a number means milliseconds and must be a whole number >= 0`);
    }
    return value;
  }
  const match = DURATION_PATTERN.exec(value);
  const amount = match?.[1];
  const unit = match?.[2] as keyof typeof UNIT_MS | undefined;
  if (amount === undefined || unit === undefined) {
    throw new RangeError(`invalid duration "${value}": use milliseconds or a string such as "500ms", "5s", "2m" or "1h"`);
  }
  const ms = Math.round(Number(amount) * UNIT_MS[unit]);
  if (!Number.isSafeInteger(ms)) throw new RangeError(`invalid duration "${value}": too large`);
  return ms;
}
