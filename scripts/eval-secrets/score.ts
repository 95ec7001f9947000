/**
 * Scores detectors on the evaluation set: a positive is found when a detection of the expected type
 * overlaps the value's span in its file; a negative is a false positive when one does. Confidence is kept
 * so results can be read for the gateway (every tier) and for `sekisho scan`'s default (medium and up).
 */
import type { Detector } from '../../src/inspection/detector.ts';
import type { Confidence } from '../../src/inspection/finding.ts';
import type { Case } from './cases.ts';

export interface CaseResult {
  case: Case;
  /** Best confidence of an overlapping detection of the expected type, or undefined. */
  confidence?: Confidence;
  rules: string[];
}

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

export function scoreCases(cases: readonly Case[], detectorsFor: (type: Case['type']) => readonly Detector[]): CaseResult[] {
  return cases.map((c) => {
    const rules = new Set<string>();
    let best: Confidence | undefined;
    for (const detector of detectorsFor(c.type)) {
      for (const d of detector.scan(c.text)) {
        if (d.type !== c.type) continue;
        if (d.valueEnd <= c.start || d.valueStart >= c.end) continue;
        rules.add(d.ruleId);
        if (best === undefined || RANK[d.confidence] > RANK[best]) best = d.confidence;
      }
    }
    return { case: c, ...(best === undefined ? {} : { confidence: best }), rules: [...rules].sort() };
  });
}

export interface Tally {
  total: number;
  any: number;
  medium: number;
  gitleaks?: number;
  rules: Record<string, number>;
}

export function tally(results: readonly CaseResult[], key: (r: CaseResult) => string, gitleaksHit?: (c: Case) => boolean): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const r of results) {
    const k = key(r);
    let t = out.get(k);
    if (t === undefined) {
      t = { total: 0, any: 0, medium: 0, rules: {}, ...(gitleaksHit ? { gitleaks: 0 } : {}) };
      out.set(k, t);
    }
    t.total++;
    if (r.confidence !== undefined) t.any++;
    if (r.confidence !== undefined && RANK[r.confidence] >= RANK.medium) t.medium++;
    if (gitleaksHit?.(r.case) === true) t.gitleaks!++;
    for (const rule of r.rules) t.rules[rule] = (t.rules[rule] ?? 0) + 1;
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
