/**
 * Edits that keep the code's meaning but change its text: comments removed (Python docstrings too: they
 * are comments in all but syntax) or added (whole-line and trailing), and independent one-line
 * statements of the same block swapped.
 */
import type { LanguageFamily } from '../../src/inspection/own-code/tokenize/language-for.ts';
import { TokenKind } from '../../src/inspection/own-code/tokenize/token-stream.ts';
import { CLOSERS, OPENERS, commentPattern, join, lex } from './tokens.ts';

export function removeComments(text: string, family: LanguageFamily): string {
  const l = lex(text, family);
  const re = commentPattern(family);
  l.gaps = l.gaps.map((g) => g.replace(re, ''));
  if (family === 'python') {
    // A string that is a statement alone on its line(s) is a docstring: drop it.
    for (let i = 0; i < l.toks.length; i++) {
      const t = l.toks[i];
      if (t?.kind !== TokenKind.string) continue;
      const before = l.gaps[i] ?? '';
      const after = l.gaps[i + 1] ?? '';
      const lineStart = i === 0 || before.includes('\n');
      const lineEnd = i === l.toks.length - 1 || after.includes('\n');
      if (lineStart && lineEnd) t.text = '';
    }
  }
  // Lines left empty by the removals collapse to one blank line at most.
  return join(l)
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n');
}

const REMARKS = ['TODO: check this', 'see the ticket', 'keep in sync with the server', 'note: order matters', 'handles the empty case', 'fast path', 'XXX revisit', 'added for the migration'];

export function addComments(text: string, family: LanguageFamily, rand: () => number): string {
  const mark = family === 'python' || family === 'shell' ? '#' : family === 'sql' ? '--' : '//';
  const l = lex(text, family);
  const remark = (): string => `${mark} ${REMARKS[Math.floor(rand() * REMARKS.length)] ?? 'note'}`;
  for (let i = 0; i < l.toks.length; i++) {
    const gap = l.gaps[i] ?? '';
    const nl = gap.lastIndexOf('\n');
    if (nl < 0) continue;
    // A token starts a line here: put a comment line above it (same indentation) ...
    const ws = gap.slice(nl + 1);
    if (/^[ \t]*$/.test(ws) && rand() < 0.15) l.gaps[i] = `${gap.slice(0, nl + 1)}${ws}${remark()}\n${ws}`;
    // ... or after the previous line's last token.
    else if (i > 0 && !/\/\/|#|--|\*\//.test(gap.slice(0, gap.indexOf('\n'))) && rand() < 0.1) l.gaps[i] = `  ${remark()}${l.gaps[i] ?? ''}`;
  }
  return join(l);
}

const PY_BLOCKERS = /^(?:return|if|elif|else|for|while|def|class|try|except|finally|with|break|continue|raise|pass|yield|async|await|@|import|from|global|nonlocal|assert|del)\b/;
const C_BLOCKERS = /^(?:return|if|else|for|while|do|switch|case|default|break|continue|throw|try|catch|finally|function|class|import|export|yield|await|@|\}|\{|#)/;

/** Swaps up to one pair of adjacent independent statement lines per ~10 lines. */
export function reorderStatements(text: string, family: LanguageFamily, rand: () => number): string {
  const lines = text.split('\n');
  // Bracket depth at each line start, from the lexer (strings and comments cannot disturb it).
  const l = lex(text, family);
  const depthAt = new Array<number>(lines.length + 1).fill(-1);
  const multi = new Set<number>();
  let depth = 0;
  for (const t of l.toks) {
    const li = t.line - 1;
    if (depthAt[li] === -1) depthAt[li] = depth;
    if (t.text.includes('\n')) for (let j = li; j <= li + (t.text.match(/\n/g)?.length ?? 0); j++) multi.add(j);
    if (OPENERS.has(t.text)) depth++;
    else if (CLOSERS.has(t.text)) depth--;
  }
  const ok = (i: number): boolean => {
    const s = lines[i];
    const next = depthAt[i + 1];
    if (s === undefined || multi.has(i) || depthAt[i] === -1 || next === undefined) return false;
    const body = s.trim();
    if (body === '' || (family === 'python' ? PY_BLOCKERS : C_BLOCKERS).test(body) || /^(?:\/\/|#|\/\*|\*)/.test(body)) return false;
    // A whole statement: brackets balanced on the line, and it does not open a block or continue.
    if (next !== -1 && next !== depthAt[i]) return false;
    return family === 'python' ? !/[:,\\([{]$/.test(body) : /;$/.test(body) || (!/[,{([=+\-*/&|?:.]$/.test(body) && !/^[.?:]/.test(body));
  };
  const indentOf = (s: string): string => /^[ \t]*/.exec(s)?.[0] ?? '';
  let swaps = 0;
  const wanted = Math.max(1, Math.round(lines.length / 10));
  const order = [...lines.keys()].sort(() => rand() - 0.5);
  const used = new Set<number>();
  for (const i of order) {
    if (swaps >= wanted) break;
    if (used.has(i) || used.has(i + 1) || !ok(i) || !ok(i + 1) || depthAt[i] !== depthAt[i + 1]) continue;
    const a = lines[i] ?? '';
    const b = lines[i + 1] ?? '';
    if (indentOf(a) !== indentOf(b) || a.trim() === b.trim()) continue;
    lines[i] = b;
    lines[i + 1] = a;
    used.add(i).add(i + 1);
    swaps++;
  }
  return lines.join('\n');
}
