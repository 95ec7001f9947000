import type { Confidence, Detection } from '../finding.ts';
import type { Detector } from '../detector.ts';
import { DEFAULT_LOOKUP_OPTIONS, lookupText, type LookupOptions, type OwnCodeRegion } from './lookup.ts';
import type { OwnCodeIndex } from './own-code-index.ts';
import { preprocessPrompt } from './preprocess-prompt.ts';

/**
 * The `own-code` detector: finds regions of the company's indexed source in a prompt (see lookup.ts)
 * and reports each as a Detection naming repository, file, line range and coverage. Confidence: high
 * when the names match too (a verbatim or lightly edited copy), medium for structure alone (renamed or
 * heavily reformatted). Results are cached per text (agents resend whole histories each turn), bounded
 * by total characters, so a growing conversation is fingerprinted only once per new piece.
 */

export interface OwnCodeDetectorOptions extends LookupOptions {
  /** Identifier-channel coverage at which a region counts as verbatim (confidence high). */
  verbatimIdentifierCoverage: number;
  /** Characters of scanned text whose results are remembered. */
  cacheChars: number;
}

export const DEFAULT_OWN_CODE_OPTIONS: OwnCodeDetectorOptions = { ...DEFAULT_LOOKUP_OPTIONS, verbatimIdentifierCoverage: 0.5, cacheChars: 4_000_000 };

export function describeRegion(r: OwnCodeRegion): string {
  return `${r.file.repository}:${r.file.path}:L${r.startLine}-L${r.endLine} (coverage ${r.coverage.toFixed(2)})`;
}

export function createOwnCodeDetector(index: OwnCodeIndex, options: Partial<OwnCodeDetectorOptions> = {}): Detector {
  const o: OwnCodeDetectorOptions = { ...DEFAULT_OWN_CODE_OPTIONS, ...options };
  const cache = new Map<string, Detection[]>();
  let cachedChars = 0;
  const scanUncached = (text: string): Detection[] => {
    const clean = preprocessPrompt(text);
    return lookupText(index, clean.text, o).map((r): Detection => {
      const start = clean.toOriginal(r.start);
      const end = Math.max(start, clean.toOriginal(Math.max(r.start, r.end - 1)) + 1);
      const confidence: Confidence = r.identifierCoverage >= o.verbatimIdentifierCoverage ? 'high' : 'medium';
      return {
        type: 'own-code',
        ruleId: 'own-code',
        confidence,
        start,
        end,
        valueStart: start,
        valueEnd: end,
        value: text.slice(start, end),
        description: describeRegion(r),
        ownCode: { repository: r.file.repository, path: r.file.path, startLine: r.startLine, endLine: r.endLine, coverage: Number(r.coverage.toFixed(2)) },
      };
    });
  };
  return {
    name: 'own-code',
    scan(text: string): Detection[] {
      const hit = cache.get(text);
      if (hit) {
        cache.delete(text);
        cache.set(text, hit);
        return hit.map((d) => ({ ...d }));
      }
      const result = scanUncached(text);
      if (text.length <= o.cacheChars) {
        cache.set(text, result);
        cachedChars += text.length;
        for (const key of cache.keys()) {
          if (cachedChars <= o.cacheChars) break;
          cache.delete(key);
          cachedChars -= key.length;
        }
      }
      return result.map((d) => ({ ...d }));
    },
  };
}
