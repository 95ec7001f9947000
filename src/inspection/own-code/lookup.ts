import { fingerprintIdentifiers, type Fingerprints } from './fingerprint.ts';
import { fingerprintStructureAndShape } from './fingerprint-shape.ts';
import type { IndexedFile, OwnCodeIndex } from './own-code-index.ts';
import { lookupLines } from './lookup-lines.ts';
import { lineAgreement } from './confirm-regions.ts';
import { lookupShape } from './lookup-shape.ts';
import { chainCandidate, countInRange, keepDominant, type Candidate } from './region-evidence.ts';
import { collectList } from './probe.ts';
import { MatchList } from './match-list.ts';
import { splitBlocks } from './split-blocks.ts';
import { tokenize } from './tokenize/language-for.ts';
import type { TokenStream } from './tokenize/token-stream.ts';
import { chainMatchList } from './chain-matches.ts';
import type { LanguageFamily } from './tokenize/language-for.ts';
import { DEFAULT_LOOKUP_OPTIONS as DEFAULT_OWN_CODE_LOOKUP } from '../../config/defaults.ts';

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

// The numbers live with the other defaults (config/defaults.ts), which config must not import from here.
export const DEFAULT_LOOKUP_OPTIONS: LookupOptions = DEFAULT_OWN_CODE_LOOKUP;

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
  channel?: 'structure' | 'exact' | 'lines' | 'shape';
}

export function lookupText(index: OwnCodeIndex, text: string, options: LookupOptions = DEFAULT_LOOKUP_OPTIONS): OwnCodeRegion[] {
  const blocks = splitBlocks(text);
  const out: OwnCodeRegion[] = [];
  for (const block of blocks) {
    for (const r of lookupBlock(index, block.text, block.family, options)) out.push({ ...r, start: r.start + block.start, end: r.end + block.start });
  }
  // `minLines` is the floor for every channel (the configured "fewest indexed lines a finding covers").
  // A line-channel run of more distinct full lines than its channel needs (≥ minLineMatches + 1, and at
  // least minLines − 1) spans fewer indexed lines than that only when the paste's other lines are blank
  // or brace-only: it passes. (A configured minLines far above the default still holds for every channel.)
  // Applied before the line channel and the choice between files: a token region below the floor
  // neither hides its lines from the line channel nor wins over a file that passes (eval:owncode:
  // 10-line pastes whose 5-line exact region, or a twin's 4-line run, was kept and then dropped).
  const floor = (r: OwnCodeRegion): boolean => r.endLine - r.startLine + 1 >= options.minLines || (r.channel === 'lines' && r.matched > options.minLineMatches && r.matched >= options.minLines - 1);
  const found = out.filter(floor);
  // The line channel looks only at lines the token channels left unexplained: where a prompt is mostly
  // company code (an agent reading files), they have found it already, and its lines would only cost.
  found.push(...lookupLines(index, text, blocks, options, found).filter(floor));
  // Competing files for the same text: the one whose lines the paste holds verbatim wins (confirm-regions.ts).
  return dropOverlaps(found, lineAgreement(index, text, found));
}

