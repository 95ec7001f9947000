import { FNV_OFFSET, fnvStep, hashString, mix32 } from '../hash32.ts';
import {
  SYMBOL_IDENTIFIER,
  SYMBOL_NUMBER,
  SYMBOL_STRING,
  TokenKind,
  TokenSink,
  keywordSymbol,
  literalSymbol,
  punctSymbol,
  rawIdentifierSymbol,
  type TokenStream,
} from './token-stream.ts';

/**
 * The scanning loop every family lexer shares. A family is data (character classes, keywords,
 * operators, comment and quote syntax) plus an optional hook for its oddities (Python string prefixes,
 * shell `#`, SQL quoted names). Each character is visited a bounded number of times and nothing
 * backtracks, so time is linear; unterminated strings and comments simply end at the line or text end.
 */

export const IDENT_START = 1;
export const IDENT_PART = 2;

export interface QuoteRule {
  escapes: boolean;
  multiline: boolean;
}

export interface LexerSpec {
  /** Per ASCII code: IDENT_START | IDENT_PART bits. Code units >= 128 (except spaces) are identifier parts. */
  classes: Uint8Array;
  keywords: Set<number>;
  foldCase: boolean;
  /** Multi-character operators, packed with `packOperator`. */
  operators: Set<number>;
  lineComments: string[];
  blockComment?: [string, string];
  quotes: Map<number, QuoteRule>;
  /** Punctuation dropped from the stream (statement separators a formatter adds or removes). */
  dropped: Set<number>;
  /** Family-specific handling at `pos`; returns the new position, or -1 to fall through. */
  hook?: (lx: Lexer) => number;
  /** ASCII characters at which `hook` may act (it is not called elsewhere). */
  hookChars?: string;
}

const starts = new WeakMap<LexerSpec, Uint8Array>();
/** Per ASCII code: does some multi-character operator start with it? */
function operatorStarts(spec: LexerSpec): Uint8Array {
  let t = starts.get(spec);
  if (!t) {
    t = new Uint8Array(128);
    for (const op of spec.operators) t[op & 0x7f] = 1;
    starts.set(spec, t);
  }
  return t;
}

const SPECIAL_HOOK = 1;
const SPECIAL_COMMENT = 2;
const SPECIAL_QUOTE = 4;

/** Per ASCII code: may a hook or a comment start here? Skips both checks for most characters. */
const specials = new WeakMap<LexerSpec, Uint8Array>();
function specialTable(spec: LexerSpec): Uint8Array {
  let t = specials.get(spec);
  if (!t) {
    t = new Uint8Array(128);
    for (const ch of spec.hookChars ?? '') t[ch.charCodeAt(0)]! |= SPECIAL_HOOK;
    for (const c of [...spec.lineComments, ...(spec.blockComment ? [spec.blockComment[0]] : [])]) t[c.charCodeAt(0)]! |= SPECIAL_COMMENT;
    for (const q of spec.quotes.keys()) if (q < 128) t[q]! |= SPECIAL_QUOTE;
    specials.set(spec, t);
  }
  return t;
}

export function packOperator(op: string): number {
  let v = 0;
  for (let i = 0; i < op.length; i++) v |= op.charCodeAt(i) << (7 * i);
  return v;
}

export function identifierClasses(extraStart: string, extraPart: string): Uint8Array {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    if (/[A-Za-z_]/.test(ch) || extraStart.includes(ch)) t[c] = IDENT_START | IDENT_PART;
    else if (/[0-9]/.test(ch) || extraPart.includes(ch)) t[c] = IDENT_PART;
  }
  return t;
}

export function keywordSet(words: string, fold = false): Set<number> {
  return new Set(words.split(/\s+/).filter(Boolean).map((w) => hashString(w, fold)));
}

const COMMA = punctSymbol(44);
/** `)`, `]`, `}`: a comma right before one is dropped. */
const isCloser = (code: number): boolean => code === 41 || code === 93 || code === 125;

/** A family's sets as flat tables, so the per-token checks are array reads instead of Set lookups. */
interface SpecTables {
  /** Keyword hashes, open addressing (0 = empty; a keyword hashing to 0 is `zeroKeyword`). */
  keywords: Uint32Array;
  zeroKeyword: boolean;
  /** Per ASCII code: dropped (1) or not. */
  dropped: Uint8Array;
  /** Per ASCII code: its punctuation symbol. */
  punct: Uint32Array;
}

