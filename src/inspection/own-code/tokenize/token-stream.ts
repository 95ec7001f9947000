import { mix32 } from '../hash32.ts';

/**
 * The lexers' output: parallel typed arrays, one entry per token. Comments and whitespace are gone.
 *
 * - `norm` is the structure channel: keywords and operators by their text, every identifier as one
 *   symbol, literals by kind. Renaming and reformatting do not change it.
 * - `raw` is the exact channel: identifiers by their exact text, string literals by their body's text
 *   (quotes excluded) and numbers by their digits (others = `norm`), so a verbatim copy can be told
 *   apart from a structural look-alike — and a renamed copy still keeps its literals.
 * - `line` (1-based) and `start`/`end` (UTF-16 offsets) lead back to the source.
 */

export const TokenKind = {
  keyword: 1,
  identifier: 2,
  string: 3,
  number: 4,
  punct: 5,
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

export interface TokenStream {
  length: number;
  kind: Uint8Array;
  norm: Uint32Array;
  raw: Uint32Array;
  line: Uint32Array;
  start: Uint32Array;
  end: Uint32Array;
}

// Salts keep kinds apart: an operator's code can never equal a keyword's hash by construction.
const SALT_KEYWORD = 0x1b873593;
const SALT_PUNCT = 0x68e31da4;
const SALT_RAW = 0x2545f491;
const SALT_LITERAL = 0x3c6ef372;
export const SYMBOL_IDENTIFIER = mix32(0x49444e54); // "IDNT"
export const SYMBOL_STRING = mix32(0x53545247); // "STRG"
export const SYMBOL_NUMBER = mix32(0x4e554d42); // "NUMB"

export function keywordSymbol(textHash: number): number {
  return mix32(textHash ^ SALT_KEYWORD);
}
export function punctSymbol(code: number): number {
  return mix32(code ^ SALT_PUNCT);
}
export function rawIdentifierSymbol(textHash: number): number {
  return mix32(textHash ^ SALT_RAW);
}
/** A string's body or a number's digits on the exact channel (never equal to a name's symbol by salt). */
export function literalSymbol(textHash: number): number {
  return mix32(textHash ^ SALT_LITERAL);
}

/** Growable token arrays; lexers push, `finish` trims to length without copying (subarray views). */
export class TokenSink {
  length = 0;
  private cap: number;
  kind: Uint8Array;
  norm: Uint32Array;
  raw: Uint32Array;
  line: Uint32Array;
  start: Uint32Array;
  end: Uint32Array;

  constructor(textLength: number) {
    this.cap = Math.max(16, textLength >>> 2);
    [this.kind, this.norm, this.raw, this.line, this.start, this.end] = allocate(this.cap);
  }

  /**
   * The sink lexers share when asked to reuse memory (the lookup lexes a prompt block by block): emptied,
   * its arrays kept. A stream it returned is valid only until the next lexing that reuses it.
   * Texts over REUSE_MAX_CHARS get a sink of their own, so one huge prompt does not pin its arrays.
   */
  static reusable(textLength: number): TokenSink {
    if (textLength > REUSE_MAX_CHARS) return new TokenSink(textLength);
    if (!reused) reused = new TokenSink(Math.max(textLength, 1 << 14));
    reused.length = 0;
    return reused;
  }

  push(kind: TokenKind, norm: number, raw: number, line: number, start: number, end: number): void {
    if (this.length === this.cap) this.grow();
    const i = this.length++;
    this.kind[i] = kind;
    this.norm[i] = norm;
    this.raw[i] = raw;
    this.line[i] = line;
    this.start[i] = start;
    this.end[i] = end;
  }

  /** Removes the last token (used to drop a trailing comma before a closing bracket). */
  pop(): void {
    if (this.length > 0) this.length--;
  }

  lastNorm(): number {
    return this.length > 0 ? (this.norm[this.length - 1] ?? 0) : 0;
  }

  finish(): TokenStream {
    const n = this.length;
    return {
      length: n,
      kind: this.kind.subarray(0, n),
      norm: this.norm.subarray(0, n),
      raw: this.raw.subarray(0, n),
      line: this.line.subarray(0, n),
      start: this.start.subarray(0, n),
      end: this.end.subarray(0, n),
    };
  }

  private grow(): void {
    const cap = this.cap * 2;
    const next = allocate(cap);
    next[0].set(this.kind);
    next[1].set(this.norm);
    next[2].set(this.raw);
    next[3].set(this.line);
    next[4].set(this.start);
    next[5].set(this.end);
    [this.kind, this.norm, this.raw, this.line, this.start, this.end] = next;
    this.cap = cap;
  }
}

const REUSE_MAX_CHARS = 1 << 20;
let reused: TokenSink | undefined;

/** All six arrays over one ArrayBuffer: one allocation per stream instead of six (prompts have many blocks). */
function allocate(cap: number): [Uint8Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array] {
  const words = new ArrayBuffer(4 * 5 * cap + ((cap + 3) & ~3));
  const view = (i: number): Uint32Array => new Uint32Array(words, 4 * i * cap, cap);
  return [new Uint8Array(words, 4 * 5 * cap, cap), view(0), view(1), view(2), view(3), view(4)];
}
