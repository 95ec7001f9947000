/**
 * The labelled split and the snippets drawn from it. Files are split by *group* (near-copies together,
 * see bench/support/owncode-corpus.ts) with a seeded hash into the company's code (indexed) and other
 * code (negatives only). A snippet is `length` consecutive lines; it must be mostly code (on at least half
 * of its lines a token other than a string starts: not blank, comment or docstring), since a block of comments is no evidence of anything.
 */
import type { SourceFile } from '../../bench/support/owncode-corpus.ts';
import { hashString } from '../../src/inspection/own-code/hash32.ts';
import { languageForPath, tokenize, type LanguageFamily } from '../../src/inspection/own-code/tokenize/language-for.ts';
import { TokenKind } from '../../src/inspection/own-code/tokenize/token-stream.ts';

export interface Snippet {
  file: SourceFile;
  family: LanguageFamily;
  /** 1-based first line and line count in the file. */
  line: number;
  length: number;
  text: string;
}

export type SplitBy = 'codebase' | 'group';

/**
 * `codebase` (default): whole projects go to one side, so negatives are code the company never wrote or
 * copied. `group`: files of one project are split (near-copies kept together); then generated siblings
 * and hand-copied helpers land on both sides, and the detector — built to find renamed copies — rightly
 * reports them, which shows up as false positives.
 */
export function split(files: readonly SourceFile[], seed: number, companyShare: number, by: SplitBy): { company: SourceFile[]; other: SourceFile[] } {
  const company: SourceFile[] = [];
  const other: SourceFile[] = [];
  for (const f of files) ((hashString(`${seed}:${by === 'codebase' ? f.codebase : f.group}`) / 2 ** 32 < companyShare ? company : other) as SourceFile[]).push(f);
  return { company, other };
}

/**
 * Per line of a whole file (lexed as the index lexes it): does a token other than a string start there?
 * That is code — not a comment, docstring or blank line, also when a snippet starts inside a comment.
 */
function codeLines(text: string, family: LanguageFamily): Uint8Array {
  const ts = tokenize(text, family);
  const out = new Uint8Array(text.length + 2);
  // Data (YAML, JSON) and languages without a lexer of their own are read by the generic lexer: any token is content there.
  for (let i = 0; i < ts.length; i++) if (family === 'generic' || ts.kind[i] !== TokenKind.string) out[ts.line[i] ?? 0] = 1;
  return out;
}

export class SnippetSampler {
  private readonly files: readonly SourceFile[];
  private readonly lines: string[][];
  private readonly cumulative: number[] = [];
  private readonly code = new Map<number, Uint8Array>();

  constructor(files: readonly SourceFile[]) {
    this.files = files;
    this.lines = files.map((f) => f.text.split('\n'));
    let total = 0;
    for (const f of files) this.cumulative.push((total += f.lines));
  }

  /** A snippet of `length` lines from a file chosen in proportion to its size; undefined if none fits after 200 tries. */
  draw(rand: () => number, length: number): Snippet | undefined {
    const total = this.cumulative[this.cumulative.length - 1] ?? 0;
    for (let attempt = 0; attempt < 200; attempt++) {
      const x = rand() * total;
      let a = 0;
      let b = this.cumulative.length - 1;
      while (a < b) {
        const m = (a + b) >>> 1;
        if ((this.cumulative[m] ?? 0) <= x) a = m + 1;
        else b = m;
      }
      const file = this.files[a];
      const lines = this.lines[a];
      if (!file || !lines || lines.length < length) continue;
      const start = Math.floor(rand() * (lines.length - length + 1));
      const slice = lines.slice(start, start + length);
      if (slice.some((l) => l.length > 400)) continue; // minified lines are not snippets
      const family = languageForPath(file.path);
      let code = this.code.get(a);
      if (!code) this.code.set(a, (code = codeLines(file.text, family)));
      let n = 0;
      for (let l = start + 1; l <= start + length; l++) n += code[l] ?? 0;
      if (n * 2 < length) continue;
      return { file, family, line: start + 1, length, text: slice.join('\n') };
    }
    return undefined;
  }
}
