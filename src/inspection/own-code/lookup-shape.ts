import { chainMatches, type Match } from './chain-matches.ts';
import { fingerprintShape } from './fingerprint-shape.ts';
import type { LookupOptions, OwnCodeRegion } from './lookup.ts';
import type { IndexedFile, OwnCodeIndex } from './own-code-index.ts';
import { collect, countInRange, keepDominant, lowerBound, type Candidate } from './region-evidence.ts';
import type { TokenStream } from './tokenize/token-stream.ts';

/**
 * Shape channel lookup (fingerprint-shape.ts): structure with literal values kept, so it survives
 * renaming and reformatting together. Same evidence rules as the structure channel — ≥ `minMatches`
 * distinct fingerprints chained in one file, ≥ `minLines` indexed lines, coverage ≥ `minCoverage` of the
 * prompt's shape fingerprints inside the span, and dominance for regions under `strongMatches` — with no
 * token-span minimum: each shape k-gram carries literals, so four of them in order are specific.
 */
export function lookupShape(index: OwnCodeIndex, tokens: TokenStream, options: LookupOptions): OwnCodeRegion[] {
  const fp = fingerprintShape(tokens);
  if (fp.count < options.minMatches) return [];
  const matches: Match[] = [];
  collect(index, index.identifiers, fp, matches, true);
  if (matches.length < options.minMatches) return [];
  const fileOf = (f: number): IndexedFile => index.files[f] ?? { repository: '', path: '', contentHash: '', lines: 0 };
  const candidates: Candidate[] = [];
  for (const c of chainMatches(matches, options.maxGapTokens, options.maxGapLines)) {
    if (c.matched < options.minMatches || c.endLine - c.startLine + 1 < options.minLines) continue;
    const coverage = c.matched / Math.max(1, countInRange(fp.first, c.firstPos, c.lastPos));
    if (coverage < options.minCoverage) continue;
    const lastToken = Math.min(tokens.length - 1, fp.last[c.lastFp] ?? c.lastPos);
    candidates.push({ from: lowerBound(fp.first, c.firstPos), to: lowerBound(fp.first, c.lastPos + 1), region: {
      file: fileOf(c.file),
      fileId: c.file,
      startLine: c.startLine,
      endLine: c.endLine,
      start: tokens.start[c.firstPos] ?? 0,
      end: tokens.end[lastToken] ?? 0,
      tokens: lastToken - c.firstPos + 1,
      matched: c.matched,
      coverage,
      identifierCoverage: 0,
      channel: 'shape',
    } });
  }
  return keepDominant(candidates, fp.count, options);
}
