import type { Confidence, Detection } from '../finding.ts';
import type { Detector } from '../detector.ts';
import { DEFAULT_LOOKUP_OPTIONS, lookupText, type LookupOptions, type OwnCodeRegion } from './lookup.ts';
import type { OwnCodeIndex } from './own-code-index.ts';
import { preprocessPrompt, type CleanText } from './preprocess-prompt.ts';

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

/**
 * Licence boilerplate: the words licence headers are made of (Apache, MIT, BSD, GPL/LGPL, SPDX tags). A
 * licence header is the same text in thousands of unrelated projects; when one company file carries
 * the same licence as a pasted file, their headers match line for line (eval:owncode: a vendored
 * library's Apache header named a YAML file's, an LGPL header in a Python module named a shell
 * script's). Such a region says nothing about whose code it is.
 */
const LICENCE = /licen[cs]e|warrant|copyright|redistribut|free software|permission is hereby granted|merchantab|fitness for a particular|spdx-|all rights reserved|as is|liab(?:le|ility)|without (?:any )?(?:express|limitation)|software foundation|in compliance with|obtain a copy|applicable law|agreed to in writing|governing permissions|limitations under|either version|the above|this (?:software|library|program|file) is|contributors|modify it under|hope that it will be useful|received a copy|public license|notice|gnu\.org|apache\.org|opensource\.org/i;

/** Whether at least 60% of the substantial lines (≥ 8 non-space characters) of text[start, end) are licence boilerplate. */
export function isLicenceText(text: string, start: number, end: number): boolean {
  let lines = 0;
  let licence = 0;
  for (const line of text.slice(start, end).split('\n')) {
    if (line.replace(/\s+/g, '').length < 8) continue;
    lines++;
    if (LICENCE.test(line)) licence++;
  }
  return lines > 0 && licence >= 0.6 * lines;
}

function originalSpan(clean: CleanText, r: OwnCodeRegion): { start: number; end: number } {
  const start = clean.toOriginal(r.start);
  return { start, end: Math.max(start, clean.toOriginal(Math.max(r.start, r.end - 1)) + 1) };
}

export function describeRegion(r: OwnCodeRegion): string {
  return `${r.file.repository}:${r.file.path}:L${r.startLine}-L${r.endLine} (coverage ${r.coverage.toFixed(2)})`;
}

export function createOwnCodeDetector(index: OwnCodeIndex, options: Partial<OwnCodeDetectorOptions> = {}): Detector {
  const o: OwnCodeDetectorOptions = { ...DEFAULT_OWN_CODE_OPTIONS, ...options };
  const cache = new Map<string, Detection[]>();
  let cachedChars = 0;
  const scanUncached = (text: string): Detection[] => {
    const clean = preprocessPrompt(text);
    const found = lookupText(index, clean.text, o)
      .filter((r) => !isLicenceText(clean.text, r.start, r.end))
      .map((r) => ({ r, ...originalSpan(clean, r) }));
    // A diff that removes lines: its pre-image (context and `-` lines) is the file as it was — an edit of
    // a company file shows the company's lines there. Regions of the pre-image that no post-image region
    // overlaps are added (the post-image is looked up first; a diff without removed lines costs nothing).
    if (clean.removed) {
      const pre = preprocessPrompt(text, 'pre');
      for (const r of lookupText(index, pre.text, o)) {
        if (isLicenceText(pre.text, r.start, r.end)) continue;
        const span = originalSpan(pre, r);
        if (!found.some((f) => Math.min(f.end, span.end) > Math.max(f.start, span.start))) found.push({ r, ...span });
      }
      found.sort((a, b) => a.start - b.start);
    }
    return found.map(({ r, start, end }): Detection => {
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
