/**
 * Reformatting, as a different formatter or editor would leave the same code: indentation re-scaled
 * (2 ↔ 4 spaces, or tabs), spacing around operators and after commas changed, lines joined and split
 * inside brackets (safe in every family, Python included), in C-like code two statements sometimes
 * joined on one line after their `;` and trailing `;` dropped, and quote style swapped on plain string
 * literals. Comments are kept. Works on the detector's token gaps, so it never edits inside a string.
 */
import type { LanguageFamily } from '../../src/inspection/own-code/tokenize/language-for.ts';
import { TokenKind } from '../../src/inspection/own-code/tokenize/token-stream.ts';
import { CLOSERS, OPENERS, join, lex, type Lexed } from './tokens.ts';

type Indent = (ws: string) => string;

function columns(ws: string): number {
  let c = 0;
  for (const ch of ws) c += ch === '\t' ? 4 : 1;
  return c;
}

function indenter(text: string, family: LanguageFamily, rand: () => number): Indent {
  const usesTabs = /^\t/m.test(text);
  const twos = (text.match(/^ {2}(?! )/gm) ?? []).length;
  const fours = (text.match(/^ {4}(?! )/gm) ?? []).length;
  // 2-space code goes to 4; 4-space or tabbed code goes to 2 (or, for C-like, tabs ↔ spaces).
  if (usesTabs) return (ws) => ' '.repeat(columns(ws) / 2);
  if (twos > fours) return (ws) => ' '.repeat(columns(ws) * 2);
  if (family !== 'python' && rand() < 0.5) return (ws) => '\t'.repeat(Math.round(columns(ws) / 4)) + ' '.repeat(columns(ws) % 4);
  return (ws) => ' '.repeat(Math.round(columns(ws) / 2));
}

const reindentGap = (gap: string, indent: Indent): string => gap.replace(/\n([ \t]*)/g, (_m, ws: string) => `\n${indent(ws)}`);

function swapQuotes(tok: string): string {
  const q = tok[0];
  if ((q !== "'" && q !== '"') || tok.length < 2 || tok[tok.length - 1] !== q) return tok;
  const body = tok.slice(1, -1);
  if (/['"\\`]|\$\{/.test(body)) return tok;
  const other = q === "'" ? '"' : "'";
  return other + body + other;
}

/** Operators a formatter puts spaces around (or a terse author leaves them out). */
const SPACED = /^(?:[=+\-*/%<>&|^?:]|[=!<>+\-*/%&|^?]=|===|!==|&&|\|\||\?\?|=>)$/;

const isWord = (kind: TokenKind): boolean => kind !== TokenKind.punct;

export function reformat(text: string, family: LanguageFamily, rand: () => number): string {
  const l: Lexed = lex(text, family);
  const indent = indenter(text, family, rand);
  const { toks, gaps } = l;
  // Bracket depth before each token; in C-like code braces are blocks (joining inside them needs a `;`).
  let depth = 0;
  let lineLength = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const prev = toks[i - 1];
    const gap = gaps[i] ?? '';
    if (!t) continue;
    const stripped = gap.replace(/\s+/g, '');
    let g = gap;
    if (gap.includes('\n')) {
      if (stripped === '' && depth > 0 && prev && rand() < 0.5) {
        g = OPENERS.has(prev.text) || CLOSERS.has(t.text) ? '' : ' '; // join inside brackets
      } else if (family !== 'python' && stripped === ';' && rand() < 0.15) {
        g = '; '; // two statements on one line
      } else {
        g = reindentGap(family !== 'python' && stripped === ';' && rand() < 0.5 ? gap.replace(';', '') : gap, indent);
      }
    } else if (stripped === '' && prev && i > 0) {
      // Spacing: words must stay apart; around punctuation add or drop one space.
      if (isWord(prev.kind) && isWord(t.kind)) g = ' ';
      else if (gap === '' && (SPACED.test(t.text) || SPACED.test(prev.text) || prev.text === ',') && rand() < 0.6) g = ' ';
      else if (gap !== '' && (SPACED.test(t.text) || SPACED.test(prev.text)) && rand() < 0.4) g = '';
      // Split long lines after a comma inside brackets.
      if (prev.text === ',' && depth > 0 && lineLength > 50 && rand() < 0.6) {
        g = `\n${' '.repeat(4 * Math.min(depth + 1, 6))}`;
      }
    }
    gaps[i] = g;
    if (t.kind === TokenKind.string) t.text = rand() < 0.7 ? swapQuotes(t.text) : t.text;
    const nl = g.lastIndexOf('\n');
    lineLength = (nl >= 0 ? g.length - nl - 1 : lineLength + g.length) + t.text.length;
    if (OPENERS.has(t.text) && (family === 'python' || t.text !== '{')) depth++;
    else if (CLOSERS.has(t.text) && (family === 'python' || t.text !== '}')) depth = Math.max(0, depth - 1);
  }
  gaps[toks.length] = reindentGap(gaps[toks.length] ?? '', indent);
  if (toks.length > 0) gaps[0] = reindentGap(`\n${gaps[0] ?? ''}`, indent).slice(1);
  return join(l).replace(/^[ \t]+/, (ws) => indent(ws));
}