const tables = new WeakMap<LexerSpec, SpecTables>();
function specTables(spec: LexerSpec): SpecTables {
  let t = tables.get(spec);
  if (!t) {
    let size = 16;
    while (size < 4 * spec.keywords.size) size *= 2;
    const keywords = new Uint32Array(size);
    let zeroKeyword = false;
    for (const h of spec.keywords) {
      if (h === 0) {
        zeroKeyword = true;
        continue;
      }
      let slot = h & (size - 1);
      while (keywords[slot] !== 0 && keywords[slot] !== h) slot = (slot + 1) & (size - 1);
      keywords[slot] = h;
    }
    const dropped = new Uint8Array(128);
    const punct = new Uint32Array(128);
    for (let c = 0; c < 128; c++) {
      dropped[c] = spec.dropped.has(c) ? 1 : 0;
      punct[c] = punctSymbol(c);
    }
    t = { keywords, zeroKeyword, dropped, punct };
    tables.set(spec, t);
  }
  return t;
}

function isKeyword(t: SpecTables, h: number): boolean {
  if (h === 0) return t.zeroKeyword;
  const table = t.keywords;
  const mask = table.length - 1;
  for (let slot = h & mask; ; slot = (slot + 1) & mask) {
    const v = table[slot] ?? 0;
    if (v === h) return true;
    if (v === 0) return false;
  }
}

export class Lexer {
  readonly text: string;
  readonly spec: LexerSpec;
  readonly sink: TokenSink;
  line = 1;
  /** Position of the scan, exposed to hooks. */
  pos = 0;

  private readonly opStarts: Uint8Array;
  private readonly tables: SpecTables;

  /** `reuse`: lex into the shared sink (TokenSink.reusable): the stream is valid until the next such lexing. */
  constructor(text: string, spec: LexerSpec, reuse = false) {
    this.text = text;
    this.spec = spec;
    this.opStarts = operatorStarts(spec);
    this.tables = specTables(spec);
    this.sink = reuse ? TokenSink.reusable(text.length) : new TokenSink(text.length);
  }

  isSpace(c: number): boolean {
    return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || c === 0xfeff || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029;
  }

  isIdentPart(c: number): boolean {
    return c < 128 ? ((this.spec.classes[c] ?? 0) & IDENT_PART) !== 0 : !this.isSpace(c);
  }

  isIdentStart(c: number): boolean {
    return c < 128 ? ((this.spec.classes[c] ?? 0) & IDENT_START) !== 0 : !this.isSpace(c);
  }

  startsWith(pos: number, s: string): boolean {
    return this.text.startsWith(s, pos);
  }

  /** Advances to `end`, counting newlines in between (for multi-line strings and comments). */
  advance(pos: number, end: number): number {
    for (let i = this.text.indexOf('\n', pos); i >= 0 && i < end; i = this.text.indexOf('\n', i + 1)) this.line++;
    return end;
  }

