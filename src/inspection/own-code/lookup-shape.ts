import { chainMatchList } from './chain-matches.ts';
import { MatchList } from './match-list.ts';
import { collectList } from './probe.ts';
import { fingerprintShape } from './fingerprint-shape.ts';
import type { Fingerprints } from './fingerprint.ts';
import type { LookupOptions, OwnCodeRegion } from './lookup.ts';
import type { IndexedFile, OwnCodeIndex } from './own-code-index.ts';
import { chainCandidate, countInRange, lowerBound, type Candidate } from './region-evidence.ts';
import type { TokenStream } from './tokenize/token-stream.ts';

/**
 * Shape channel lookup (fingerprint-shape.ts): structure with literal values kept, so it survives
 * renaming and reformatting together. Evidence as on the structure channel, one fingerprint more (its
 * k-grams are half as long and twice as dense) — ≥ `minMatches` + 1
 * distinct fingerprints chained in one file, ≥ `minLines` indexed lines, coverage ≥ `minCoverage` of the
 * prompt's shape fingerprints inside the span — with no token-span minimum: each shape k-gram carries
 * literals, so four of them in order are specific. Dominance (regions under `strongMatches`) is measured
 * in *tokens*, not shape fingerprints: those exist only where literals are, so eight literal-bearing
 * lines inside eighty lines of literal-free code would otherwise be "most of the block". Tokens inside
 * `found` (regions the other channels found in this block) are not "other code".
 */
export function lookupShape(index: OwnCodeIndex, tokens: TokenStream, options: LookupOptions, found: readonly OwnCodeRegion[] = [], fp: Fingerprints = fingerprintShape(tokens)): OwnCodeRegion[] {
  const minMatches = options.minMatches + 1;
  if (fp.count < minMatches) return [];
  // Only fingerprints outside what the other channels already found are looked up: an agent's prompt
  // is mostly files the structure and exact channels found, and their shape hits would only cost.
  const matches = collectList(index, index.identifiers, found.length === 0 ? fp : outside(fp, tokens, found), shapeMatches, true);
  if (matches.length < minMatches) return [];
  const fileOf = (f: number): IndexedFile => index.files[f] ?? { repository: '', path: '', contentHash: '', lines: 0 };
  const candidates: Candidate[] = [];
  for (const c of chainMatchList(matches, options.maxGapTokens, options.maxGapLines, false, minMatches)) {
    if (c.matched < minMatches || c.endLine - c.startLine + 1 < options.minLines) continue;
    const coverage = c.matched / Math.max(1, countInRange(fp.first, c.firstPos, c.lastPos));
    if (coverage < options.minCoverage) continue;
    const lastToken = Math.min(tokens.length - 1, fp.last[c.lastFp] ?? c.lastPos);
    candidates.push(chainCandidate(c, fp, tokens, fileOf(c.file), lastToken, coverage, 0, 'shape'));
  }
  return keepDominantByTokens(candidates, tokens, found, options);
}

/** Scratch match list (the lookup never re-enters itself). */
const shapeMatches = new MatchList();

/**
 * Share of the tokens around a short shape region it must hold. Lower than the fingerprint share
 * (`minShare`): a region's tokens include its unmatched gaps' neighbours only up to its first and last
 * fingerprint, so a whole 15-line paste found over its middle two thirds is ~⅔ of its block, and eight
 * lines inside eighty of other code stay at ~⅕.
 */
const TOKEN_SHARE = 1 / 3;

/** `fp` without the fingerprints whose first token lies inside one of `found` (token offsets). */
function outside(fp: Fingerprints, tokens: TokenStream, found: readonly OwnCodeRegion[]): Fingerprints {
  const keep: number[] = [];
  for (let i = 0; i < fp.count; i++) {
    const at = tokens.start[fp.first[i] ?? 0] ?? 0;
    if (!found.some((r) => at >= r.start && at < r.end)) keep.push(i);
  }
  if (keep.length === fp.count) return fp;
  const pick = (a: Uint32Array): Uint32Array => {
    const out = new Uint32Array(keep.length);
    for (let j = 0; j < keep.length; j++) out[j] = a[keep[j] ?? 0] ?? 0;
    return out;
  };
  return { count: keep.length, hi: pick(fp.hi), lo: pick(fp.lo), first: pick(fp.first), last: pick(fp.last) };
}

function keepDominantByTokens(candidates: Candidate[], tokens: TokenStream, found: readonly OwnCodeRegion[], options: LookupOptions): OwnCodeRegion[] {
  const out: OwnCodeRegion[] = [];
  let cover: Uint8Array | undefined;
  const n = tokens.length;
  const range = (r: OwnCodeRegion): [number, number] => [lowerBound(tokens.start, r.start), lowerBound(tokens.start, r.end)];
  for (const c of candidates) {
    if (c.region.matched >= options.strongMatches) {
      out.push(c.region);
      continue;
    }
    if (!cover) {
      cover = new Uint8Array(n);
      for (const r of [...candidates.map((d) => d.region), ...found]) cover.fill(1, ...range(r));
    }
    const [from, to] = range(c.region);
    const reach = 2 * (to - from);
    let around = to - from;
    for (let i = Math.max(0, from - reach); i < from; i++) if (cover[i] === 0) around++;
    for (let i = to; i < Math.min(n, to + reach); i++) if (cover[i] === 0) around++;
    if (to - from >= TOKEN_SHARE * around) out.push(c.region);
  }
  return out;
}
