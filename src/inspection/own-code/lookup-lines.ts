import { chainMatches, type Match } from './chain-matches.ts';
import { DEFAULT_BUILD_OPTIONS } from './index-builder.ts';
import { DEFAULT_MIN_LINE_CHARS, hashLines } from './line-hashes.ts';
import type { LookupOptions, OwnCodeRegion } from './lookup.ts';
import type { OwnCodeIndex } from './own-code-index.ts';
import { collect, keepDominant, lowerBound, type Candidate } from './region-evidence.ts';
import type { TextBlock } from './split-blocks.ts';

/** Postings the index keeps per value and file (index-builder.ts, maxPerFile). */
const MAX_PER_FILE = DEFAULT_BUILD_OPTIONS.maxPerFile;

/** Characters (first non-space to end of line) from which a matched line counts 1½. */
const LONG_LINE = 48;

/**
 * Line channel (line-hashes.ts): runs of the prompt's normalised lines found, in order, in one indexed
 * file. Looked up once over the whole text, not per block: it needs no language and no fences.
 */
export function lookupLines(index: OwnCodeIndex, text: string, blocks: readonly TextBlock[], options: LookupOptions, found: readonly OwnCodeRegion[]): OwnCodeRegion[] {
  // Lines starting inside a region the token channels found are left out (not even hashed).
  const lh = hashLines(text, DEFAULT_MIN_LINE_CHARS, mergeSpans(found));
  // Fewest lines that can reach minLineMatches (long lines count 1½).
  const fewest = Math.ceil(options.minLineMatches / 1.5);
  if (lh.count < fewest) return [];
  const matches: Match[] = [];
  collect(index, index.identifiers, { count: lh.count, hi: lh.hi, lo: lh.lo, first: lh.line, last: lh.line }, matches, true);
  if (matches.length < fewest) return [];
  // Evidence scales with the line: 8–11 characters count ½, a long line (≥ LONG_LINE characters from its
  // first non-space to its end) 1½ — three long lines found in order in one file are as specific as
  // four ordinary ones (eval:owncode: 10-line pastes with 3 substantial lines, each a long call or message).
  for (const m of matches) m.weight = lh.short[m.fp] === 1 ? 0.5 : (lh.end[m.fp] ?? 0) - (lh.start[m.fp] ?? 0) >= LONG_LINE ? 1.5 : 1;
  // A line repeated in the prompt is collected once (its first occurrence), so it counts once in the
  // denominator too: `distinctBefore[i]` = lines before i whose value is new (`/** @inheritdoc */` six
  // times in a 10-line paste is one line of evidence either way).
  // A line the file repeats more often than the index keeps postings per file (its first MAX_PER_FILE
  // occurrences): the paste may be at a later one. One floating hit per such (line, file), worth ½, may
  // continue a chain there (chain-matches.ts; eval:owncode: 10-line pastes of `path: rel,` /
  // `[key: string]: unknown;` runs deep in a long file). Matches come grouped by file, then line.
  const floating: Match[] = [];
  for (let i = 0; i < matches.length; ) {
    const m = matches[i] as Match;
    let j = i + 1;
    let last = m.line;
    for (; j < matches.length && matches[j]?.file === m.file && matches[j]?.fp === m.fp; j++) last = Math.max(last, matches[j]?.line ?? 0);
    // line −1: sorted before the value's own postings, so it joins a chain before they start new ones.
    if (j - i >= MAX_PER_FILE) floating.push({ ...m, line: -1, after: last, weight: 0.5 });
    i = j;
  }
  matches.push(...floating);
  const distinctBefore = new Uint32Array(lh.count + 1);
  const seen = new Set<number>();
  for (let i = 0; i < lh.count; i++) {
    const key = (lh.hi[i] ?? 0) * 2097152 + ((lh.lo[i] ?? 0) >>> 11);
    distinctBefore[i + 1] = (distinctBefore[i] ?? 0) + (seen.has(key) ? 0 : 1);
    seen.add(key);
  }
  const candidates: Candidate[] = [];
  for (const c of chainMatches(matches, options.maxLineGap, options.maxLineGap, true)) {
    if (c.weight < options.minLineMatches) continue;
    const coverage = c.matched / Math.max(1, (distinctBefore[lowerBound(lh.line, c.lastPos + 1)] ?? 0) - (distinctBefore[lowerBound(lh.line, c.firstPos)] ?? 0));
    if (coverage < options.minLineCoverage) continue;
    const a = lowerBound(lh.line, c.firstPos);
    const b = lowerBound(lh.line, c.lastPos);
    // The run's block (a fence's body, or the text between fences) bounds its neighbourhood.
    const at = lh.start[a] ?? 0;
    const block = blocks.find((x) => x.start <= at && at < x.start + x.text.length);
    const bounds: [number, number] = block ? [lowerBound(lh.start, block.start), lowerBound(lh.start, block.start + block.text.length)] : [0, lh.count];
    candidates.push({ from: a, to: b + 1, bounds, region: {
      file: index.files[c.file] ?? { repository: '', path: '', contentHash: '', lines: 0 },
      fileId: c.file,
      startLine: c.startLine,
      endLine: c.endLine,
      start: lh.start[a] ?? 0,
      end: lh.end[b] ?? 0,
      tokens: c.lastPos - c.firstPos + 1,
      matched: c.matched,
      coverage,
      identifierCoverage: coverage,
      channel: 'lines',
    } });
  }
  return keepDominant(candidates, lh.count, options);
}

/** The union of `spans` as sorted, disjoint [start, end) ranges. */
function mergeSpans(spans: readonly { start: number; end: number }[]): { count: number; start: Uint32Array; end: Uint32Array } {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const start = new Uint32Array(sorted.length);
  const end = new Uint32Array(sorted.length);
  let count = 0;
  for (const s of sorted) {
    if (count > 0 && s.start <= (end[count - 1] ?? 0)) end[count - 1] = Math.max(end[count - 1] ?? 0, s.end);
    else {
      start[count] = s.start;
      end[count] = s.end;
      count++;
    }
  }
  return { count, start, end };
}
