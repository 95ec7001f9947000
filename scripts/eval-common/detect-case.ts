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

/** Cases, cases with any finding, cases with a finding of at least medium confidence. */
export interface Row {
  total: number;
  any: number;
  medium: number;
}

/** Results counted per key, keys sorted. */
export function tally<C>(rs: readonly CaseResult<C>[], key: (r: CaseResult<C>) => string): Map<string, Row> {
  const m = new Map<string, Row>();
  for (const r of rs) {
    const k = key(r);
    const t = m.get(k) ?? { total: 0, any: 0, medium: 0 };
    t.total++;
    if (r.best !== undefined) t.any++;
    if (r.best !== undefined && RANK[r.best] >= RANK.medium) t.medium++;
    m.set(k, t);
  }
  return new Map([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export const pct = (n: number, d: number): string => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);

/** The recall table: one row per family, then the total of each type. */
export function printRecallTable(families: ReadonlyMap<string, Row>, total: (type: 'secret' | 'pii') => Row): void {
  console.log('\n| family | cases | found (any tier) | recall | ≥ medium |\n|---|---:|---:|---:|---:|');
  for (const [k, t] of families) console.log(`| ${k} | ${t.total} | ${t.any} | ${pct(t.any, t.total)} | ${pct(t.medium, t.total)} |`);
  for (const type of ['secret', 'pii'] as const) {
    const t = total(type);
    console.log(`| **all ${type}** | ${t.total} | ${t.any} | **${pct(t.any, t.total)}** | ${pct(t.medium, t.total)} |`);
  }
}
