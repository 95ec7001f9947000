import { lexCLike } from './c-like-lexer.ts';
import { lexGeneric } from './generic-lexer.ts';
import { lexPython } from './python-lexer.ts';
import { lexShell } from './shell-lexer.ts';
import { lexSql } from './sql-lexer.ts';
import type { TokenStream } from './token-stream.ts';

/**
 * Which lexer reads a text. Indexed files go by extension; prompt snippets by a code-fence label when
 * there is one, else by a cheap vote over tell-tale lines. A wrong guess costs recall only for that
 * block (fingerprints of different families never match), never a false positive.
 */

export type LanguageFamily = 'c-like' | 'python' | 'shell' | 'sql' | 'generic';

const BY_EXTENSION: Record<string, LanguageFamily> = {};
for (const [family, exts] of [
  ['c-like', 'c h cc cpp cxx hpp hh hxx cs java kt kts scala swift go rs js jsx mjs cjs ts tsx mts cts php dart groovy m mm proto'],
  ['python', 'py pyi pyw'],
  ['shell', 'sh bash zsh ksh'],
  ['sql', 'sql ddl pgsql'],
] as const) {
  for (const ext of exts.split(' ')) BY_EXTENSION[ext] = family;
}

/** Fence labels (```ts) and other names people use for a language. */
const BY_LABEL: Record<string, LanguageFamily> = {
  ...BY_EXTENSION,
  javascript: 'c-like', typescript: 'c-like', java: 'c-like', csharp: 'c-like', 'c#': 'c-like', 'c++': 'c-like',
  golang: 'c-like', rust: 'c-like', kotlin: 'c-like', python: 'python', python3: 'python', shell: 'shell',
  console: 'shell', sh: 'shell', bash: 'shell', zsh: 'shell', postgresql: 'sql', mysql: 'sql', plsql: 'sql',
};

export function languageForPath(path: string): LanguageFamily {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (base === 'makefile' || base === 'dockerfile') return 'shell';
  const dot = base.lastIndexOf('.');
  return dot < 0 ? 'generic' : (BY_EXTENSION[base.slice(dot + 1)] ?? 'generic');
}

export function languageForLabel(label: string): LanguageFamily | undefined {
  return BY_LABEL[label.trim().toLowerCase()];
}

const SIGNS: [LanguageFamily, RegExp][] = [
  ['python', /^\s*(?:def \w+\(.*\)\s*(?:->.*)?:|class \w+(?:\(.*\))?:|from [\w.]+ import |import [\w.]+$|elif |except\b.*:|(?:if|for|while) .*:$)/],
  ['shell', /^\s*(?:#!\/.*sh|fi$|done$|esac$|then$|export \w+=|local \w+|\w+=\$\(|echo |set -e|\w+\(\) *\{$)|; (?:then|do)$|;;$|"\$\{?\w+/],
  ['sql', /^\s*(?:select|insert into|update \w+ set|delete from|create (?:table|view|index|or replace)|alter table|from \w|where |join |group by|order by)\b/i],
  ['c-like', /(?:[;{}]\s*$|^\s*}|^\s*(?:public|private|func|fn|const|let|var|import|package|return|#include)\b|=>|::)/],
  // Weaker Python tells, asked only of lines no sign above claimed: a block opener's trailing colon,
  // `self.`, Python's constants. Without them ~40% of unlabelled 15–60-line Python snippets were guessed
  // c-like or generic and could never match (measured by eval:owncode).
  ['python', /(?::[ \t]*(?:#.*)?$|\bself\.\w|\b(?:None|True|False)\b|^\s*(?:elif|except|raise|pass|yield|lambda|with)\b)/],
];

/**
 * For the signs that are anchored as `^\s*(?:…)`: the ASCII characters their alternatives can start with
 * (`\s` and `trimStart` skip the same characters). Undefined: the sign can match anywhere.
 */
const SIGN_FIRST: (Uint8Array | undefined)[] = [firstChars('dcfiew'), undefined, firstChars('siudcafwjgoSIUDCAFWJGO'), undefined, undefined];

function firstChars(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  return t;
}

/**
 * Guesses a snippet's family from at most its first 400 lines: each line votes for the first family
 * whose sign it shows. Linear and cheap; ties and silence fall back to `generic`.
 */
export function guessLanguage(snippet: string): LanguageFamily {
  return guessLanguages(snippet)[0] ?? 'generic';
}

/**
 * The families a snippet shows, most likely first. Text that mixes languages without fences (a Go file
 * and a Python file pasted one after the other) names each family with at least a fifth of the votes,
 * so the caller can lex it once per family. Without a clear vote it names generic, c-like and python.
 */
export function guessLanguages(snippet: string): LanguageFamily[] {
  const votes: Record<LanguageFamily, number> = { 'c-like': 0, python: 0, shell: 0, sql: 0, generic: 0 };
  let start = 0;
  for (let lines = 0; lines < 400 && start < snippet.length; lines++) {
    let end = snippet.indexOf('\n', start);
    if (end < 0) end = snippet.length;
    const line = snippet.slice(start, Math.min(end, start + 300));
    start = end + 1;
    // Signs anchored at the line's first non-space character are tried only when that character can
    // start them (the same answer, without running the regex on most lines).
    const lead = line.trimStart().charCodeAt(0);
    for (let s = 0; s < SIGNS.length; s++) {
      const entry = SIGNS[s];
      const first = SIGN_FIRST[s];
      if (!entry) continue;
      const [family, sign] = entry;
      if (first !== undefined && !(lead < 128 && first[lead] === 1)) continue;
      if (sign.test(line)) {
        votes[family]++;
        break;
      }
    }
  }
  const families = (['c-like', 'python', 'shell', 'sql'] as const).filter((f) => votes[f] > 0).sort((a, b) => votes[b] - votes[a]);
  const total = families.reduce((n, f) => n + votes[f], 0);
  const best = families[0];
  // No clear family: lex as generic and as the two most common families; a wrong family finds nothing.
  if (best === undefined || !(votes[best] >= 2 || votes[best] === total)) return ['generic', 'c-like', 'python'];
  return families.filter((f) => f === best || (votes[f] >= 2 && votes[f] * 5 >= total));
}

const LEXERS: Record<LanguageFamily, (text: string, reuse?: boolean) => TokenStream> = {
  'c-like': lexCLike,
  python: lexPython,
  shell: lexShell,
  sql: lexSql,
  generic: lexGeneric,
};

/**
 * `reuse`: lex into memory shared by all reusing calls (TokenSink.reusable) — no allocation per call, but
 * the stream is valid only until the next reusing call. For a caller that is done with a stream before
 * it lexes the next text (the lookup, block by block).
 */
export function tokenize(text: string, family: LanguageFamily, reuse = false): TokenStream {
  return LEXERS[family](text, reuse);
}
