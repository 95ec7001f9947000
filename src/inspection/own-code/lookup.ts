import { fingerprintIdentifiers, fingerprintStructure, type Fingerprints } from './fingerprint.ts';
import type { IndexedFile, OwnCodeIndex, PostingTable } from './own-code-index.ts';
import { hashLines, type LineHashes } from './line-hashes.ts';
import { splitBlocks, type TextBlock } from './split-blocks.ts';
import { tokenize } from './tokenize/language-for.ts';
import type { TokenStream } from './tokenize/token-stream.ts';
import { chainMatches, type Match } from './chain-matches.ts';
import type { LanguageFamily } from './tokenize/language-for.ts';

/**
 * Prompt text → regions of indexed files it contains. Each block is fingerprinted like an indexed file;
 * every structure fingerprint found in the index is a match (prompt token position, file, file line);
 * matches are chained into regions per file (chain-matches.ts) and each region is scored:
 *
 * - coverage: matched fingerprints / all of the prompt's fingerprints inside the region's span. A copy
 *   scores near 1; a look-alike that merely shares a few k-grams scores low.
 * - identifierCoverage: the same over the identifier channel (raw names). Near 1 for a verbatim copy,
 *   near 0 when every name was changed.
 */

export interface LookupOptions {
  /** Fewest distinct matching structure fingerprints in a region. */
  minMatches: number;
  /** Fewest prompt tokens a region spans. */
  minTokens: number;
  /** Fewest lines of the indexed file a region covers. */
  minLines: number;
  minCoverage: number;
  /** Largest gap between chained matches, in prompt tokens and in indexed lines. */
  maxGapTokens: number;
  maxGapLines: number;
  /** Exact channel (names and literals): fewest distinct matching fingerprints in one chain, */
  minExactMatches: number;
  /** fewest indexed lines it covers, */
  minExactLines: number;
  /** and its share of the prompt's exact fingerprints inside its span. */
  minExactCoverage: number;
  /** Line channel: fewest matching lines in one run (distinct; a short line counts ½), */
  minLineMatches: number;
  /** their share of the prompt's substantial lines inside the run, */
  minLineCoverage: number;
  /** and the largest gap between two matched lines (prompt and indexed file alike). */
  maxLineGap: number;
  /**
   * Any channel: a region with fewer distinct matches than this must also hold ≥ minShare of the
   * prompt's fingerprints (lines, for the line channel) around it — within its block, up to twice its
   * own length on either side. A paste is most of its block; a few lines two unrelated files share sit
   * inside other code.
   */
  strongMatches: number;
  minShare: number;
}

export const DEFAULT_LOOKUP_OPTIONS: LookupOptions = { minMatches: 4, minTokens: 50, minLines: 6, minCoverage: 0.5, maxGapTokens: 80, maxGapLines: 40, minExactMatches: 4, minExactLines: 5, minExactCoverage: 0.6, minLineMatches: 4, minLineCoverage: 0.7, maxLineGap: 8, strongMatches: 16, minShare: 0.5 };

export interface OwnCodeRegion {
  file: IndexedFile;
  fileId: number;
  /** Line range in the indexed file (1-based, inclusive). */
  startLine: number;
  endLine: number;
  /** UTF-16 offsets in the looked-up text. */
  start: number;
  end: number;
  tokens: number;
  matched: number;
  coverage: number;
  identifierCoverage: number;
  /** Which channel found the region: token structure, exact names and literals, or normalised lines. */
  channel?: 'structure' | 'exact' | 'lines';
}

export function lookupText(index: OwnCodeIndex, text: string, options: LookupOptions = DEFAULT_LOOKUP_OPTIONS): OwnCodeRegion[] {
  const blocks = splitBlocks(text);
  const out: OwnCodeRegion[] = [];
  for (const block of blocks) {
    for (const r of lookupBlock(index, block.text, block.family, options)) out.push({ ...r, start: r.start + block.start, end: r.end + block.start });
  }
  // The line channel looks only at lines the token channels left unexplained: where a prompt is mostly
  // company code (an agent reading files), they have found it already, and its lines would only cost.
  out.push(...lookupLines(index, text, blocks, options, out));
  // `minLines` is the floor for every channel (the configured "fewest indexed lines a finding covers").
  return dropOverlaps(out).filter((r) => r.endLine - r.startLine + 1 >= options.minLines);
}

