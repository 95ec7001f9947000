import type { Detection } from '../finding.ts';
import type { Detector } from '../detector.ts';
import type { PiiHit, RunDetector } from './pii-hit.ts';
import { asScanText, normalizeForScan, toOriginalSpan } from '../normalize/normalize-for-scan.ts';
import { findNumericRuns } from './numeric-runs.ts';
import { scanEmails, type EmailOptions } from './email-detector.ts';
import { scanCreditCards } from './credit-card-detector.ts';
import { scanIban } from './iban-detector.ts';
import { scanUsSsn } from './us-ssn-detector.ts';
import { scanMyNumber } from './my-number-detector.ts';
import { scanPhones } from './phone-detector.ts';
import { scanIPv4, scanIPv6 } from './ip-address-detector.ts';
import { scanIdNumbers } from './id-numbers.ts';
import { scanPassport, scanUkNino } from './letter-ids.ts';

/**
 * The `pii` detector: folds the text (NFKC, full-width → ASCII, see normalize-for-scan.ts), runs every
 * personal-data detector over the folded text, maps spans back to the original, and drops overlaps
 * (an earlier, longer, more confident hit wins). Why one detector for all of them: they share the fold
 * and the one pass that finds numeric runs, which is most of the cost.
 */

export interface PiiOptions extends EmailOptions {
  /** The text given to `scan` is already normalised (the detector runs behind `withNormalization`). */
  normalized?: boolean;
}

/** Shortest run any run detector can use: IPv4 `1.2.3.4` (IBAN checks every run itself). */
const MIN_RUN = 7;
const RUN_DETECTORS: readonly RunDetector[] = [scanCreditCards, scanMyNumber, scanUsSsn, scanPhones, scanIPv4, scanIdNumbers];
/** Detectors of ids whose run of digits is short (a NINO's 6, a passport's 7 after its letters). */
const SHORT_RUN_DETECTORS: readonly RunDetector[] = [scanUkNino, scanPassport];
const RANK = { high: 3, medium: 2, low: 1 } as const;

/** Why: the inspection stage holds detectors by the `Detector` contract. */
export function createPiiScanner(options: PiiOptions = {}): Detector {
  return { name: 'pii', scan: (text) => scanPii(text, options) };
}

/** Why exported: tests and benchmarks call the scan directly. */
export function scanPii(original: string, options: PiiOptions = {}): Detection[] {
  const scan = options.normalized === true ? asScanText(original) : normalizeForScan(original);
  const text = scan.text;
  const hits: PiiHit[] = [];
  scanEmails(text, hits, options);
  const runs = findNumericRuns(text);
  for (let r = 0; r < runs.length; r += 2) {
    const start = runs[r]!;
    const end = runs[r + 1]!;
    scanIban(text, start, end, hits);
    if (end - start >= 6) for (const detect of SHORT_RUN_DETECTORS) detect(text, start, end, hits);
    if (end - start < MIN_RUN) continue;
    for (const detect of RUN_DETECTORS) detect(text, start, end, hits);
  }
  scanIPv6(text, runs, hits);
  return resolveOverlaps(hits).map((hit) => {
    const span = toOriginalSpan(scan, hit.start, hit.end);
    const value = original.slice(span.start, span.end);
    return {
      type: 'pii',
      ruleId: hit.ruleId,
      confidence: hit.confidence,
      start: span.start,
      end: span.end,
      valueStart: span.start,
      valueEnd: span.end,
      value,
      description: hit.description,
    };
  });
}

function resolveOverlaps(hits: PiiHit[]): PiiHit[] {
  hits.sort((a, b) => a.start - b.start || b.end - a.end || RANK[b.confidence] - RANK[a.confidence]);
  const kept: PiiHit[] = [];
  for (const hit of hits) {
    const last = kept[kept.length - 1];
    if (last === undefined || hit.start >= last.end) {
      kept.push(hit);
    } else if (RANK[hit.confidence] > RANK[last.confidence]) {
      kept[kept.length - 1] = hit;
    }
  }
  return kept;
}
