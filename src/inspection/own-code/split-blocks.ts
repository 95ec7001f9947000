import { guessLanguages, languageForLabel, type LanguageFamily } from './tokenize/language-for.ts';

/**
 * Cuts prompt text into blocks that are lexed separately: each fenced code block (its label, when it
 * names a language, picks the lexer) and the text between fences (its family guessed; text mixing
 * languages appears once per family it shows). Lexing prose with
 * a code lexer is harmless: prose yields no fingerprint that a code index holds.
 */

export interface TextBlock {
  start: number;
  text: string;
  family: LanguageFamily;
}

const FENCE = /^[ \t]*(```|~~~)[ \t]*([\w#+.-]*)[^\n]*$/gm;

/**
 * Python's dict- and list-heavy code (lexer rule tables, settings, `tokens = {` … `],`) ends its lines
 * with brackets and commas and is voted C-like; renamed, it loses the names (`self`, `None`) that would
 * tip the vote. Text that also shows what only Python writes — a raw string `r'…'` or
 * `def name(` — is lexed as Python as well (eval:owncode: renamed pygments lexers were lexed C-like only
 * and could never match).
 */
const PYTHON_ONLY = /(?:^|[\s(\[{,=])r["']|^[ \t]*def \w+\(/m;

function withPython(families: LanguageFamily[], body: string): LanguageFamily[] {
  return families.includes('python') || !PYTHON_ONLY.test(body) ? families : [...families, 'python'];
}

export function splitBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  const add = (start: number, end: number, label: string | undefined): void => {
    if (end <= start) return;
    const body = text.slice(start, end);
    if (body.trim() === '') return;
    const labelled = label ? languageForLabel(label) : undefined;
    for (const family of labelled ? [labelled] : withPython(guessLanguages(body), body)) blocks.push({ start, text: body, family });
  };
  let outside = 0;
  let open: { marker: string; label: string; bodyStart: number } | undefined;
  for (const m of text.matchAll(FENCE)) {
    const lineEnd = m.index + m[0].length;
    if (!open) {
      add(outside, m.index, undefined);
      open = { marker: m[1] ?? '```', label: m[2] ?? '', bodyStart: Math.min(text.length, lineEnd + 1) };
    } else if (m[1] === open.marker && (m[2] ?? '') === '') {
      add(open.bodyStart, m.index, open.label);
      open = undefined;
      outside = Math.min(text.length, lineEnd + 1);
    }
  }
  if (open) add(open.bodyStart, text.length, open.label);
  else add(outside, text.length, undefined);
  return blocks;
}
