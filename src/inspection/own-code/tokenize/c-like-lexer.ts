import { Lexer, identifierClasses, keywordSet, packOperator, type LexerSpec } from './lexer-core.ts';
import type { TokenStream } from './token-stream.ts';

/**
 * C-like family: C, C++, C#, Java, Kotlin, Swift, Go, Rust, JavaScript, TypeScript, PHP. One keyword set
 * for all of them: a word that is a keyword in a sibling language (`fn`, `func`, `def`-free) is rare as a
 * name, and one lexer keeps a Java file and a Kotlin paste of it comparable. `;` is dropped (ASI styles
 * and formatters disagree on it); `'`, `"` and backticks are all strings (template literals and Go raw
 * strings may span lines).
 */

const KEYWORDS = keywordSet(`
  abstract as async await break case catch class const continue default defer delete do else enum export
  extends false final finally fn for func function go goto if impl implements import in instanceof interface
  let loop match mod move mut namespace new null nil package private protected public pub readonly return
  select self static struct super switch this throw throws trait true try type typeof undefined use var void
  where while yield chan map range fallthrough override virtual sealed internal using unsafe extern
  int long short char float double boolean bool byte unsigned signed string val fun object when is sizeof
  typedef union volatile register template typename operator friend inline constexpr nullptr auto dyn ref
`);

const OPERATORS = new Set(
  `=== !== **= <<= >>= >>> ... ?.  ?? ??= &&= ||= -> => == != <= >= && || ++ -- += -= *= /= %= &= |= ^= << >> :: ** := <-`
    .split(/\s+/)
    .filter(Boolean)
    .map(packOperator),
);

const SPEC: LexerSpec = {
  classes: identifierClasses('$', ''),
  keywords: KEYWORDS,
  foldCase: false,
  operators: OPERATORS,
  lineComments: ['//'],
  blockComment: ['/*', '*/'],
  quotes: new Map([
    [34, { escapes: true, multiline: false }],
    [39, { escapes: true, multiline: false }],
    [96, { escapes: true, multiline: true }],
  ]),
  dropped: new Set([59]),
};

export function lexCLike(text: string, reuse = false): TokenStream {
  return new Lexer(text, SPEC, reuse).run();
}
