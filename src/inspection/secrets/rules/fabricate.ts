import { createHash } from 'node:crypto';
import { base62, bech32Polymod, crc32 } from '../checksum.ts';

/**
 * Why: rule examples need values in each vendor's format that are random enough to pass entropy gates,
 * differ from rule to rule, and never are real credentials. These are made from a seed (the label), so an
 * example reads the same on every run and a failure can be reproduced.
 */

const ALPHABETS = {
  hex: '0123456789abcdef',
  HEX: '0123456789ABCDEF',
  digits: '0123456789',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  alnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  loweralnum: '0123456789abcdefghijklmnopqrstuvwxyz',
  upperalnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  b64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-',
  base32: 'abcdefghijklmnopqrstuvwxyz234567',
} as const;

export type Alphabet = keyof typeof ALPHABETS;

/** `n` characters of `alphabet`, determined by `label`. */
export function fake(alphabet: Alphabet, n: number, label: string): string {
  const chars = ALPHABETS[alphabet];
  let out = '';
  let block = 0;
  while (out.length < n) {
    const bytes = createHash('sha256').update(`${label}#${block++}`).digest();
    for (const b of bytes) if (out.length < n) out += chars[b % chars.length];
  }
  return out;
}

export function fakeUuid(label: string): string {
  const h = fake('hex', 32, label);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

/** `prefix_` + `body` + the base62 CRC-32 of `body` (GitHub's and npm's token checksum). */
export function withCrc62(prefix: string, body: string): string {
  return `${prefix}_${body}${base62(crc32(body), 6)}`;
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Base58check of `payload` (Bitcoin's alphabet, 4-byte double SHA-256 checksum). */
export function base58Check(payload: Uint8Array): string {
  const sum = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest();
  const raw = Buffer.concat([payload, sum.subarray(0, 4)]);
  let n = BigInt(`0x${raw.toString('hex')}`);
  let out = '';
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of raw) {
    if (b !== 0) break;
    out = `1${out}`;
  }
  return out;
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** Bech32 (BIP-173) of 8-bit `data` under human-readable part `hrp`. */
export function bech32(hrp: string, data: Uint8Array): string {
  const words: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of data) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      words.push((acc >> bits) & 31);
    }
  }
  if (bits > 0) words.push((acc << (5 - bits)) & 31);
  const values = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31), ...words, 0, 0, 0, 0, 0, 0];
  const chk = bech32Polymod(values) ^ 1;
  let out = `${hrp}1`;
  for (const w of words) out += BECH32[w];
  for (let i = 0; i < 6; i++) out += BECH32[(chk >>> (5 * (5 - i))) & 31];
  return out;
}

/** Bytes determined by `label`. */
export function fakeBytes(n: number, label: string): Uint8Array {
  return Uint8Array.from(Buffer.from(fake('hex', 2 * n, label), 'hex'));
}
