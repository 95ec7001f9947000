import { hashString } from '../hash32.ts';
import { Lexer, identifierClasses, keywordSet, packOperator, type LexerSpec } from './lexer-core.ts';
import type { TokenStream } from './token-stream.ts';

/**
 * SQL (ANSI plus the common dialect bits). Keywords and names are case-insensitive, so `SELECT`/`select`
 * and `Users`/`users` are the same token. `"name"` and `` `name` `` are quoted identifiers (case kept);
 * `'…'` is a string (`''` inside reads as two adjacent strings, the same on both sides of a comparison).
 */

const KEYWORDS = keywordSet(
  `
  select from where and or not in is null like between exists insert into values update set delete create
  table view index unique primary key foreign references on join left right inner outer full cross group by
  order having limit offset union all distinct as case when then else end begin commit rollback alter add
  drop column constraint default check with returning asc desc true false if replace function procedure
  trigger declare return returns language cascade grant revoke to using over partition window cast
  int integer bigint smallint varchar char text boolean date timestamp numeric decimal serial
`,
  true,
);

const OPERATORS = new Set(`<> <= >= != || :: := ->> ->`.split(/\s+/).filter(Boolean).map(packOperator));

function hook(lx: Lexer): number {
  const text = lx.text;
  const pos = lx.pos;
  const c = text.charCodeAt(pos);
  if (c !== 34 && c !== 96) return -1;
  const close = text.indexOf(text[pos] ?? '', pos + 1);
  let lineEnd = text.indexOf('\n', pos);
  if (lineEnd < 0) lineEnd = text.length;
  const closed = close >= 0 && close < lineEnd;
  const contentEnd = closed ? close : lineEnd;
  const end = closed ? close + 1 : lineEnd;
  lx.pushIdentifierHash(hashString(text.slice(pos + 1, contentEnd), true), pos, end, lx.line);
  return end;
}

const SPEC: LexerSpec = {
  classes: identifierClasses('@#', '$'),
  keywords: KEYWORDS,
  foldCase: true,
  operators: OPERATORS,
  lineComments: ['--'],
  blockComment: ['/*', '*/'],
  quotes: new Map([[39, { escapes: false, multiline: true }]]),
  dropped: new Set([59]),
  hook,
  hookChars: '"`',
};

export function lexSql(text: string, reuse = false): TokenStream {
  return new Lexer(text, SPEC, reuse).run();
}
