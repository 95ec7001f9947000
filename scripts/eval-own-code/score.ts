/**
 * What counts as found. A finding's description is `repo:path:Lx-Ly (coverage c)`. A positive is *found*
 * when some finding names its file with a line range overlapping the snippet's (`exact`), or names
 * another file of the same group (`copy`: the same module's .js/.mjs/.d.ts twin, which the index holds
 * too). Location quality of exact hits: the share of the reported lines inside the snippet (precision)
 * and of the snippet's lines reported (line recall).
 */
import type { Detection } from '../../src/inspection/finding.ts';
import type { SourceFile } from '../../bench/support/owncode-corpus.ts';
import type { Snippet } from './sample.ts';

export interface Parsed {
  repo: string;
  path: string;
  start: number;
  end: number;
  confidence: string;
}

const DESCRIPTION = /^([^:]*):(.*):L(\d+)-L(\d+) \(coverage [\d.]+\)$/;

export function parse(d: Detection): Parsed | undefined {
  const m = DESCRIPTION.exec(d.description ?? '');
  if (!m) return undefined;
  return { repo: m[1] ?? '', path: m[2] ?? '', start: Number(m[3]), end: Number(m[4]), confidence: d.confidence };
}

export interface Outcome {
  found: boolean;
  exact: boolean;
  high: boolean;
  precision: number;
  lineRecall: number;
  /** Findings that name neither the file nor a copy of it. */
  stray: number;
}

/**
 * `copyOf(key, start, end)`: share of the snippet's substantial original lines found verbatim in lines
 * [start, end] of the company file `key` — a finding naming a file that holds the same code (a library
 * vendored twice, a `.umd.js` and a `.cjs` build of one source) names a true source of the snippet, not
 * an unrelated file. Counted as found (`copy`) at ≥ 0.5.
 */
export function judge(snippet: Snippet, findings: Detection[], groupOf: Map<string, string>, copyOf?: (key: string, start: number, end: number) => number): Outcome {
  const first = snippet.line;
  const last = snippet.line + snippet.length - 1;
  const out: Outcome = { found: false, exact: false, high: false, precision: 0, lineRecall: 0, stray: 0 };
  for (const d of findings) {
    const p = parse(d);
    if (!p) continue;
    const key = `${p.repo}:${p.path}`;
    const overlap = Math.min(last, p.end) - Math.max(first, p.start) + 1;
    if (p.repo === snippet.file.repo && p.path === snippet.file.path && overlap > 0) {
      if (!out.exact || overlap / (p.end - p.start + 1) > out.precision) {
        out.precision = overlap / (p.end - p.start + 1);
        out.lineRecall = overlap / snippet.length;
      }
      out.exact = out.found = true;
      out.high ||= p.confidence === 'high';
    } else if (groupOf.get(key) === snippet.file.group || (copyOf !== undefined && copyOf(key, p.start, p.end) >= 0.5)) {
      out.found = true;
      out.high ||= p.confidence === 'high';
    } else out.stray++;
  }
  return out;
}

/** Share of a text's substantial lines (≥ 12 characters trimmed) that occur verbatim in `file` (in lines [start, end] when given). */
export function verbatimShare(text: string, file: SourceFile | undefined, start = 1, end = Number.MAX_SAFE_INTEGER): number {
  if (!file) return 0;
  const have = new Set(file.text.split('\n').slice(start - 1, end).map((l) => l.trim()));
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 12);
  if (lines.length === 0) return 0;
  return lines.filter((l) => have.has(l)).length / lines.length;
}

/** Wilson score interval (95%) for k of n. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.96;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = p + (z * z) / (2 * n);
  const r = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, (c - r) / d), Math.min(1, (c + r) / d)];
}
