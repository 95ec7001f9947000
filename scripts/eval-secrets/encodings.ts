/** Encodings and checksums the documented formats use (GitHub's CRC-32 in base62, base58check, Luhn, …). */
import { createHash, createHmac } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { BASE58, BASE62 } from './random.ts';

export function base62(n: number, width: number): string {
  let out = '';
  let x = n >>> 0;
  while (x > 0) {
    out = BASE62[x % 62] + out;
    x = Math.floor(x / 62);
  }
  return out.padStart(width, '0');
}

/** GitHub's token checksum: CRC-32 of the random part, base62, 6 characters. */
export function githubChecksum(random: string): string {
  return base62(crc32(random), 6);
}

export function b64(bytes: Uint8Array | string): string {
  return Buffer.from(bytes).toString('base64');
}

export function b64url(bytes: Uint8Array | string): string {
  return Buffer.from(bytes).toString('base64url');
}

export function base58(bytes: Uint8Array): string {
  let n = BigInt('0x' + (Buffer.from(bytes).toString('hex') || '0'));
  let out = '';
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = '1' + out;
  }
  return out;
}

export function base58Decode(text: string): Uint8Array {
  let n = 0n;
  for (const c of text) {
    const i = BASE58.indexOf(c);
    if (i < 0) throw new Error('not base58');
    n = n * 58n + BigInt(i);
  }
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const lead = /^1*/.exec(text)![0].length;
  return Uint8Array.from([...new Array<number>(lead).fill(0), ...Buffer.from(hex, 'hex')]);
}

const sha256 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();

export function base58check(payload: Uint8Array): string {
  const sum = sha256(sha256(payload)).subarray(0, 4);
  return base58(Uint8Array.from([...payload, ...sum]));
}

export function base58checkValid(text: string): boolean {
  const raw = base58Decode(text);
  if (raw.length < 5) return false;
  const payload = raw.subarray(0, raw.length - 4);
  return Buffer.from(sha256(sha256(payload)).subarray(0, 4)).equals(Buffer.from(raw.subarray(raw.length - 4)));
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The digit that makes `partial` + digit pass Luhn. */
export function luhnDigit(partial: string): string {
  for (let d = 0; d < 10; d++) if (luhnValid(partial + d)) return String(d);
  throw new Error('unreachable');
}

/** My Number (個人番号): 11 digits and a check digit (weights 6,5,4,3,2,7,6,5,4,3,2 from the left). */
export function myNumberCheckDigit(first11: string): string {
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = Number(first11[11 - n]);
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const r = sum % 11;
  return String(r <= 1 ? 0 : 11 - r);
}

export function hs256Jwt(header: object, payload: object, key: Uint8Array): string {
  const head = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
}

export function hs256Valid(jwt: string, key: Uint8Array): boolean {
  const [h, p, s] = jwt.split('.');
  return createHmac('sha256', key).update(`${h}.${p}`).digest('base64url') === s;
}
