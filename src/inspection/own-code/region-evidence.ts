import type { LookupOptions, OwnCodeRegion } from './lookup.ts';
import type { Chain } from './chain-matches.ts';
import type { Fingerprints } from './fingerprint.ts';
import type { IndexedFile } from './own-code-index.ts';
import type { TokenStream } from './tokenize/token-stream.ts';

/**
 * What every channel of the lookup shares: collecting index hits as matches, counting fingerprints in a
 * range, and the dominance rule that keeps short regions only where they are most of the code around them.
 */

/** Index hits of the prompt's fingerprints (probe.ts: the probing loop lives there). */
export { collect } from './probe.ts';

/** First index of `sorted` (ascending) holding a value ≥ x. */
export function lowerBound(sorted: Uint32Array, x: number): number {
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
export function countInRange(first: Uint32Array, lo: number, hi: number): number {
  return lowerBound(first, hi + 1) - lowerBound(first, lo);
}

/** A region that passed its channel's thresholds, with the range of the channel's prompt fingerprints (or lines) it spans. */
export interface Candidate {
  region: OwnCodeRegion;
  from: number;
  to: number;
  /** Fingerprint range its neighbourhood may not leave (the line channel: the block). */
  bounds?: [number, number];
}

/**
 * The candidate of a token channel's chain that passed its thresholds: the region from the chain's first
 * token to `lastToken`, and the range of the channel's prompt fingerprints (`fp`) it spans.
 */
export function chainCandidate(c: Chain, fp: Fingerprints, tokens: TokenStream, file: IndexedFile, lastToken: number, coverage: number, identifierCoverage: number, channel: OwnCodeRegion['channel']): Candidate {
  return { from: lowerBound(fp.first, c.firstPos), to: lowerBound(fp.first, c.lastPos + 1), region: {
    file,
    fileId: c.file,
    startLine: c.startLine,
    endLine: c.endLine,
    start: tokens.start[c.firstPos] ?? 0,
    end: tokens.end[lastToken] ?? 0,
    tokens: lastToken - c.firstPos + 1,
    matched: c.matched,
    coverage,
    identifierCoverage,
    channel,
  } };
}

/**
 * A short region (fewer than `strongMatches` matches) counts only where it is most of the code around
 * it: a 10-line paste is all of its block, while 4–7 lines that two unrelated files happen to share (a
 * helper copied between projects, a common docstring) sit inside other code. Neighbourhood: up to
 * twice the region's length on either side; a neighbour inside another candidate region (the paste of
 * a second indexed file right after the first) is not "other code".
 */
export function keepDominant(candidates: Candidate[], total: number, options: LookupOptions): OwnCodeRegion[] {
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