  /** A string literal from the opening quote (or prefix) at `pos`; `quote` may be 1 or 3 characters. */
  scanString(pos: number, bodyStart: number, quote: string, rule: QuoteRule): number {
    const text = this.text;
    const line = this.line;
    const q = quote.charCodeAt(0);
    let i = bodyStart;
    // The body's text is hashed for the exact channel — not the quotes (formatters swap quote styles),
    // not whitespace (re-indenting moves a multi-line string's lines).
    let h = FNV_OFFSET;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 92 && rule.escapes) {
        h = fnvStep(fnvStep(h, c), text.charCodeAt(i + 1));
        i += 2;
        continue;
      }
      if (c === 10 && !rule.multiline) break;
      if (c === q && (quote.length === 1 || text.startsWith(quote, i))) {
        i += quote.length;
        break;
      }
      if (c > 32) h = fnvStep(h, c);
      i++;
    }
    i = Math.min(i, text.length);
    this.advance(pos, i);
    this.sink.push(TokenKind.string, SYMBOL_STRING, literalSymbol(mix32(h)), line, pos, i);
    return i;
  }

  /** Pushes a word: keyword if the family knows it, else an identifier (structure symbol + raw text). */
  pushWord(start: number, end: number): void {
    let h = FNV_OFFSET;
    const fold = this.spec.foldCase;
    for (let i = start; i < end; i++) {
      let c = this.text.charCodeAt(i);
      if (fold && c >= 65 && c <= 90) c += 32;
      h = fnvStep(h, c);
    }
    this.pushWordHash(mix32(h), start, end);
  }

  pushWordHash(h: number, start: number, end: number): void {
    if (isKeyword(this.tables, h)) {
      const sym = keywordSymbol(h);
      this.sink.push(TokenKind.keyword, sym, sym, this.line, start, end);
    } else {
      this.sink.push(TokenKind.identifier, SYMBOL_IDENTIFIER, rawIdentifierSymbol(h), this.line, start, end);
    }
  }

  pushIdentifierHash(h: number, start: number, end: number, line: number): void {
    this.sink.push(TokenKind.identifier, SYMBOL_IDENTIFIER, rawIdentifierSymbol(h), line, start, end);
  }

  pushPunct(code: number, start: number, end: number): void {
    if (code < 128 ? this.tables.dropped[code] === 1 : this.spec.dropped.has(code)) return;
    const sym = code < 128 ? (this.tables.punct[code] ?? 0) : punctSymbol(code);
    // Trailing commas come and go with formatters: `f(a, b,)` and `f(a, b)` must tokenise the same.
    if (isCloser(code) && this.sink.lastNorm() === COMMA) this.sink.pop();
    this.sink.push(TokenKind.punct, sym, sym, this.line, start, end);
  }

  scanNumber(pos: number): number {
    const text = this.text;
    let i = pos + 1;
    const hex = text.charCodeAt(pos) === 48 && (text.charCodeAt(pos + 1) | 32) === 120;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      const prev = text.charCodeAt(i - 1);
      if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46) i++;
      else if ((c === 43 || c === 45) && (prev | 32) === 101 && !hex) i++;
      else break;
    }
    let h = FNV_OFFSET;
    for (let j = pos; j < i; j++) h = fnvStep(h, text.charCodeAt(j) | 32);
    this.sink.push(TokenKind.number, SYMBOL_NUMBER, literalSymbol(mix32(h) ^ 1), this.line, pos, i);
    return i;
  }

  scanOperator(pos: number): number {
    const text = this.text;
    const ops = this.spec.operators;
    const c0 = text.charCodeAt(pos);
    const c1 = text.charCodeAt(pos + 1) || 0;
    const c2 = text.charCodeAt(pos + 2) || 0;
    if (c0 < 128 && (this.opStarts[c0] ?? 0) !== 0 && c1 < 128 && c2 < 128) {
      const p3 = c0 | (c1 << 7) | (c2 << 14);
      if (c2 !== 0 && ops.has(p3)) return this.pushPunct(p3, pos, pos + 3), pos + 3;
      const p2 = c0 | (c1 << 7);
      if (c1 !== 0 && ops.has(p2)) return this.pushPunct(p2, pos, pos + 2), pos + 2;
    }
    this.pushPunct(c0, pos, pos + 1);
    return pos + 1;
  }

  run(): TokenStream {
    const text = this.text;
    const spec = this.spec;
    const n = text.length;
    const special = specialTable(spec);
    const classes = spec.classes;
    const fold = spec.foldCase;
    let pos = 0;
    outer: while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c <= 32 ? c === 32 || (c >= 9 && c <= 13) : c >= 128 && this.isSpace(c)) {
        if (c === 10) this.line++;
        pos++;
        continue;
      }
      const flags = c < 128 ? (special[c] ?? 0) : SPECIAL_HOOK | SPECIAL_COMMENT | SPECIAL_QUOTE;
      if (flags === 0) {
        // fast path: no hook, no comment can start here
      } else if (spec.hook && (flags & SPECIAL_HOOK) !== 0) {
        this.pos = pos;
        const next = spec.hook(this);
        if (next >= 0) {
          pos = next;
          continue;
        }
      }
      if ((flags & SPECIAL_COMMENT) !== 0) {
        for (const lc of spec.lineComments) {
          if (text.startsWith(lc, pos)) {
            const nl = text.indexOf('\n', pos);
            pos = nl < 0 ? n : nl;
            continue outer;
          }
        }
        const block = spec.blockComment;
        if (block && text.startsWith(block[0], pos)) {
          const close = text.indexOf(block[1], pos + block[0].length);
          pos = this.advance(pos, close < 0 ? n : close + block[1].length);
          continue;
        }
      }
      if ((flags & SPECIAL_QUOTE) !== 0) {
        const rule = spec.quotes.get(c);
        if (rule) {
          pos = this.scanString(pos, pos + 1, text[pos] ?? '', rule);
          continue;
        }
      }
      const d = text.charCodeAt(pos + 1);
      if ((c >= 48 && c <= 57) || (c === 46 && d >= 48 && d <= 57)) {
        pos = this.scanNumber(pos);
        continue;
      }
      if (c < 128 ? (classes[c] ?? 0) & IDENT_START : !this.isSpace(c)) {
        // Word: scanned and hashed (FNV-1a, folded for case-insensitive families) in one pass.
        let h = fnvStep(FNV_OFFSET, fold && c >= 65 && c <= 90 ? c + 32 : c);
        let end = pos + 1;
        for (; end < n; end++) {
          const d2 = text.charCodeAt(end);
          if (d2 < 128 ? ((classes[d2] ?? 0) & IDENT_PART) === 0 : this.isSpace(d2)) break;
          h = fnvStep(h, fold && d2 >= 65 && d2 <= 90 ? d2 + 32 : d2);
        }
        this.pushWordHash(mix32(h), pos, end);
        pos = end;
        continue;
      }
      pos = this.scanOperator(pos);
    }
    return this.sink.finish();
  }
}
