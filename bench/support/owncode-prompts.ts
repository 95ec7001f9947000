/**
 * 150 KB prompts for the own-code lookup benchmark, shaped like a coding agent's request: prose turns,
 * line-numbered Read tool results (Claude Code's `     12→` gutter) and fenced snippets, some of indexed
 * files and some of files the index has never seen. Every prompt draws different files and offsets, so
 * timing a run of them measures uncached lookups.
 */
import type { SourceFile } from './owncode-corpus.ts';

const WORDS =
  'the a function returns value when request handler should please fix this bug test fails because config file parse error we need to refactor module so that it reads options from environment and logs warning instead of throwing'.split(
    ' ',
  );

export function prose(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)] ?? 'the');
  return `${out.join(' ')}.`;
}

/** Lines [start, start + count) of a file (0-based start). */
export function sliceLines(file: SourceFile, start: number, count: number): string[] {
  return file.text.split('\n').slice(start, start + count);
}

export function numbered(lines: string[], firstLine: number): string {
  return lines.map((l, i) => `${String(firstLine + i).padStart(6)}→${l}`).join('\n');
}

function pick<T>(rand: () => number, xs: readonly T[]): T {
  const x = xs[Math.floor(rand() * xs.length)];
  if (x === undefined) throw new Error('pick from an empty list');
  return x;
}

/** One prompt as segments (messages / tool results), about `targetChars` in total. */
export function makePrompt(rand: () => number, indexed: readonly SourceFile[], unindexed: readonly SourceFile[], targetChars: number): string[] {
  const segments: string[] = [];
  let size = 0;
  while (size < targetChars) {
    const r = rand();
    let seg: string;
    if (r < 0.25) seg = prose(rand, 20 + Math.floor(rand() * 120));
    else {
      const file = pick(rand, r < 0.7 ? indexed : unindexed);
      const count = 30 + Math.floor(rand() * 170);
      const start = Math.floor(rand() * Math.max(1, file.lines - count));
      const lines = sliceLines(file, start, count);
      seg = r < 0.55 || r >= 0.85 ? numbered(lines, start + 1) : `${prose(rand, 12)}\n\n\`\`\`${file.repo === 'python' ? 'python' : 'ts'}\n${lines.join('\n')}\n\`\`\``;
    }
    seg = seg.slice(0, Math.max(1, targetChars - size + 200));
    segments.push(seg);
    size += seg.length + 2;
  }
  return segments;
}
