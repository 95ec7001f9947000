import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeForTerminal } from './mask.ts';
import type { ScanFinding } from './scan-finding.ts';

/**
 * `sekisho scan --own-code` shows why a region is company code: the matched lines of the scanned file
 * beside the lines of the indexed file they came from, aligned line by line. The index holds
 * fingerprints, not text, so the company side is read from the repository's directory as recorded by
 * `sekisho index add` (and flagged when the file changed since). Alignment: a longest common
 * subsequence of the lines with whitespace collapsed; between two equal lines, the remaining lines of
 * both sides are paired in order (a renamed or reformatted line sits beside its original).
 */

/** One row of the alignment: 1-based line numbers; undefined on the side that has no line there. */
export interface AlignedRow {
  line: number | undefined;
  companyLine: number | undefined;
  /** Equal once whitespace is collapsed. */
  same: boolean;
}

/** A run of consecutive paired lines (what JSON and SARIF carry). */
export interface MatchedRange {
  line: number;
  endLine: number;
  companyLine: number;
  companyEndLine: number;
  /** Every line of the run is equal to its partner (whitespace aside). */
  identical: boolean;
}

/** What the text report prints and the JSON/SARIF reports summarise; in-process only. */
export interface OwnCodeLines {
  promptLines: string[];
  /** Absent when the company file could not be read (`note` says why). */
  companyLines?: string[];
  rows: AlignedRow[];
  matches: MatchedRange[];
  note?: string;
}

/** Lines per side beyond which the alignment is not computed (the quadratic table stays ≤ 160 000 cells). */
const MAX_LINES = 400;
/** Rows printed per finding. */
const MAX_ROWS = 200;
const COLUMN = 60;

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

export function alignLines(left: readonly string[], right: readonly string[], leftStart: number, rightStart: number): AlignedRow[] {
  const a = left.slice(0, MAX_LINES).map(norm);
  const b = right.slice(0, MAX_LINES).map(norm);
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the LCS of a[i..] and b[j..] (blank lines never anchor).
  const lcs = new Uint16Array((n + 1) * (m + 1));
  const at = (i: number, j: number): number => lcs[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] !== '' && a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const rows: AlignedRow[] = [];
  let pendingA: number[] = [];
  let pendingB: number[] = [];
  const flush = (): void => {
    const k = Math.max(pendingA.length, pendingB.length);
    for (let x = 0; x < k; x++) {
      const i = pendingA[x];
      const j = pendingB[x];
      rows.push({ line: i === undefined ? undefined : leftStart + i, companyLine: j === undefined ? undefined : rightStart + j, same: i !== undefined && j !== undefined && a[i] === b[j] });
    }
    pendingA = [];
    pendingB = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] !== '' && a[i] === b[j] && at(i, j) === at(i + 1, j + 1) + 1) {
      flush();
      rows.push({ line: leftStart + i, companyLine: rightStart + j, same: true });
      i++;
      j++;
    } else if (j >= m || (i < n && at(i + 1, j) >= at(i, j + 1))) pendingA.push(i++);
    else pendingB.push(j++);
  }
  flush();
  return rows;
}

export function matchedRanges(rows: readonly AlignedRow[]): MatchedRange[] {
  const out: MatchedRange[] = [];
  let run: MatchedRange | undefined;
  for (const r of rows) {
    if (r.line !== undefined && r.companyLine !== undefined && run !== undefined && r.line === run.endLine + 1 && r.companyLine === run.companyEndLine + 1) {
      run.endLine = r.line;
      run.companyEndLine = r.companyLine;
      run.identical &&= r.same;
      continue;
    }
    if (run) out.push(run);
    run = r.line !== undefined && r.companyLine !== undefined ? { line: r.line, endLine: r.line, companyLine: r.companyLine, companyEndLine: r.companyLine, identical: r.same } : undefined;
  }
  if (run) out.push(run);
  return out;
}

/** Where indexed repositories live and what each file's content was when indexed (from the state store). */
export interface IndexedRoots {
  root(repository: string): string | undefined;
  /** SHA-256 (hex) of the file's text when it was indexed. */
  sha256(repository: string, path: string): string | undefined;
}

/** The side-by-side data for one own-code finding in `text` (the scanned file's content). */
export function ownCodeLines(f: ScanFinding, text: string, roots: IndexedRoots): OwnCodeLines | undefined {
  const src = f.ownCode;
  if (src === undefined) return undefined;
  const promptLines = text.split(/\r?\n/).slice(f.line - 1, f.endLine);
  const root = roots.root(src.repository);
  let content: string | undefined;
  let note: string | undefined;
  if (root === undefined) note = `repository "${src.repository}" is not in this data directory's store`;
  else {
    try {
      content = new TextDecoder('utf-8').decode(readFileSync(join(root, src.path)));
    } catch (err) {
      note = `${join(root, src.path)} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
    }
  }
  if (content === undefined) return { promptLines, rows: promptLines.map((_, k) => ({ line: f.line + k, companyLine: undefined, same: false })), matches: [], ...(note ? { note } : {}) };
  const indexed = roots.sha256(src.repository, src.path);
  if (indexed !== undefined && createHash('sha256').update(content).digest('hex') !== indexed) note = 'the company file changed since it was indexed: its current lines are shown';
  const companyLines = content.split(/\r?\n/).slice(src.startLine - 1, src.endLine);
  const rows = alignLines(promptLines, companyLines, f.line, src.startLine);
  return { promptLines, companyLines, rows, matches: matchedRanges(rows), ...(note ? { note } : {}) };
}

/**
 * The text block under an own-code finding: scanned file left, indexed file right, one row per aligned
 * line; the marker between says `=` equal (whitespace aside), `~` changed, `<` only in the scanned
 * file, `>` only in the company file.
 */
export function renderSideBySide(f: ScanFinding, lines: OwnCodeLines): string {
  const src = f.ownCode!;
  const numWidth = String(Math.max(f.endLine, src.endLine)).length;
  const cell = (n: number | undefined, s: string | undefined): string => {
    const num = n === undefined ? ''.padStart(numWidth) : String(n).padStart(numWidth);
    const body = s === undefined ? '' : fit(safeForTerminal(s.replace(/\t/g, '    ')), COLUMN);
    return `${num}  ${body.padEnd(COLUMN)}`;
  };
  let out = `    ${fit(safeForTerminal(f.path), numWidth + 2 + COLUMN).padEnd(numWidth + 2 + COLUMN)}   ${safeForTerminal(`${src.repository}:${src.path}`)}\n`;
  if (lines.note !== undefined) out += `    (${safeForTerminal(lines.note)})\n`;
  const rows = lines.rows.slice(0, MAX_ROWS);
  for (const r of rows) {
    const left = r.line === undefined ? undefined : lines.promptLines[r.line - f.line];
    const right = r.companyLine === undefined ? undefined : lines.companyLines?.[r.companyLine - src.startLine];
    const mark = lines.companyLines === undefined ? ' ' : r.line === undefined ? '>' : r.companyLine === undefined ? '<' : r.same ? '=' : '~';
    out += `    ${cell(r.line, left)} ${mark} ${lines.companyLines === undefined ? '' : cell(r.companyLine, right).trimEnd()}`.trimEnd() + '\n';
  }
  if (lines.rows.length > rows.length) out += `    … ${lines.rows.length - rows.length} more lines\n`;
  return out;
}

function fit(s: string, width: number): string {
  return s.length <= width ? s : s.slice(0, width - 1) + '…';
}
