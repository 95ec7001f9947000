/**
 * Sizes in the config file are either a whole number of bytes or a string with a unit: decimal
 * (`KB`, `MB`, `GB`, `TB`, powers of 1000) or binary (`KiB`, `MiB`, `GiB`, `TiB`, powers of 1024).
 * Unit letters are case-insensitive and always mean bytes.
 */

const PREFIX_POWER = { k: 1, m: 2, g: 3, t: 4 } as const;

/** Why: schema.json's `size` definition uses this exact pattern, so both accept the same strings. */
export const SIZE_PATTERN = /^([0-9]+(?:\.[0-9]+)?)\s*(?:([kKmMgGtT])([iI])?)?[bB]$/;

/** Converts a config size to whole bytes; throws a RangeError that says what is accepted. */
export function parseSize(value: number | string): number {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`invalid size ${value}: a number means bytes and must be a whole number >= 0`);
    }
    return value;
  }
  const match = SIZE_PATTERN.exec(value);
  const amount = match?.[1];
  if (match === null || amount === undefined) {
    throw new RangeError(`invalid size "${value}": use bytes or a string such as "512KiB", "32MiB" or "1GB"`);
  }
  const prefix = match[2]?.toLowerCase() as keyof typeof PREFIX_POWER | undefined;
  const base = match[3] === undefined ? 1000 : 1024;
  const multiplier = prefix === undefined ? 1 : base ** PREFIX_POWER[prefix];
  const bytes = Math.round(Number(amount) * multiplier);
  if (!Number.isSafeInteger(bytes)) throw new RangeError(`invalid size "${value}": too large`);
  return bytes;
}
