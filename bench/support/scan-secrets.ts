/**
 * Generators for the secrets and personal data `bench:scan` plants: realistic shapes with the structure
 * the detectors verify (GitHub CRC-32 suffix, JWT header, PEM labels, Luhn), drawn from a seeded PRNG so
 * every run plants the same values. All values are fake; none was ever issued by anyone.
 */

import { base62, crc32 } from '../../src/inspection/secrets/checksum.ts';

/** The seeded PRNG the fixtures use (mulberry32), so runs plant the same values. */
export { seededRandom as createRng } from '../../test/fixtures/prose.ts';

export type Rng = () => number;

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const BASE62 = DIGITS + UPPER + LOWER;

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

export function int(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

function chars(rng: Rng, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rng() * alphabet.length)];
  return s;
}

function randomBytes(rng: Rng, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rng() * 256);
  return b;
}

// --- GitHub tokens: checksum from src/inspection/secrets/checksum.ts (pinned by its own tests) ---

/** `ghp_` + 30 random base62 + base62(CRC-32 of those 30), 6 wide: what GitHub issues and we check. */
export function githubToken(rng: Rng): string {
  const body = chars(rng, BASE62, 30);
  return `${pick(rng, ['ghp', 'ghp', 'ghp', 'gho', 'ghu', 'ghs', 'ghr'])}_${body}${base62(crc32(body), 6)}`;
}

// --- the other kinds ---

export function awsKeyId(rng: Rng): string {
  return pick(rng, ['AKIA', 'AKIA', 'AKIA', 'ASIA']) + chars(rng, UPPER + '234567', 16);
}

export function awsSecretKey(rng: Rng): string {
  return chars(rng, UPPER + LOWER + DIGITS + '/+', 40);
}

const NAMES = ['Haruto Sato', 'Yui Suzuki', 'Sota Takahashi', 'Hina Tanaka', 'Ren Watanabe', 'Mio Ito', 'Alice Martin', 'Bob Nguyen'];

/** A JWT with a real `{"alg":"HS256","typ":"JWT"}` header and a plausible claims payload. */
export function jwt(rng: Rng): string {
  const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
  const claims = { sub: String(int(rng, 100000, 9999999)), name: pick(rng, NAMES), role: pick(rng, ['admin', 'user', 'service']), iat: int(rng, 1.7e9, 1.8e9) };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${randomBytes(rng, 32).toString('base64url')}`;
}

/** A PEM private key block: random DER-sized body, wrapped at 64 like openssl writes it. */
export function pemBlock(rng: Rng): string {
  const label = pick(rng, ['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY']);
  const body = randomBytes(rng, label.startsWith('EC') ? 121 : int(rng, 600, 1200)).toString('base64');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`;
}

export function slackToken(rng: Rng): string {
  return `${pick(rng, ['xoxb', 'xoxb', 'xoxp', 'xoxa'])}-${chars(rng, DIGITS, int(rng, 10, 13))}-${chars(rng, DIGITS, int(rng, 10, 13))}-${chars(rng, BASE62, 24)}`;
}

export function stripeKey(rng: Rng): string {
  return `${pick(rng, ['sk_live_', 'sk_live_', 'rk_live_', 'sk_test_'])}${chars(rng, BASE62, int(rng, 24, 34))}`;
}

const FIRST = ['taro', 'hanako', 'kenji', 'yuki', 'akira', 'naomi', 'john', 'maria', 'li', 'sofia'];
const LAST = ['yamada', 'sato', 'kobayashi', 'nakamura', 'smith', 'garcia', 'chen', 'muller'];
const DOMAINS = ['gmail.com', 'yahoo.co.jp', 'outlook.jp', 'tanaka-shoji.co.jp', 'mail.nagoya-kogyo.jp', 'acmecorp.com', 'docomo.ne.jp', 'fastmail.fm'];

export function email(rng: Rng): string {
  const sep = pick(rng, ['.', '_', '']);
  const n = rng() < 0.3 ? String(int(rng, 1, 99)) : '';
  return `${pick(rng, FIRST)}${sep}${pick(rng, LAST)}${n}@${pick(rng, DOMAINS)}`;
}

/** Japanese numbers as people write them: mobile 3-4-4, Tokyo/Osaka 2-4-4, other areas 3-3-4, +81. */
export function japanesePhone(rng: Rng): string {
  const local = (n: number): string => String(int(rng, 2, 9)) + chars(rng, DIGITS, n - 1); // never starts with 0
  switch (int(rng, 0, 3)) {
    case 0:
      return `${pick(rng, ['090', '080', '070'])}-${local(4)}-${chars(rng, DIGITS, 4)}`;
    case 1:
      return `${pick(rng, ['03', '06'])}-${local(4)}-${chars(rng, DIGITS, 4)}`;
    case 2:
      return `${pick(rng, ['045', '052', '092', '011'])}-${local(3)}-${chars(rng, DIGITS, 4)}`;
    default:
      return `+81 ${pick(rng, ['90', '80'])}-${local(4)}-${chars(rng, DIGITS, 4)}`;
  }
}

/** A Luhn-valid 16-digit Visa number, plain or in 4-digit groups. */
export function visaNumber(rng: Rng): string {
  const body = '4' + chars(rng, DIGITS, 14);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2; // rightmost body digit is doubled (check digit follows)
    sum += d;
  }
  const full = body + String((10 - (sum % 10)) % 10);
  const sep = pick(rng, ['', ' ', '-']);
  return sep === '' ? full : (full.match(/.{4}/g) ?? []).join(sep);
}
