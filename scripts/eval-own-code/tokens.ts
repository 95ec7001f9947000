/**
 * The evaluation's view of a snippet: the detector's own lexer (so "identifier", "string" and "comment"
 * mean exactly what the detector means by them), plus the text between tokens ("gaps": whitespace,
 * comments and the punctuation the lexer drops, `;` and Python's `\`). Mutations rewrite tokens and gaps
 * and join them back into text; the detector then reads that text like any prompt.
 */
import { tokenize, type LanguageFamily } from '../../src/inspection/own-code/tokenize/language-for.ts';
import { TokenKind } from '../../src/inspection/own-code/tokenize/token-stream.ts';

export interface Tok {
  kind: TokenKind;
  text: string;
  line: number;
}

export interface Lexed {
  toks: Tok[];
  /** gaps[i] precedes toks[i]; gaps[toks.length] is the tail. */
  gaps: string[];
}

export function lex(text: string, family: LanguageFamily): Lexed {
  const ts = tokenize(text, family);
  const toks: Tok[] = [];
  const gaps: string[] = [];
  let at = 0;
  for (let i = 0; i < ts.length; i++) {
    const s = ts.start[i] ?? 0;
    const e = ts.end[i] ?? 0;
    // Hooks may emit tokens that overlap (never in practice): keep the text whole either way.
    if (s < at) continue;
    gaps.push(text.slice(at, s));
    toks.push({ kind: (ts.kind[i] ?? TokenKind.punct) as TokenKind, text: text.slice(s, e), line: ts.line[i] ?? 0 });
    at = e;
  }
  gaps.push(text.slice(at));
  return { toks, gaps };
}

export function join(l: Lexed): string {
  let out = '';
  for (let i = 0; i < l.toks.length; i++) out += (l.gaps[i] ?? '') + (l.toks[i]?.text ?? '');
  return out + (l.gaps[l.toks.length] ?? '');
}

export const OPENERS = new Set(['(', '[', '{']);
export const CLOSERS = new Set([')', ']', '}']);

/** Comment text inside a gap, per family. */
export function commentPattern(family: LanguageFamily): RegExp {
  return family === 'python' || family === 'shell' ? /#[^\n]*/g : family === 'sql' ? /--[^\n]*|\/\*[\s\S]*?\*\//g : /\/\/[^\n]*|\/\*[\s\S]*?\*\//g;
}
