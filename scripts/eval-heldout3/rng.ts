/**
 * A seeded generator and the check digits the third held-out set needs. Written for this set (not shared
 * with scripts/eval-secrets or scripts/eval-heldout) so that a bias in their generators is not repeated.
 */
export const DIG = '0123456789';
export const HX = '0123456789abcdef';
export const HXU = '0123456789ABCDEF';
export const UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LO = 'abcdefghijklmnopqrstuvwxyz';
export const AN = DIG + UP + LO;
export const LAN = DIG + LO;
export const UAN = DIG + UP;
export const B64 = UP + LO + DIG + '+/';
export const B64U = UP + LO + DIG + '-_';
export const B32 = UP + '234567';

/** mulberry32: small, seedable, good enough for test data. */
export class Rng {
  #s: number;
  constructor(seed: number) {
    this.#s = seed >>> 0;
  }
  next(): number {
    let t = (this.#s = (this.#s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  /** Random characters of an alphabet; re-drawn until at least three distinct characters appear. */
  s(alphabet: string, n: number): string {
    for (;;) {
      let out = '';
      for (let i = 0; i < n; i++) out += alphabet[this.int(alphabet.length)];
      if (n < 6 || new Set(out).size >= Math.min(8, Math.ceil(n / 3))) return out;
    }
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
  uuid(): string {
    const h = this.s(HX, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${this.pick(['8', '9', 'a', 'b'])}${h.slice(17, 20)}-${h.slice(20)}`;
  }
  /** A password a person would choose: words, digits, symbols, mixed case. Never a placeholder word. */
  password(): string {
    const words = ['Harbor', 'maple', 'Quartz', 'violet', 'Copper', 'tundra', 'Falcon', 'ember', 'Saffron', 'glacier', 'Nimbus', 'orchid'];
    const k = this.int(4);
    if (k === 0) return `${this.pick(words)}${this.pick(['!', '#', '$', '%', '&', '*', '@', '^', '~'])}${this.s(DIG, this.range(2, 4))}${this.pick(words).toLowerCase()}`;
    if (k === 1) return this.s(AN + '!#%&*+-=?@^_~', this.range(14, 28));
    if (k === 2) return `${this.s(AN, 6)}${this.pick(['!', '.', '-', '#', '+'])}${this.s(AN, 6)}${this.pick(['?', '&', '%', ''])}${this.s(DIG, 3)}`;
    return `${this.pick(words)}${this.s(DIG, 4)}${this.pick(words)}${this.pick(['!', '?', '#'])}`;
  }
}

export const b64 = (b: Uint8Array | string): string => Buffer.from(b).toString('base64');
export const b64u = (b: Uint8Array | string): string => Buffer.from(b).toString('base64url');

/** Luhn check digit for a partial number. */
export function luhn(partial: string): string {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = partial.charCodeAt(partial.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** ISO 7064 mod 97-10 check digits of an IBAN (country + BBAN). */
export function ibanOf(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of rearranged) rem = (rem * 10 + (ch.charCodeAt(0) - 48)) % 97;
  return `${country}${String(98 - rem).padStart(2, '0')}${bban}`;
}

/** Japanese Individual Number check digit (12th digit) from 11 digits. */
export function myNumberCheck(eleven: string): string {
  let sum = 0;
  for (let n = 1; n <= 11; n++) sum += (eleven.charCodeAt(11 - n) - 48) * (n <= 6 ? n + 1 : n - 5);
  const r = sum % 11;
  return String(r <= 1 ? 0 : 11 - r);
}

/** Japanese Corporate Number (法人番号) leading check digit from the 12-digit base number. */
export function corporateCheck(twelve: string): string {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += (twelve.charCodeAt(12 - n) - 48) * (n % 2 === 1 ? 1 : 2);
  return String(9 - (sum % 9));
}

/** Full-width digits (U+FF10…) for Japanese text; hyphens become U+FF0D. */
export function fullwidth(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + d.charCodeAt(0) - 48)).replace(/-/g, '\uff0d');
}
