/**
 * Scores findings against the planted ground truth. A planted value counts as found when some finding's
 * value span overlaps its span (any rule: an AWS secret key caught by the generic assignment rule is
 * still caught). A finding is a true positive when it overlaps a planted span, otherwise it is counted
 * as "unplanted" — which includes real example keys in the corpus, so precision here is a floor.
 */
import type { Confidence, Detection } from '../../src/inspection/finding.ts';
import type { Encoding, Planted, PlantKind } from './scan-plant.ts';

/** A detection with the corpus file it was made in. */
export interface FileFinding {
  file: number;
  d: Detection;
}

export interface KindScore {
  kind: PlantKind;
  planted: number;
  found: number;
  recall: number;
  /** [planted, found] per encoding. */
  byEncoding: Partial<Record<Encoding, [number, number]>>;
  /** Which rules found this kind (a value can be found by two). */
  rules: Record<string, number>;
}

export interface Score {
  kinds: KindScore[];
  planted: number;
  found: number;
  truePositives: number;
  falsePositives: number;
  precision: number;
  /** Per confidence tier: findings overlapping a plant vs not. */
  byConfidence: Record<Confidence, { tp: number; fp: number }>;
}

export function score(truth: Planted[], findings: FileFinding[]): Score {
  const truthByFile = groupBy(truth, (t) => t.file);
  const found = new Map<Planted, Set<string>>();
  let tp = 0;
  let fp = 0;
  const byConfidence: Score['byConfidence'] = { high: { tp: 0, fp: 0 }, medium: { tp: 0, fp: 0 }, low: { tp: 0, fp: 0 } };
  for (const { file, d } of findings) {
    const hits = (truthByFile.get(file) ?? []).filter((t) => d.valueStart < t.end && d.valueEnd > t.start);
    if (hits.length === 0) {
      fp++;
      byConfidence[d.confidence].fp++;
      continue;
    }
    tp++;
    byConfidence[d.confidence].tp++;
    for (const t of hits) found.set(t, (found.get(t) ?? new Set()).add(d.ruleId));
  }
  const kinds = new Map<PlantKind, KindScore>();
  for (const t of truth) {
    let k = kinds.get(t.kind);
    if (k === undefined) kinds.set(t.kind, (k = { kind: t.kind, planted: 0, found: 0, recall: 0, byEncoding: {}, rules: {} }));
    const enc = (k.byEncoding[t.encoding] ??= [0, 0]);
    k.planted++;
    enc[0]++;
    const rules = found.get(t);
    if (rules === undefined) continue;
    k.found++;
    enc[1]++;
    for (const r of rules) k.rules[r] = (k.rules[r] ?? 0) + 1;
  }
  for (const k of kinds.values()) k.recall = k.found / k.planted;
  return {
    kinds: [...kinds.values()],
    planted: truth.length,
    found: found.size,
    truePositives: tp,
    falsePositives: fp,
    precision: tp / Math.max(1, tp + fp),
    byConfidence,
  };
}

export interface RuleCount {
  ruleId: string;
  count: number;
  files: number;
  byConfidence: Partial<Record<Confidence, number>>;
  /** Found only after decoding (base64 etc.). */
  decoded: number;
}

/** Findings on the clean corpus per rule, most frequent first. */
export function countByRule(findings: FileFinding[]): RuleCount[] {
  const rules = new Map<string, RuleCount & { fileSet: Set<number> }>();
  for (const { file, d } of findings) {
    let r = rules.get(d.ruleId);
    if (r === undefined) rules.set(d.ruleId, (r = { ruleId: d.ruleId, count: 0, files: 0, byConfidence: {}, decoded: 0, fileSet: new Set() }));
    r.count++;
    r.fileSet.add(file);
    r.byConfidence[d.confidence] = (r.byConfidence[d.confidence] ?? 0) + 1;
    if (d.encodings !== undefined) r.decoded++;
  }
  return [...rules.values()]
    .map(({ fileSet, ...r }) => ({ ...r, files: fileSet.size }))
    .sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId));
}

function groupBy<T>(items: T[], key: (t: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list === undefined) m.set(k, [it]);
    else list.push(it);
  }
  return m;
}
