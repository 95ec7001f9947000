/** Why: detectors test boundaries per character code; these avoid allocating strings or running regexes. */

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiLetter(c: number): boolean {
  return (c | 0x20) >= 97 && (c | 0x20) <= 122;
}

/** ASCII `[A-Za-z0-9_]`; NaN (outside the string) is not a word character. */
export function isWordChar(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c) || c === 95;
}

export function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

export function isHex(c: number): boolean {
  return isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
}

