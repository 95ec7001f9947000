import { Lexer, identifierClasses, keywordSet, packOperator, type LexerSpec, type QuoteRule } from './lexer-core.ts';
import type { TokenStream } from './token-stream.ts';

/**
 * Python: `#` comments, triple-quoted strings, string prefixes (`r`, `b`, `f`, `rb`, …). Indentation is
 * dropped like all whitespace: with `:` and keywords kept, the block structure still shows in the stream.
 */

const KEYWORDS = keywordSet(`
  False None True and as assert async await break class continue def del elif else except finally for from
  global if import in is lambda nonlocal not or pass raise return try while with yield match case self cls
`);

const OPERATORS = new Set(
  `**= //= >>= <<= ... -> := == != <= >= ** // << >> += -= *= /= %= &= |= ^= @=`.split(/\s+/).filter(Boolean).map(packOperator),
);

const SINGLE: QuoteRule = { escapes: true, multiline: false };
const TRIPLE: QuoteRule = { escapes: true, multiline: true };
const PREFIX = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/;

/** r R b B u U f F (char codes: checked per word start, so no regex and no one-character strings). */
function isPrefixLetter(c: number): boolean {
  const l = c | 32;
  return c < 128 && (l === 114 || l === 98 || l === 117 || l === 102);
}

function hook(lx: Lexer): number {
  const text = lx.text;
  const pos = lx.pos;
  let q = pos;
  // A string prefix is 1–2 letters directly before the quote.
  while (q < pos + 2 && q < text.length && isPrefixLetter(text.charCodeAt(q))) q++;
  const c = text.charCodeAt(q);
  if (c !== 34 && c !== 39) return -1;
  if (q > pos && (!PREFIX.test(text.slice(pos, q)) || (pos > 0 && lx.isIdentPart(text.charCodeAt(pos - 1))))) return -1;
  const quote = text[q] ?? '';
  const triple = quote.repeat(3);
  if (text.startsWith(triple, q)) return lx.scanString(pos, q + 3, triple, TRIPLE);
  return lx.scanString(pos, q + 1, quote, SINGLE);
}

const SPEC: LexerSpec = {
  classes: identifierClasses('', ''),
  keywords: KEYWORDS,
  foldCase: false,
  operators: OPERATORS,
  lineComments: ['#'],
  quotes: new Map(),
  dropped: new Set([59, 92]), // `;` and line-continuation backslashes
  hook,
  hookChars: `\'"rRbBuUfF`,
};

export function lexPython(text: string, reuse = false): TokenStream {
  return new Lexer(text, SPEC, reuse).run();
}
