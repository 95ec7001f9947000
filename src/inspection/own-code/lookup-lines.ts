import { chainMatchList } from './chain-matches.ts';
import { DEFAULT_BUILD_OPTIONS } from './index-builder.ts';
import { MatchList } from './match-list.ts';
import { collectList } from './probe.ts';
import { DEFAULT_MIN_LINE_CHARS, hashLines } from './line-hashes.ts';
import type { LookupOptions, OwnCodeRegion } from './lookup.ts';
import type { OwnCodeIndex } from './own-code-index.ts';
import { keepDominant, lowerBound, type Candidate } from './region-evidence.ts';
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
  const matches = collectList(index, index.identifiers, { count: lh.count, hi: lh.hi, lo: lh.lo, first: lh.line, last: lh.line }, lineMatches, true);
  if (matches.length < fewest) return [];
  // Evidence scales with the line: 8–11 characters count ½, a long line (≥ LONG_LINE characters from its
  // first non-space to its end) 1½ — three long lines found in order in one file are as specific as
  // four ordinary ones (eval:owncode: 10-line pastes with 3 substantial lines, each a long call or message).
  const { fp: mFp, file: mFile, line: mLine } = matches;
  for (let k = 0; k < matches.length; k++) {
    const f = mFp[k] ?? 0;
    matches.weight[k] = lh.short[f] === 1 ? 0.5 : (lh.end[f] ?? 0) - (lh.start[f] ?? 0) >= LONG_LINE ? 1.5 : 1;
  }
  // A line the file repeats more often than the index keeps postings per file (its first MAX_PER_FILE
  // occurrences): the paste may be at a later one. One floating hit per such (line, file), worth ½, may
  // continue a chain there (chain-matches.ts; eval:owncode: 10-line pastes of `path: rel,` /
  // `[key: string]: unknown;` runs deep in a long file). Matches come grouped by file, a value's
  // postings in a file next to each other (probe.ts); the floating hits are appended after them all.
  const collected = matches.length;
  for (let i = 0; i < collected; ) {
    const file = mFile[i] ?? 0;
    const f = mFp[i] ?? 0;
    let j = i + 1;
    let last = mLine[i] ?? 0;
    for (; j < collected && mFile[j] === file && mFp[j] === f; j++) last = Math.max(last, mLine[j] ?? 0);
    // line −1: sorted before the value's own postings, so it joins a chain before they start new ones.
    if (j - i >= MAX_PER_FILE) matches.addFloating(i, last, 0.5);
    i = j;
  }
  // A line repeated in the prompt is collected once (its first occurrence), so it counts once in the
  // denominator too: `distinctBefore[i]` = lines before i whose value is new (`/** @inheritdoc */` six
  // times in a 10-line paste is one line of evidence either way). Computed only once a run passes.
  let distinctBefore: Uint32Array | undefined;
  const candidates: Candidate[] = [];
  for (const c of chainMatchList(matches, options.maxLineGap, options.maxLineGap, true, fewest)) {
    if (c.weight < options.minLineMatches) continue;
    distinctBefore ??= countDistinct(lh.hi, lh.lo, lh.count);
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

/**
 * `out[i]` = how many of lines 0..i−1 have a value not seen before them; a value is (hi, lo >>> 11) — the
 * key a `Set` of `hi · 2^21 + (lo >>> 11)` held before (open addressing over typed arrays, no boxed keys).
 */
function countDistinct(hi: Uint32Array, lo: Uint32Array, count: number): Uint32Array {
  const out = new Uint32Array(count + 1);
  let size = 64;
  while (size < 2 * count) size *= 2;
  const mask = size - 1;
  const keyHi = new Uint32Array(size);
  const keyLo = new Uint32Array(size);
  const used = new Uint8Array(size);
  let distinct = 0;
  for (let i = 0; i < count; i++) {
    const h = hi[i] ?? 0;
    const l = (lo[i] ?? 0) >>> 11;
    let slot = (Math.imul(h ^ l, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      if (used[slot] === 0) {
        used[slot] = 1;
        keyHi[slot] = h;
        keyLo[slot] = l;
        distinct++;
        break;
      }
      if (keyHi[slot] === h && keyLo[slot] === l) break;
      slot = (slot + 1) & mask;
    }
    out[i + 1] = distinct;
  }
  return out;
}

/** Scratch match list (the lookup never re-enters itself). */
const lineMatches = new MatchList();

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
