/**
 * Schema-valid YAML → `PolicyDocument`, and the checks the schema cannot express (unique rule names,
 * reserved names, real time zones, non-empty time windows). Problems come back located by path, like
 * schema errors, so they are reported at the file's line and column.
 */
import type { PolicyAction } from '../domain/decision.ts';
import type { ValuePath } from './format-path.ts';
import type { SchemaError } from './validate-schema.ts';
import type { RawFindingCondition, RawPolicyDocument, RawRule, RawWhen } from './raw-policy.ts';
import type { FindingCondition, PolicyDocument, PolicyRule, PolicyWhen } from '../domain/policy.ts';
import { isValidTimeZone } from '../util/time-zone.ts';

/** Keys of the config's `policy` section that make up the policy itself (as opposed to `file`, `sticky`, …). */
export const DOCUMENT_KEYS = ['description', 'default', 'monitor', 'internalModel', 'unreadable', 'rules'] as const;

/** Names a rule may not take: `default` names the default action, `sticky:` prefixes pinned sessions. */
const RESERVED = new Set(['default']);

/** The problems of a schema-valid document; `base` is where it sits (`['policy']` in the config file, `[]` in a policy file). */
export function checkPolicyDocument(raw: RawPolicyDocument, base: ValuePath): SchemaError[] {
  const errors: SchemaError[] = [];
  const seen = new Map<string, number>();
  (raw.rules ?? []).forEach((rule, i) => {
    const at = [...base, 'rules', i];
    const first = seen.get(rule.name);
    if (first !== undefined) errors.push({ path: [...at, 'name'], message: `"${rule.name}" is already the name of rules[${first}]`, keyword: 'unique' });
    else seen.set(rule.name, i);
    if (RESERVED.has(rule.name)) errors.push({ path: [...at, 'name'], message: `"${rule.name}" is reserved (it names the default action)`, keyword: 'reserved' });
    const time = rule.when?.time;
    if (time?.timezone !== undefined && !isValidTimeZone(time.timezone)) {
      errors.push({ path: [...at, 'when', 'time', 'timezone'], message: `"${time.timezone}" is not an IANA time zone such as Asia/Tokyo or Europe/Berlin`, keyword: 'timezone' });
    }
    if (time?.hours !== undefined) {
      const hours = parseHours(time.hours);
      if (hours && hours.start === hours.end) errors.push({ path: [...at, 'when', 'time', 'hours'], message: 'must be a non-empty window (start and end are equal)', keyword: 'hours' });
    }
  });
  return errors;
}

/** Builds the document; `fallbackDefault` is the default action when the file sets none. */
export function buildPolicyDocument(raw: RawPolicyDocument, fallbackDefault: PolicyAction): PolicyDocument {
  const document: PolicyDocument = {
    default: raw.default ?? fallbackDefault,
    monitor: raw.monitor ?? false,
    rules: (raw.rules ?? []).map(buildRule),
  };
  if (raw.description !== undefined) document.description = raw.description;
  if (raw.internalModel !== undefined) document.internalModel = raw.internalModel;
  if (raw.unreadable !== undefined) document.unreadable = raw.unreadable;
  return document;
}

function buildRule(raw: RawRule): PolicyRule {
  const rule: PolicyRule = { name: raw.name, when: buildWhen(raw.when ?? {}), action: raw.action, monitor: raw.monitor ?? false };
  if (raw.description !== undefined) rule.description = raw.description;
  if (raw.reason !== undefined) rule.reason = raw.reason;
  return rule;
}

function buildWhen(raw: RawWhen): PolicyWhen {
  const when: PolicyWhen = {};
  if (raw.findings !== undefined) when.findings = list(raw.findings).map(buildFindingCondition);
  if (raw.users !== undefined) when.users = list(raw.users);
  if (raw.teams !== undefined) when.teams = list(raw.teams);
  if (raw.groups !== undefined) when.groups = list(raw.groups);
  if (raw.keys !== undefined) when.keys = list(raw.keys);
  if (raw.clientTools !== undefined) when.clientTools = list(raw.clientTools);
  if (raw.models !== undefined) when.models = list(raw.models);
  if (raw.zone !== undefined) when.zones = list(raw.zone);
  if (raw.uninspected !== undefined) when.uninspected = [...new Set(list(raw.uninspected))];
  if (raw.unredactable !== undefined) when.unredactable = raw.unredactable;
  if (raw.time !== undefined) {
    when.time = { timezone: raw.time.timezone ?? 'UTC' };
    if (raw.time.days !== undefined) when.time.days = raw.time.days;
    const hours = raw.time.hours === undefined ? undefined : parseHours(raw.time.hours);
    if (hours) when.time.hours = hours;
  }
  return when;
}

function buildFindingCondition(raw: RawFindingCondition): FindingCondition {
  const c: FindingCondition = { minCount: raw.minCount ?? 1 };
  if (raw.type !== undefined) c.type = list(raw.type);
  if (raw.rule !== undefined) c.rule = list(raw.rule);
  if (raw.confidence !== undefined) c.confidence = raw.confidence;
  if (raw.repository !== undefined) c.repository = list(raw.repository);
  return c;
}

/** `HH:MM-HH:MM` → minutes since midnight (`24:00` allowed as an end). */
export function parseHours(text: string): { start: number; end: number } | undefined {
  const m = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(text);
  if (!m) return undefined;
  return { start: Number(m[1]) * 60 + Number(m[2]), end: Number(m[3]) * 60 + Number(m[4]) };
}

function list<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? [...value] : [value];
}
