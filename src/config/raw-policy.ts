/**
 * The policy as written in YAML once it passed schema.json (`$defs/policyDocument`, `$defs/policy`):
 * single values or lists, before build-policy.ts normalises them into a `PolicyDocument`.
 */
import type { Confidence, FindingType } from '../domain/finding.ts';
import type { PolicyAction } from '../domain/decision.ts';
import type { DurationInput } from './raw-config.ts';
import type { ClientTool, Weekday } from '../domain/policy.ts';
import type { UninspectedKind } from '../domain/uninspected.ts';

type OneOrMany<T> = T | T[];

export interface RawFindingCondition {
  type?: OneOrMany<FindingType>;
  rule?: OneOrMany<string>;
  confidence?: Confidence;
  minCount?: number;
  repository?: OneOrMany<string>;
}

export interface RawWhen {
  findings?: OneOrMany<RawFindingCondition>;
  users?: OneOrMany<string>;
  teams?: OneOrMany<string>;
  groups?: OneOrMany<string>;
  keys?: OneOrMany<string>;
  clientTools?: OneOrMany<ClientTool>;
  models?: OneOrMany<string>;
  zone?: OneOrMany<'internal' | 'external'>;
  time?: { days?: Weekday[]; hours?: string; timezone?: string };
  uninspected?: OneOrMany<UninspectedKind>;
  unredactable?: boolean;
}

export interface RawRule {
  name: string;
  description?: string;
  when?: RawWhen;
  action: PolicyAction;
  monitor?: boolean;
  reason?: string;
}

/** A policy file, or the policy keys of the config's `policy` section. */
export interface RawPolicyDocument {
  description?: string;
  default?: PolicyAction;
  monitor?: boolean;
  internalModel?: string;
  unreadable?: 'fail-closed' | 'allow';
  rules?: RawRule[];
}

/** The config's `policy` section: an inline policy or a `file`, plus gateway-side settings. */
export interface RawPolicySection extends RawPolicyDocument {
  file?: string;
  reloadInterval?: DurationInput;
  sticky?: { ttl?: DurationInput; maxSessions?: number };
}