export function lookupBlock(index: OwnCodeIndex, text: string, family: LanguageFamily, options: LookupOptions): OwnCodeRegion[] {
  const tokens = tokenize(text, family);
  const regions = lookupTokens(index, tokens, options);
  // A Python snippet cut out of a file may start inside a docstring: its first `"""` then *closes* a
  // string, and lexed from the top the code after it becomes a string while the docstring becomes
  // code — nothing matches (eval:owncode: most Python misses whose fingerprints were not in their own
  // file). When the first triple-quoted string of this reading holds lines that read as code, the block
  // is lexed once more from just after that quote; regions of both readings are merged (a wrong reading
  // finds nothing, so it adds no finding).
  if (family === 'python') {
    const resync = afterFirstTripleQuote(text, tokens);
    if (resync !== undefined) regions.push(...lookupTokens(index, tokenize(resync, family), options));
  }
  return dropOverlaps(regions);
}

/**
 * Line channel (line-hashes.ts): runs of the prompt's normalised lines found, in order, in one indexed
 * file. Looked up once over the whole text, not per block: it needs no language and no fences.
 */
function lookupLines(index: OwnCodeIndex, text: string, blocks: readonly TextBlock[], options: LookupOptions, found: readonly OwnCodeRegion[]): OwnCodeRegion[] {
  const lh = withoutSpans(hashLines(text), found);
  if (lh.count < options.minLineMatches) return [];
  const matches: Match[] = [];
  collect(index, index.identifiers, { count: lh.count, hi: lh.hi, lo: lh.lo, first: lh.line, last: lh.line }, matches, true);
  if (matches.length < options.minLineMatches) return [];
  for (const m of matches) if (lh.short[m.fp] === 1) m.weight = 0.5;
  const candidates: Candidate[] = [];
  for (const c of chainMatches(matches, options.maxLineGap, options.maxLineGap)) {
    if (c.weight < options.minLineMatches) continue;
    const coverage = c.matched / Math.max(1, countInRange(lh.line, c.firstPos, c.lastPos));
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

/** `lh` without the lines that start inside one of `spans` (`lh` itself when none do). */
function withoutSpans(lh: LineHashes, spans: readonly { start: number; end: number }[]): LineHashes {
  if (spans.length === 0) return lh;
  const inside = new Uint8Array(lh.count);
  let dropped = 0;
  for (const s of spans) {
    for (let i = lowerBound(lh.start, s.start); i < lh.count && (lh.start[i] ?? 0) < s.end; i++) {
      if (inside[i] === 0) dropped++;
      inside[i] = 1;
    }
  }
  if (dropped === 0) return lh;
  const count = lh.count - dropped;
  const out: LineHashes = { count, hi: new Uint32Array(count), lo: new Uint32Array(count), line: new Uint32Array(count), start: new Uint32Array(count), end: new Uint32Array(count), short: new Uint8Array(count) };
  for (let i = 0, j = 0; i < lh.count; i++) {
    if (inside[i] === 1) continue;
    out.hi[j] = lh.hi[i] ?? 0;
    out.lo[j] = lh.lo[i] ?? 0;
    out.line[j] = lh.line[i] ?? 0;
    out.start[j] = lh.start[i] ?? 0;
    out.end[j] = lh.end[i] ?? 0;
    out.short[j] = lh.short[i] ?? 0;
    j++;
  }
  return out;
}

/** A region that passed its channel's thresholds, with the range of the channel's prompt fingerprints (or lines) it spans. */
interface Candidate {
  region: OwnCodeRegion;
  from: number;
  to: number;
  /** Fingerprint range its neighbourhood may not leave (the line channel: the block). */
  bounds?: [number, number];
}

/**
 * A short region (fewer than `strongMatches` matches) counts only where it is most of the code around
 * it: a 10-line paste is all of its block, while 4–7 lines that two unrelated files happen to share (a
 * helper copied between projects, a common docstring) sit inside other code. Neighbourhood: up to
 * twice the region's length on either side; a neighbour inside another candidate region (the paste of
 * a second indexed file right after the first) is not "other code".
 */
function keepDominant(candidates: Candidate[], total: number, options: LookupOptions): OwnCodeRegion[] {
  const out: OwnCodeRegion[] = [];
  let cover: Uint8Array | undefined;
  for (const c of candidates) {
    if (c.region.matched >= options.strongMatches) {
      out.push(c.region);
      continue;
    }
    if (!cover) {
      cover = new Uint8Array(total);
      for (const d of candidates) cover.fill(1, d.from, d.to);
    }
    const reach = 2 * (c.to - c.from);
    const [lo, hi] = c.bounds ?? [0, total];
    let around = c.to - c.from;
    for (let i = Math.max(lo, c.from - reach); i < c.from; i++) if (cover[i] === 0) around++;
    for (let i = c.to; i < Math.min(hi, c.to + reach); i++) if (cover[i] === 0) around++;
    if (c.region.matched >= options.minShare * around) out.push(c.region);
  }
  return out;
}

/** Lines a docstring rarely has and code always does (doctest lines, `>>>`, are prose here). */
const CODE_LINE = /^[ \t]*(?:def |class |return\b|if .*:$|for .*:$|while .*:$|import |from [\w.]+ import |raise |try:|except\b|elif |else:|with .*:$)|^[ \t]*(?!>>>)[\w.]+ = /m;

/**
 * `text` with everything up to and including its first triple quote blanked (newlines kept: offsets and
 * lines stay) — when no code precedes that quote and the string it opens in `tokens`' reading holds
 * code. Otherwise undefined (the common case: blocks that start with code pay nothing).
 */
function afterFirstTripleQuote(text: string, tokens: TokenStream): string | undefined {
  const a = text.indexOf('"""');
  const b = text.indexOf("'''");
  const at = a < 0 ? b : b < 0 ? a : Math.min(a, b);
  // Only text that starts inside a docstring: prose, not code, before the quote.
  if (at < 0 || CODE_LINE.test(text.slice(0, at))) return undefined;
  let end = text.length;
  for (let i = 0; i < tokens.length; i++) {
    if ((tokens.start[i] ?? 0) >= at) {
      end = tokens.end[i] ?? end;
      break;
    }
  }
  if (!CODE_LINE.test(text.slice(at + 3, end))) return undefined;
  return text.slice(0, at + 3).replace(/[^\n]/g, ' ') + text.slice(at + 3);
}

function lookupTokens(index: OwnCodeIndex, tokens: TokenStream, options: LookupOptions): OwnCodeRegion[] {
  const { k, w, identifierK, identifierW } = index.options;
  const sfp = fingerprintStructure(tokens, k, w);
  const ifp = fingerprintIdentifiers(tokens, identifierK, identifierW);
  const matches: Match[] = [];
  const idMatches: Match[] = [];
  collect(index, index.structure, sfp, matches, true);
  collect(index, index.identifiers, ifp, idMatches, true);
  const regions: OwnCodeRegion[] = [];
  const exact: Candidate[] = [];
  const structure: Candidate[] = [];
  const fileOf = (f: number): IndexedFile => index.files[f] ?? { repository: '', path: '', contentHash: '', lines: 0 };
  // Exact channel first (names and literals in order): short verbatim copies have too few structure
  // fingerprints, and a chain of exact k-grams in one file, in order, is strong evidence on its own.
  if (idMatches.length >= options.minExactMatches) {
    for (const c of chainMatches([...idMatches], options.maxGapTokens, options.maxGapLines)) {
      if (c.matched < options.minExactMatches || c.endLine - c.startLine + 1 < options.minExactLines) continue;
      const lastToken = Math.min(tokens.length - 1, ifp.last[c.lastFp] ?? c.lastPos);
      const coverage = c.matched / Math.max(1, countInRange(ifp.first, c.firstPos, c.lastPos));
      if (coverage < options.minExactCoverage) continue;
      exact.push({ from: lowerBound(ifp.first, c.firstPos), to: lowerBound(ifp.first, c.lastPos + 1), region: {
        file: fileOf(c.file),
        fileId: c.file,
        startLine: c.startLine,
        endLine: c.endLine,
        start: tokens.start[c.firstPos] ?? 0,
        end: tokens.end[lastToken] ?? 0,
        tokens: lastToken - c.firstPos + 1,
        matched: c.matched,
        coverage,
        identifierCoverage: coverage,
        channel: 'exact',
      } });
    }
    regions.push(...keepDominant(exact, ifp.count, options));
  }
  if (matches.length < options.minMatches) return regions;
  for (const c of chainMatches(matches, options.maxGapTokens, options.maxGapLines)) {
    if (c.matched < options.minMatches) continue;
    const lastToken = Math.min(tokens.length - 1, c.lastPos + k - 1);
    const expected = countInRange(sfp.first, c.firstPos, c.lastPos);
    const coverage = c.matched / Math.max(1, expected);
    const span = lastToken - c.firstPos + 1;
    if (span < options.minTokens || c.endLine - c.startLine + 1 < options.minLines || coverage < options.minCoverage) continue;
    structure.push({ from: lowerBound(sfp.first, c.firstPos), to: lowerBound(sfp.first, c.lastPos + 1), region: {
      file: fileOf(c.file),
      fileId: c.file,
      startLine: c.startLine,
      endLine: c.endLine,
      start: tokens.start[c.firstPos] ?? 0,
      end: tokens.end[lastToken] ?? 0,
      tokens: span,
      matched: c.matched,
      coverage,
      identifierCoverage: identifierScore(idMatches, ifp, c.file, c.firstPos, lastToken, c.startLine, c.endLine),
      channel: 'structure',
    } });
  }
  regions.push(...keepDominant(structure, sfp.count, options));
  return regions;
}

/**
 * Index hits of the prompt's fingerprints. With `distinct`, a fingerprint value is taken once, at its
 * first position: a periodic run (a table of numbers, `NUM , NUM , …`) repeats the same few values all
 * along, and counting each repeat as a new match let any two numeric tables "match" with coverage 1.00
 * (eval:owncode: 7.2% of unrelated snippets flagged; 1.8% with this, most of those real copies).
 */
function collect(index: OwnCodeIndex, table: PostingTable, fp: Fingerprints, into: Match[], distinct = false): void {
  const seen = new Set<number>();
  for (let i = 0; i < fp.count; i++) {
    const [a, b] = index.find(table, fp.hi[i] ?? 0, fp.lo[i] ?? 0);
    if (distinct && b > a) {
      if (seen.has(a)) continue; // `a` is the value's first posting: one number per distinct value
      seen.add(a);
    }
    for (let e = a; e < b; e++) {
      const lw = table.lines[e] ?? 0;
      into.push({ fp: i, pos: fp.first[i] ?? 0, file: table.file[e] ?? 0, line: lw >>> 8, span: lw & 0xff });
    }
  }
}

/** First index of `sorted` (ascending) holding a value ≥ x. */
function lowerBound(sorted: Uint32Array, x: number): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if ((sorted[m] ?? 0) < x) a = m + 1;
    else b = m;
  }
  return a;
}

