import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'smol-toml';
import type { Confidence } from '../finding.ts';
import { compileRe2 } from './re2-pattern.ts';
import { allowlist } from './rule-set.ts';
import type { AllowlistSpec, RuleSet, RuleSpec } from './rule-set.ts';

/**
 * Why: companies already keep their secret rules as gitleaks configs; loading that format as-is lets them
 * bring it unchanged. Unknown keys become warnings (newer gitleaks versions add keys), but a regex that
 * does not compile is an error naming the rule, because a silently dropped rule is a silent leak.
 */
export interface LoadOptions {
  /** Directory that `[extend] path` is relative to. */
  baseDir?: string;
  /** What `[extend] useDefault = true` extends; without it that line only adds a warning. */
  defaultRuleSet?: () => RuleSet;
  /** Confidence for a loaded rule (default: `confidenceForGitleaksRule`). */
  confidence?: (rule: RuleSpec) => Confidence;
  readFile?: (path: string) => string;
}

type Table = Record<string, unknown>;
const MAX_EXTEND_DEPTH = 4;

/** Our call for gitleaks rules: medium, except the keyword + entropy catch-alls (`generic-*`), which are low. */
export function confidenceForGitleaksRule(rule: RuleSpec): Confidence {
  return rule.id.startsWith('generic') ? 'low' : 'medium';
}

export function loadGitleaksTomlFile(path: string, options: LoadOptions = {}): RuleSet {
  const read = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  return loadGitleaksToml(read(path), { ...options, baseDir: options.baseDir ?? dirname(path) });
}