export function lookupBlock(index: OwnCodeIndex, text: string, family: LanguageFamily, options: LookupOptions): OwnCodeRegion[] {
  // Lexed into reused memory (tokenize's `reuse`): `tokens` is dead once the resync below lexes again.
  const tokens = tokenize(text, family, true);
  const regions = lookupTokens(index, tokens, options);
  // A Python snippet cut out of a file may start inside a docstring: its first `"""` then *closes* a
  // string, and lexed from the top the code after it becomes a string while the docstring becomes
  // code — nothing matches (eval:owncode: most Python misses whose fingerprints were not in their own
  // file). When the first triple-quoted string of this reading holds lines that read as code, the block
  // is lexed once more from just after that quote; regions of both readings are merged (a wrong reading
  // finds nothing, so it adds no finding).
  if (family === 'python') {
    const resync = afterFirstTripleQuote(text, tokens);
    if (resync !== undefined) regions.push(...lookupTokens(index, tokenize(resync, family, true), options));
  }
  return dropOverlaps(regions, lineAgreement(index, text, regions));
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
  // Structure and shape k-grams in one pass over the tokens (the shape channel needs its own below).
  // Into reused output memory (`reuse`): the fingerprints are dead when this returns.
  const { structure: sfp, shape } = fingerprintStructureAndShape(tokens, k, w, true);
  const ifp = fingerprintIdentifiers(tokens, identifierK, identifierW, true);
  const matches = collectList(index, index.structure, sfp, structureMatches, true);
  const idMatches = collectList(index, index.identifiers, ifp, exactMatches, true);
  const regions: OwnCodeRegion[] = [];
  const exact: Candidate[] = [];
  const structure: Candidate[] = [];
  const fileOf = (f: number): IndexedFile => index.files[f] ?? { repository: '', path: '', contentHash: '', lines: 0 };
  // Exact channel first (names and literals in order): short verbatim copies have too few structure
  // fingerprints, and a chain of exact k-grams in one file, in order, is strong evidence on its own.
  if (idMatches.length >= options.minExactMatches) {
    // Sorted in place: stable, and the input is already in (file, position) order (probe.ts), which
    // identifierScore below relies on either way.
    for (const c of chainMatchList(idMatches, options.maxGapTokens, options.maxGapLines, false, options.minExactMatches)) {
      if (c.matched < options.minExactMatches || c.endLine - c.startLine + 1 < options.minExactLines) continue;
      const lastToken = Math.min(tokens.length - 1, ifp.last[c.lastFp] ?? c.lastPos);
      const coverage = c.matched / Math.max(1, countInRange(ifp.first, c.firstPos, c.lastPos));
      if (coverage < options.minExactCoverage) continue;
      exact.push(chainCandidate(c, ifp, tokens, fileOf(c.file), lastToken, coverage, coverage, 'exact'));
    }
    regions.push(...keepDominant(exact, ifp.count, options));
  }
  if (matches.length < options.minMatches) return withShape(index, tokens, shape, options, regions);
  for (const c of chainMatchList(matches, options.maxGapTokens, options.maxGapLines, false, options.minMatches)) {
    if (c.matched < options.minMatches) continue;
    const lastToken = Math.min(tokens.length - 1, c.lastPos + k - 1);
    const expected = countInRange(sfp.first, c.firstPos, c.lastPos);
    const coverage = c.matched / Math.max(1, expected);
    const span = lastToken - c.firstPos + 1;
    if (span < options.minTokens || c.endLine - c.startLine + 1 < options.minLines || coverage < options.minCoverage) continue;
    structure.push(chainCandidate(c, sfp, tokens, fileOf(c.file), lastToken, coverage, identifierScore(idMatches, ifp, c.file, c.firstPos, lastToken, c.startLine, c.endLine), 'structure'));
  }
  regions.push(...keepDominant(structure, sfp.count, options));
  return withShape(index, tokens, shape, options, regions);
}

/** `regions` plus the shape channel's (structure with literal values: renamed and reformatted copies of literal-bearing code). */
function withShape(index: OwnCodeIndex, tokens: TokenStream, shape: Fingerprints, options: LookupOptions, regions: OwnCodeRegion[]): OwnCodeRegion[] {
  regions.push(...lookupShape(index, tokens, options, regions, shape));
  return regions;
}

/** Scratch match lists of the structure and exact channels (the lookup never re-enters itself). */
const structureMatches = new MatchList();
const exactMatches = new MatchList();

function identifierScore(idMatches: MatchList, ifp: Fingerprints, file: number, firstTok: number, lastTok: number, startLine: number, endLine: number): number {
  let expected = 0;
  for (let i = 0; i < ifp.count; i++) if ((ifp.first[i] ?? 0) >= firstTok && (ifp.last[i] ?? 0) <= lastTok) expected++;
  if (expected === 0) return 0;
  const hit = new Set<number>();
  // `idMatches` is ordered by (file, position) (probe.ts; chainMatches' stable sort keeps that order):
  // binary search to the file's first match at or after `firstTok`, then read while inside the span.
  let low = 0;
  let high = idMatches.length;
  const mFile = idMatches.file;
  const mPos = idMatches.pos;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const f = mFile[mid] ?? 0;
    if (f < file || (f === file && (mPos[mid] ?? 0) < firstTok)) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < idMatches.length; i++) {
    if ((mFile[i] ?? 0) !== file || (mPos[i] ?? 0) > lastTok) break;
    const line = idMatches.line[i] ?? 0;
    if (line + (idMatches.span[i] ?? 0) >= startLine - 2 && line <= endLine + 2) hit.add(idMatches.fp[i] ?? 0);
  }
  return Math.min(1, hit.size / expected);
}

/** Where regions of different files cover the same prompt text (vendored copies), keep the best one. */
function dropOverlaps(regions: OwnCodeRegion[], agreement?: readonly number[]): OwnCodeRegion[] {
  const score = (r: OwnCodeRegion): number => r.matched * (1 + r.identifierCoverage) * r.coverage;
  const agree = new Map<OwnCodeRegion, number>();
  if (agreement) regions.forEach((r, i) => agree.set(r, agreement[i] ?? 0));
  const kept: OwnCodeRegion[] = [];
  // Verbatim line agreement first (0 for regions nothing competes with), then token evidence.
  for (const r of [...regions].sort((a, b) => (agree.get(b) ?? 0) - (agree.get(a) ?? 0) || score(b) - score(a))) {
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
