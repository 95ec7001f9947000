import { Lexer, identifierClasses, packOperator, type LexerSpec } from './lexer-core.ts';
import type { TokenStream } from './token-stream.ts';

/**
 * Fallback for languages without a family (Ruby, Lua, Perl, YAML, …) and for text we cannot place. It
 * knows no keywords, so every word is an identifier on the structure channel; fingerprints then lean on
 * punctuation and the identifier channel. Comments: `//`, `/* *\/` and `#` to end of line.
 */

const OPERATORS = new Set(`=== !== == != <= >= && || -> => :: ++ -- += -= << >>`.split(/\s+/).filter(Boolean).map(packOperator));

const SPEC: LexerSpec = {
  classes: identifierClasses('$', ''),
  keywords: new Set(),
  foldCase: false,
  operators: OPERATORS,
  lineComments: ['//', '#'],
  blockComment: ['/*', '*/'],
  quotes: new Map([
    [34, { escapes: true, multiline: false }],
    [39, { escapes: true, multiline: false }],
    [96, { escapes: true, multiline: true }],
  ]),
  dropped: new Set([59]),
};

export function lexGeneric(text: string, reuse = false): TokenStream {
  return new Lexer(text, SPEC, reuse).run();
}