export function loadGitleaksToml(text: string, options: LoadOptions = {}, depth = 0): RuleSet {
  let doc: Table;
  try {
    doc = parse(text) as Table;
  } catch (err) {
    throw new Error(`gitleaks config: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const warnings: string[] = [];
  warnUnknown(doc, ['title', 'description', 'minVersion', 'rules', 'allowlist', 'allowlists', 'extend'], 'config', warnings);
  const rules: RuleSpec[] = [];
  for (const [i, raw] of tables(doc['rules'], 'rules').entries()) rules.push(readRule(raw, i, warnings));
  const globals: AllowlistSpec[] = [];
  const targeted: Array<{ rules: string[]; list: AllowlistSpec }> = [];
  const globalTables = [...(doc['allowlist'] === undefined ? [] : [table(doc['allowlist'], 'allowlist')]), ...tables(doc['allowlists'], 'allowlists')];
  for (const [i, raw] of globalTables.entries()) {
    const where = `global allowlist #${i + 1}`;
    const list = readAllowlist(raw, where, warnings, ['targetRules']);
    const target = strings(raw['targetRules'], `${where}.targetRules`);
    if (target.length > 0) targeted.push({ rules: target, list });
    else globals.push(list);
  }
  let set: RuleSet = { title: optString(doc['title'], 'title'), rules, allowlists: globals, warnings };
  if (doc['extend'] !== undefined) set = applyExtend(set, table(doc['extend'], 'extend'), options, depth);
  for (const t of targeted) {
    for (const id of t.rules) {
      const rule = set.rules.find((r) => r.id === id);
      if (rule === undefined) throw new Error(`gitleaks config: allowlist targets unknown rule "${id}"`);
      rule.allowlists.push(t.list);
    }
  }
  for (const rule of set.rules) validateRule(rule);
  const confidence = options.confidence ?? confidenceForGitleaksRule;
  for (const rule of set.rules) if (rule.refine === undefined) rule.confidence = confidence(rule);
  for (const [i, a] of set.allowlists.entries()) validateAllowlist(a, `global allowlist #${i + 1}`);
  return set;
}

function readRule(raw: Table, index: number, warnings: string[]): RuleSpec {
  const id = optString(raw['id'], `rules[${index}].id`);
  if (id === undefined || id === '') throw new Error(`gitleaks config: rules[${index}] has no id`);
  const where = `rule "${id}"`;
  warnUnknown(raw, ['id', 'description', 'regex', 'secretGroup', 'entropy', 'keywords', 'path', 'tags', 'allowlist', 'allowlists'], where, warnings);
  const lists = [...(raw['allowlist'] === undefined ? [] : [table(raw['allowlist'], `${where}.allowlist`)]), ...tables(raw['allowlists'], `${where}.allowlists`)];
  return {
    id,
    description: optString(raw['description'], `${where}.description`),
    regex: optString(raw['regex'], `${where}.regex`),
    secretGroup: optNumber(raw['secretGroup'], `${where}.secretGroup`) ?? 0,
    entropy: optNumber(raw['entropy'], `${where}.entropy`) ?? 0,
    keywords: strings(raw['keywords'], `${where}.keywords`).map((k) => k.toLowerCase()),
    path: optString(raw['path'], `${where}.path`),
    tags: strings(raw['tags'], `${where}.tags`),
    allowlists: lists.map((a, i) => readAllowlist(a, `${where} allowlist #${i + 1}`, warnings, [])),
    confidence: 'medium',
  };
}

function readAllowlist(raw: Table, where: string, warnings: string[], extraKeys: string[]): AllowlistSpec {
  warnUnknown(raw, ['description', 'condition', 'regexTarget', 'regexes', 'stopwords', 'paths', 'commits', ...extraKeys], where, warnings);
  const cond = (optString(raw['condition'], `${where}.condition`) ?? 'OR').toUpperCase();
  if (!['OR', 'AND', '||', '&&', ''].includes(cond)) throw new Error(`gitleaks config: ${where}: unknown condition "${cond}"`);
  const target = optString(raw['regexTarget'], `${where}.regexTarget`) ?? 'secret';
  if (target !== 'secret' && target !== 'match' && target !== 'line' && target !== '') {
    throw new Error(`gitleaks config: ${where}: unknown regexTarget "${target}"`);
  }
  return allowlist({
    description: optString(raw['description'], `${where}.description`),
    condition: cond === 'AND' || cond === '&&' ? 'AND' : 'OR',
    regexTarget: target === '' ? 'secret' : target,
    regexes: strings(raw['regexes'], `${where}.regexes`),
    stopwords: strings(raw['stopwords'], `${where}.stopwords`),
    paths: strings(raw['paths'], `${where}.paths`),
    commits: strings(raw['commits'], `${where}.commits`),
  });
}

/** gitleaks' extend: base rules not disabled are kept; a rule with the same id overrides set fields and adds lists. */
function applyExtend(set: RuleSet, ext: Table, options: LoadOptions, depth: number): RuleSet {
  set.warnings.push(...unknownKeys(ext, ['useDefault', 'path', 'disabledRules'], 'extend'));
  const disabled = new Set(strings(ext['disabledRules'], 'extend.disabledRules'));
  const path = optString(ext['path'], 'extend.path');
  let base: RuleSet | undefined;
  if (depth >= MAX_EXTEND_DEPTH) throw new Error('gitleaks config: [extend] nested too deeply');
  if (ext['useDefault'] === true) {
    if (options.defaultRuleSet === undefined) set.warnings.push('extend: useDefault = true but no default rule set is configured');
    else base = options.defaultRuleSet();
  } else if (path !== undefined) {
    const full = resolve(options.baseDir ?? '.', path);
    const read = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
    base = loadGitleaksToml(read(full), { ...options, baseDir: dirname(full) }, depth + 1);
  }
  if (base === undefined) return set;
  const merged: RuleSpec[] = [];
  const own = new Map(set.rules.map((r) => [r.id, r]));
  for (const b of base.rules) {
    if (disabled.has(b.id)) continue;
    const cur = own.get(b.id);
    if (cur === undefined) {
      merged.push(cloneRule(b));
      continue;
    }
    own.delete(b.id);
    merged.push({
      ...cloneRule(b),
      description: cur.description ?? b.description,
      entropy: cur.entropy !== 0 ? cur.entropy : b.entropy,
      secretGroup: cur.secretGroup !== 0 ? cur.secretGroup : b.secretGroup,
      regex: cur.regex ?? b.regex,
      path: cur.path ?? b.path,
      tags: [...b.tags, ...cur.tags],
      keywords: [...b.keywords, ...cur.keywords],
      allowlists: [...b.allowlists.map(cloneAllowlist), ...cur.allowlists],
    });
  }
  merged.push(...own.values());
  return {
    title: set.title,
    rules: merged,
    allowlists: [...set.allowlists, ...base.allowlists.map(cloneAllowlist)],
    warnings: [...base.warnings, ...set.warnings],
  };
}

function cloneAllowlist(a: AllowlistSpec): AllowlistSpec {
  return { ...a, regexes: [...a.regexes], stopwords: [...a.stopwords], paths: [...a.paths], commits: [...a.commits] };
}

function cloneRule(r: RuleSpec): RuleSpec {
  return { ...r, keywords: [...r.keywords], tags: [...r.tags], allowlists: r.allowlists.map(cloneAllowlist) };
}

function validateRule(rule: RuleSpec): void {
  const where = `rule "${rule.id}"`;
  if (rule.regex === undefined && rule.path === undefined) throw new Error(`gitleaks config: ${where} has neither regex nor path`);
  if (rule.regex !== undefined) {
    const re = compileRe2(rule.regex, `${where} regex`);
    if (rule.secretGroup > re.groupCount) {
      throw new Error(`gitleaks config: ${where}: secretGroup ${rule.secretGroup} but the regex has ${re.groupCount} groups`);
    }
  }
  if (rule.path !== undefined) compileRe2(rule.path, `${where} path`);
  rule.allowlists.forEach((a, i) => validateAllowlist(a, `${where} allowlist #${i + 1}`));
}

function validateAllowlist(a: AllowlistSpec, where: string): void {
  a.regexes.forEach((r, i) => compileRe2(r, `${where} regex #${i + 1}`));
  a.paths.forEach((r, i) => compileRe2(r, `${where} path #${i + 1}`));
  if (a.regexes.length + a.stopwords.length + a.paths.length + a.commits.length === 0) {
    throw new Error(`gitleaks config: ${where} has no regexes, stopwords, paths or commits`);
  }
}

function warnUnknown(t: Table, known: string[], where: string, warnings: string[]): void {
  warnings.push(...unknownKeys(t, known, where));
}

function unknownKeys(t: Table, known: string[], where: string): string[] {
  return Object.keys(t).filter((k) => !known.includes(k)).map((k) => `${where}: unknown key "${k}" ignored`);
}

function table(v: unknown, where: string): Table {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`gitleaks config: ${where} must be a table`);
  return v as Table;
}

function tables(v: unknown, where: string): Table[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new Error(`gitleaks config: ${where} must be an array of tables`);
  return v.map((x, i) => table(x, `${where}[${i}]`));
}

function strings(v: unknown, where: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new Error(`gitleaks config: ${where} must be an array of strings`);
  return v as string[];
}

function optString(v: unknown, where: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new Error(`gitleaks config: ${where} must be a string`);
  return v;
}

function optNumber(v: unknown, where: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v !== 'number') throw new Error(`gitleaks config: ${where} must be a number`);
  return v;
}
