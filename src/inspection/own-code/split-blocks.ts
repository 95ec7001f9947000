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

export function splitBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  const add = (start: number, end: number, label: string | undefined): void => {
    if (end <= start) return;
    const body = text.slice(start, end);
    if (body.trim() === '') return;
    const labelled = label ? languageForLabel(label) : undefined;
    for (const family of labelled ? [labelled] : guessLanguages(body)) blocks.push({ start, text: body, family });
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
