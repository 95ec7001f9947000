import { Lexer, identifierClasses, keywordSet, packOperator, type LexerSpec } from './lexer-core.ts';
import type { TokenStream } from './token-stream.ts';

/**
 * POSIX shell / bash. Words include paths and options (`/usr/bin/env`, `--force`, `a.b`): they are
 * identifiers on the structure channel and exact on the identifier channel. `#` starts a comment only at
 * the start of a word (`$#` and `a#b` are not comments). `'…'` has no escapes; both quotes span lines.
 */

const KEYWORDS = keywordSet(`
  if then else elif fi for while until do done case esac in function select return export local readonly
  declare set unset shift exit break continue time
`);

const OPERATORS = new Set(`&& || ;; >> << <<< >& <& &> |& $( \${ $(( (( )) [[ ]]`.split(/\s+/).filter(Boolean).map(packOperator));

function hook(lx: Lexer): number {
  const text = lx.text;
  const pos = lx.pos;
  if (text.charCodeAt(pos) !== 35) return -1;
  const prev = pos > 0 ? text.charCodeAt(pos - 1) : 10;
  if (!(lx.isSpace(prev) || prev === 59 || prev === 124 || prev === 38 || prev === 40)) return -1;
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl;
}

const SPEC: LexerSpec = {
  classes: identifierClasses('-./~', '+:@%,'),
  keywords: KEYWORDS,
  foldCase: false,
  operators: OPERATORS,
  lineComments: [],
  quotes: new Map([
    [34, { escapes: true, multiline: true }],
    [39, { escapes: false, multiline: true }],
    [96, { escapes: true, multiline: true }],
  ]),
  dropped: new Set([59, 92]), // `;` and line continuations
  hook,
  hookChars: '#',
};

export function lexShell(text: string, reuse = false): TokenStream {
  return new Lexer(text, SPEC, reuse).run();
}
