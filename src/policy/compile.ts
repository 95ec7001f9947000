import { createHash } from 'node:crypto';
import { compileGlob } from '../util/match-model.ts';
import type { Confidence } from '../inspection/finding.ts';
import type { FindingCondition, FindingFacts, PolicyDocument, PolicyFacts, PolicyRule, PolicyWhen, TimeCondition } from './types.ts';
import { WEEKDAYS } from './types.ts';

/**
 * One condition of a rule, compiled: returns a short value-free explanation when it holds (what
 * `sekisho policy test` prints as "why"), or null when it does not.
 */
export type Check = (facts: PolicyFacts) => string | null;

export interface CompiledRule {
  rule: PolicyRule;
  /** In the order the conditions are listed in `PolicyWhen`; a rule with none always matches. */
  checks: Array<{ condition: keyof PolicyWhen; check: Check }>;
}

/** A policy ready to evaluate: compiled once per load, evaluated per request with no allocation beyond the result. */
export interface CompiledPolicy {
  document: PolicyDocument;
  rules: CompiledRule[];
  /** SHA-256 (first 16 hex) of the document: which policy decided, in health and reports. */
  hash: string;
}

const CONFIDENCE_RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/**
 * Compiles a validated document. Globs become anchored RegExps, time zones become formatters; an
 * invalid time zone throws (build-policy.ts checks it first, so a loaded policy never does).
 */
export function compilePolicy(document: PolicyDocument): CompiledPolicy {
  return {
    document,
    rules: document.rules.map(compileRule),
    hash: createHash('sha256').update(JSON.stringify(document)).digest('hex').slice(0, 16),
  };
}

function compileRule(rule: PolicyRule): CompiledRule {
  const w = rule.when;
  const checks: CompiledRule['checks'] = [];
  const add = (condition: keyof PolicyWhen, check: Check): void => {
    checks.push({ condition, check });
  };
  if (w.findings) add('findings', findingsCheck(w.findings));
  if (w.users) add('users', valueCheck('user', w.users, (f) => f.principal.user));
  if (w.teams) add('teams', valueCheck('team', w.teams, (f) => f.principal.team));
  if (w.groups) {
    const globs = w.groups.map(compileGlob);
    add('groups', (f) => {
      const hit = f.principal.groups.find((g) => globs.some((re) => re.test(g)));
      return hit === undefined ? null : `group ${hit}`;
    });
  }
  if (w.keys) {
    const globs = w.keys.map((k) => compileGlob(k.startsWith('key:') ? k : `key:${k}`));
    add('keys', (f) => (globs.some((re) => re.test(f.principal.id)) ? `principal ${f.principal.id}` : null));
  }
  if (w.clientTools) {
    const tools = new Set<string>(w.clientTools);
    add('clientTools', (f) => (tools.has(f.clientTool) ? `client tool ${f.clientTool}` : null));
  }
  if (w.models) add('models', valueCheck('model', w.models, (f) => f.model));
  if (w.zones) {
    const zones = new Set<string>(w.zones);
    add('zones', (f) => (f.zone !== undefined && zones.has(f.zone) ? `model routed to the ${f.zone} zone` : null));
  }
  if (w.time) add('time', timeCheck(w.time));
  if (w.uninspected) {
    const kinds = new Set<string>(w.uninspected);
    add('uninspected', (f) => {
      const hits = (f.uninspected ?? []).filter((entry) => entry.some((k) => kinds.has(k)));
      return hits.length === 0 ? null : `uninspected content: ${describeUninspected(hits)}`;
    });
  }
  if (w.unredactable !== undefined) {
    const want = w.unredactable;
    add('unredactable', (f) => ((f.unredactable ?? false) === want ? (want ? 'a value found could not be redacted' : 'every value found can be redacted') : null));
  }
  return { rule, checks };
}

/** `image ×2, pdf, image/url`: kinds and counts of uninspected entries. */
export function describeUninspected(entries: ReadonlyArray<readonly string[]>): string {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.join('/'), (counts.get(e.join('/')) ?? 0) + 1);
  return [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ');
}

function valueCheck(label: string, patterns: string[], get: (f: PolicyFacts) => string | undefined): Check {
  const globs = patterns.map(compileGlob);
  return (f) => {
    const value = get(f);
    return value !== undefined && globs.some((re) => re.test(value)) ? `${label} ${value}` : null;
  };
}

function findingsCheck(alternatives: FindingCondition[]): Check {
  const compiled = alternatives.map((c) => {
    const types = c.type === undefined ? undefined : new Set<string>(c.type);
    const rules = c.rule?.map(compileGlob);
    const repos = c.repository?.map(compileGlob);
    const minRank = c.confidence === undefined ? 0 : CONFIDENCE_RANK[c.confidence];
    const matches = (x: FindingFacts): boolean =>
      (types === undefined || types.has(x.type)) &&
      (rules === undefined || rules.some((re) => re.test(x.ruleId))) &&
      CONFIDENCE_RANK[x.confidence] >= minRank &&
      (repos === undefined || (x.ownCode !== undefined && repos.some((re) => re.test(x.ownCode!.repository))));
    return { matches, minCount: c.minCount };
  });
  return (f) => {
    for (const { matches, minCount } of compiled) {
      let count = 0;
      for (const x of f.findings) if (matches(x)) count++;
      if (count >= minCount && count > 0) return `${count} finding${count === 1 ? '' : 's'}: ${describeFindings(f.findings.filter(matches))}`;
    }
    return null;
  };
}

/** `secret/aws-access-token (high) ×2, own-code/payments-api (high)`: names and counts, never values. */
export function describeFindings(findings: readonly FindingFacts[]): string {
  const counts = new Map<string, number>();
  for (const x of findings) {
    const name = `${x.type}/${x.ownCode ? x.ownCode.repository : x.ruleId} (${x.confidence})`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ');
}

function timeCheck(t: TimeCondition): Check {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: t.timezone, weekday: 'short', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
  const days = t.days === undefined ? undefined : new Set<string>(t.days);
  return (f) => {
    const local = localTime(format, f.time);
    if (days !== undefined && !days.has(local.day)) return null;
    if (t.hours !== undefined) {
      const { start, end } = t.hours;
      const inside = start <= end ? local.minutes >= start && local.minutes < end : local.minutes >= start || local.minutes < end;
      if (!inside) return null;
    }
    const hh = String(Math.floor(local.minutes / 60)).padStart(2, '0');
    const mm = String(local.minutes % 60).padStart(2, '0');
    return `local time ${local.day} ${hh}:${mm} ${t.timezone}`;
  };
}

/** Weekday (`mon`…`sun`) and minutes since midnight of `time` in the formatter's zone. */
function localTime(format: Intl.DateTimeFormat, time: Date): { day: string; minutes: number } {
  let day = '';
  let hour = 0;
  let minute = 0;
  for (const part of format.formatToParts(time)) {
    if (part.type === 'weekday') day = part.value.slice(0, 3).toLowerCase();
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  if (!(WEEKDAYS as readonly string[]).includes(day)) throw new Error(`unexpected weekday "${day}" from Intl`);
  return { day, minutes: hour * 60 + minute };
}
