/**
 * A seeded random source for the evaluation set: the same seed gives the same cases on every machine
 * (xorshift128+ over 32-bit halves would do; a splitmix-seeded sfc32 is small and well distributed).
 */
export const DIGITS = '0123456789';
export const HEX = '0123456789abcdef';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const ALNUM = DIGITS + UPPER + LOWER;
export const BASE62 = DIGITS + UPPER + LOWER;
export const BASE64 = UPPER + LOWER + DIGITS + '+/';
export const BASE64URL = UPPER + LOWER + DIGITS + '-_';
export const BASE32 = UPPER + '234567';
export const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = next();
    this.#b = next();
    this.#c = next();
    this.#d = next() | 1;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** sfc32. */
  uint32(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + t) >>> 0;
    return t;
  }

  /** 0 ≤ n < max. */
  int(max: number): number {
    return Math.floor((this.uint32() / 2 ** 32) * max);
  }

  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.uint32() / 2 ** 32 < p;
  }

  /** `n` characters drawn from `alphabet`. */
  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }

  uuid(): string {
    const h = this.chars(HEX, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.int(4)]}${h.slice(17, 20)}-${h.slice(20)}`;
  }

  /** A password a person would choose: words, digits and a symbol. */
  password(): string {
    const words = ['Sunset', 'harbor', 'Maple', 'tiger', 'Orbit', 'velvet', 'Kyoto', 'falcon', 'Nimbus', 'copper', 'Sakura', 'glacier', 'Pepper', 'quartz'];
    const symbols = '!@#$%^&*?_-+.';
    const style = this.int(4);
    if (style === 0) return `${this.pick(words)}${this.pick(words)}${this.chars(DIGITS, this.between(2, 4))}${this.pick([...symbols])}`;
    if (style === 1) return `${this.pick(words).toLowerCase()}${this.pick([...symbols])}${this.chars(DIGITS, 4)}${this.pick(words)}`;
    if (style === 2) return this.chars(ALNUM + '!#%*_-', this.between(14, 24));
    return `${this.chars(ALNUM, 6)}${this.pick([...symbols])}${this.chars(ALNUM, 8)}`;
  }
}
