import { createHash } from 'node:crypto';

/**
 * Why: a token format with a built-in checksum (GitHub's, Sekisho's own keys) lets us tell a real token
 * from a random string of the same shape; that is what earns a finding `high` confidence.
 */

import { base62, crc32 } from '../../util/checksum.ts';

// CRC-32 and base62 are shared with identity/key-format.ts (Sekisho's own keys); they live in util/.
export { base62, crc32 } from '../../util/checksum.ts';

/** True when the last 6 characters are the base62 CRC-32 of the characters between `_` and them. */
export function hasCrc32Base62Suffix(token: string): boolean {
  const body = token.slice(token.indexOf('_') + 1);
  if (body.length <= 6) return false;
  return base62(crc32(body.slice(0, -6)), 6) === body.slice(-6);
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Bytes of a Bitcoin-alphabet base58 string, or null when a character is outside the alphabet. */
export function base58Decode(s: string): Uint8Array | null {
  let n = 0n;
  for (const ch of s) {
    const d = BASE58.indexOf(ch);
    if (d < 0) return null;
    n = n * 58n + BigInt(d);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (let i = 0; i < s.length && s[i] === '1'; i++) bytes.unshift(0);
  return Uint8Array.from(bytes);
}

/** The payload of a base58check string (last 4 bytes = first 4 of double SHA-256), or null. */
export function base58CheckPayload(s: string): Uint8Array | null {
  const raw = base58Decode(s);
  if (raw === null || raw.length < 5) return null;
  const payload = raw.subarray(0, raw.length - 4);
  const sum = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest();
  for (let i = 0; i < 4; i++) if (sum[i] !== raw[raw.length - 4 + i]) return null;
  return payload;
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** True when `s` (one case) is a valid bech32 string (BIP-173 checksum, constant 1). */
export function isBech32(s: string): boolean {
  const lower = s.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || lower.length - sep < 7) return false;
  const values: number[] = [];
  for (const ch of lower.slice(0, sep)) values.push(ch.charCodeAt(0) >> 5);
  values.push(0);
  for (const ch of lower.slice(0, sep)) values.push(ch.charCodeAt(0) & 31);
  for (const ch of lower.slice(sep + 1)) {
    const d = BECH32.indexOf(ch);
    if (d < 0) return false;
    values.push(d);
  }
  return bech32Polymod(values) === 1;
}

const BECH32_GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

/** BIP-173's checksum function over 5-bit values (the expanded prefix, then the data). */
export function bech32Polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= BECH32_GEN[i] as number;
  }
  return chk;
}
