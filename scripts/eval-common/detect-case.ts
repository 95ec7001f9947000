/**
 * What the held-out evaluations (eval:heldout, eval:heldout3) run on each case: the gateway's default
 * secret detectors, and its personal-data detectors alone, judged on one text.
 */
import { buildDetectors } from '../../src/inspection/build-detectors.ts';
import { defaultInspection } from '../../src/config/defaults.ts';
import type { Confidence } from '../../src/inspection/finding.ts';
import type { Detector } from '../../src/inspection/detector.ts';

export const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/** Default secret detectors (no personal data), and personal-data detectors alone. */
export function evalDetectors(): { secrets: readonly Detector[]; pii: readonly Detector[] } {
  return {
    secrets: buildDetectors({ ...defaultInspection(), pii: false }).detectors,
    pii: buildDetectors({ ...defaultInspection(), pii: true, rules: { builtin: false, files: [], highEntropy: false } }).detectors,
  };
}

export interface CaseText {
  text: string;
  /** The planted value's span in `text` (positives). */
  start: number;
  end: number;
}

export interface CaseResult<C> {
  c: C;
  /** Highest confidence found, if anything was. */
  best?: Confidence;
  rules: string[];
}

/**
 * Findings of `detectors` on one case. A positive counts when a finding overlaps the value as written;
 * `anywhere` (negatives): any finding in the text counts.
 */
export function detectCase<C extends CaseText>(detectors: readonly Detector[], c: C, anywhere: boolean): CaseResult<C> {
  let best: Confidence | undefined;
  const rules = new Set<string>();
  for (const det of detectors) {
    for (const d of det.scan(c.text)) {
      if (d.type !== 'secret' && d.type !== 'pii') continue;
      if (!anywhere && (d.valueEnd <= c.start || d.valueStart >= c.end)) continue;
      rules.add(d.ruleId);
      if (best === undefined || RANK[d.confidence] > RANK[best]) best = d.confidence;
    }
  }
  return { c, ...(best === undefined ? {} : { best }), rules: [...rules].sort() };
}