/** How many of `first` (ascending) lie in [lo, hi]. */
function countInRange(first: Uint32Array, lo: number, hi: number): number {
  return lowerBound(first, hi + 1) - lowerBound(first, lo);
}

function identifierScore(idMatches: Match[], ifp: Fingerprints, file: number, firstTok: number, lastTok: number, startLine: number, endLine: number): number {
  let expected = 0;
  for (let i = 0; i < ifp.count; i++) if ((ifp.first[i] ?? 0) >= firstTok && (ifp.last[i] ?? 0) <= lastTok) expected++;
  if (expected === 0) return 0;
  const hit = new Set<number>();
  for (const m of idMatches) {
    if (m.file === file && m.pos >= firstTok && m.pos <= lastTok && m.line + m.span >= startLine - 2 && m.line <= endLine + 2) hit.add(m.fp);
  }
  return Math.min(1, hit.size / expected);
}

/** Where regions of different files cover the same prompt text (vendored copies), keep the best one. */
function dropOverlaps(regions: OwnCodeRegion[]): OwnCodeRegion[] {
  const score = (r: OwnCodeRegion): number => r.matched * (1 + r.identifierCoverage) * r.coverage;
  const kept: OwnCodeRegion[] = [];
  for (const r of [...regions].sort((a, b) => score(b) - score(a))) {
    const same = kept.findIndex((q) => q.fileId === r.fileId && Math.min(q.end, r.end) > Math.max(q.start, r.start) && Math.min(q.endLine, r.endLine) >= Math.max(q.startLine, r.startLine));
    const q = kept[same];
    if (q) {
      // The same file found by both channels (or both readings): one region over both.
      kept[same] = { ...q, start: Math.min(q.start, r.start), end: Math.max(q.end, r.end), startLine: Math.min(q.startLine, r.startLine), endLine: Math.max(q.endLine, r.endLine), identifierCoverage: Math.max(q.identifierCoverage, r.identifierCoverage) };
      continue;
    }
    const overlaps = kept.some((p) => Math.min(p.end, r.end) - Math.max(p.start, r.start) > 0.5 * Math.min(p.end - p.start, r.end - r.start));
    if (!overlaps) kept.push(r);
  }
  return kept.sort((a, b) => a.start - b.start);
}
