/**
 * The one definition of a Sekisho gateway key's text format:
 *
 *   sks_ + 32 random base62 characters + 6-character base62 CRC-32 of those 32 characters
 *
 * Why each part: the `sks_` prefix makes a leaked key recognisable (to our own secret rules and to
 * other scanners); 32 base62 characters carry ~190 bits of randomness, enough that a fast hash is the
 * right way to store them (no brute force can walk that space); the CRC-32 suffix lets a scanner, and
 * the gateway itself, tell a real key from a random string of the same shape without a database
 * lookup. The key id is the first 8 random characters: not secret (it is shown in `keys ls`, logs and
 * the principal id `key:<id>`), it finds the row by primary key before the hash is compared.
 */
import { randomBytes } from 'node:crypto';
import { base62, crc32 } from '../util/checksum.ts';

/** The recognisable prefix of every Sekisho key. */
export const KEY_PREFIX = 'sks_';
/** Random characters after the prefix. */
export const KEY_RANDOM_LENGTH = 32;
/** Base62 CRC-32 of the random part. */
export const KEY_CHECKSUM_LENGTH = 6;
/** Characters of the random part that form the public key id. */
export const KEY_ID_LENGTH = 8;

/** Regular expression source (RE2 and JS compatible) matching a key's shape, capture group 1 = the key. */
export const KEY_PATTERN_SOURCE = `\\b(${KEY_PREFIX}[0-9A-Za-z]{${KEY_RANDOM_LENGTH + KEY_CHECKSUM_LENGTH}})\\b`;

const SHAPE = new RegExp(`^${KEY_PREFIX}[0-9A-Za-z]{${KEY_RANDOM_LENGTH + KEY_CHECKSUM_LENGTH}}$`);
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** A key id as shown to users: exactly the 8 base62 characters. */
export const KEY_ID_PATTERN = /^[0-9A-Za-z]{8}$/;

/** A freshly generated key: the secret text (shown once) and its public id. */
export interface GeneratedKey {
  key: string;
  id: string;
}

/** Generates a new key from the operating system's CSPRNG. */
export function generateKey(): GeneratedKey {
  const random = randomBase62(KEY_RANDOM_LENGTH);
  return { key: KEY_PREFIX + random + base62(crc32(random), KEY_CHECKSUM_LENGTH), id: random.slice(0, KEY_ID_LENGTH) };
}

/** Result of reading a presented key: its id, or why it is not a well-formed key. */
export type ParsedKey = { ok: true; id: string } | { ok: false; reason: 'format' | 'checksum' };

/** Checks shape and checksum; never throws. The key text itself is not kept in the result. */
export function parseKey(text: string): ParsedKey {
  if (!SHAPE.test(text)) return { ok: false, reason: 'format' };
  if (!hasValidChecksum(text)) return { ok: false, reason: 'checksum' };
  return { ok: true, id: text.slice(KEY_PREFIX.length, KEY_PREFIX.length + KEY_ID_LENGTH) };
}

/** True when `text` starts like a Sekisho key (so it must verify as one, never fall back to anonymous). */
export function looksLikeKey(text: string): boolean {
  return text.startsWith(KEY_PREFIX);
}

/** True when the last 6 characters are the base62 CRC-32 of the 32 random characters before them. */
export function hasValidChecksum(text: string): boolean {
  if (!SHAPE.test(text)) return false;
  const random = text.slice(KEY_PREFIX.length, KEY_PREFIX.length + KEY_RANDOM_LENGTH);
  return base62(crc32(random), KEY_CHECKSUM_LENGTH) === text.slice(KEY_PREFIX.length + KEY_RANDOM_LENGTH);
}

/** Unbiased base62 characters: bytes >= 248 (= 4 * 62) are rejected rather than folded. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= 248) continue;
      out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}
