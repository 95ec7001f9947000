/**
 * The policy language, after validation and defaulting: what the security team writes (in the config's
 * `policy` section or a policy file) in the shape the compiler reads. See docs/policy.md.
 */
import type { Confidence, FindingType } from './finding.ts';
import type { PolicyAction } from './decision.ts';
import type { UninspectedKind } from './uninspected.ts';

/** Client tools Sekisho tells apart (client-tool.ts); `other` is everything else. */
export const CLIENT_TOOLS = ['claude-code', 'codex', 'opencode', 'openai-sdk', 'anthropic-sdk', 'other'] as const;
export type ClientTool = (typeof CLIENT_TOOLS)[number];

/** Weekday names as rules write them, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * Matches when at least `minCount` findings each satisfy every given field. Lists are alternatives
 * (any of them); `rule` and `repository` are globs (`*`, `?`).
 */
export interface FindingCondition {
  type?: FindingType[];
  rule?: string[];
  /** Minimum confidence: `medium` matches medium and high findings. */
  confidence?: Confidence;
  /** At least this many findings (default 1). */
  minCount: number;
  /** Own-code repository name globs; a finding without a repository never matches. */
  repository?: string[];
}

/** A window of local time: weekdays and/or `HH:MM-HH:MM` (may wrap past midnight) in an IANA time zone. */
export interface TimeCondition {
  days?: Weekday[];
  /** Minutes since local midnight, start inclusive, end exclusive. */
  hours?: { start: number; end: number };
  /** IANA time zone, default `UTC`. */
  timezone: string;
}

/** A rule's conditions: all given conditions must hold (AND); values within one condition are alternatives (OR). */
export interface PolicyWhen {
  /** Alternatives: the request matches when any one of them does. */
  findings?: FindingCondition[];
  users?: string[];
  teams?: string[];
  groups?: string[];
  /** Principal ids (`key:ci-bot`) or bare key ids (`ci-bot`); globs. */
  keys?: string[];
  clientTools?: ClientTool[];
  /** Requested model name globs. */
  models?: string[];
  /** Zone of the backends the requested model is routed to. */
  zones?: Array<'internal' | 'external'>;
  time?: TimeCondition;
  /**
   * Content Sekisho could not read: matches when any entry has any of these kinds. When the rule that
   * fires allows or redacts, it also explicitly lets the entries of these kinds leave (unreadable.ts).
   */
  uninspected?: UninspectedKind[];
  /**
   * `true`: a value found could not be redacted (it sits in signed reasoning or an encoded payload);
   * `false`: none. A firing allow/redact rule with `true` explicitly lets such values leave.
   */
  unredactable?: boolean;
}

export interface PolicyRule {
  /** Shown to developers, in the decision header and in the audit trail. */
  name: string;
  description?: string;
  when: PolicyWhen;
  action: PolicyAction;
  /** Decide and record, but do not enforce. */
  monitor: boolean;
  /** Short reason shown to the developer when the rule blocks or reroutes (no sensitive values). */
  reason?: string;
}

/** A whole policy: rules in order (first match wins), the default action, global monitor mode. */
export interface PolicyDocument {
  description?: string;
  default: PolicyAction;
  /** Every rule (and the default) in monitor mode. */
  monitor: boolean;
  /** Model (routed by the normal routes to an internal backend) that serves `route-internal` requests whose own model has no internal backend. */
  internalModel?: string;
  /**
   * What happens to a request bound to an external backend that carries content Sekisho could not read
   * or a value it could not redact, when the rule that fired did not explicitly allow it: `fail-closed`
   * keeps it internal (or refuses it when no internal backend can serve it); `allow` lets it through.
   * Absent: `fail-closed`.
   */
  unreadable?: 'fail-closed' | 'allow';
  rules: PolicyRule[];
}

/** A finding as policy sees it: no values, no locations (what the audit trail records is enough). */
export interface FindingFacts {
  type: FindingType;
  ruleId: string;
  confidence: Confidence;
  ownCode?: { repository: string };
}

/** Everything a rule can match on, for one request (live, from `policy test`, or replayed from an audit event). */
export interface PolicyFacts {
  findings: readonly FindingFacts[];
  principal: { id: string; user?: string; team?: string; groups: readonly string[] };
  clientTool: string;
  model: string;
  /** Zone of the requested model's backends; undefined for a model no route serves. */
  zone?: 'internal' | 'external';
  time: Date;
  /** Content that could not be read: the kinds of each entry (`[image]`, `[image, url]`, …). */
  uninspected?: ReadonlyArray<readonly UninspectedKind[]>;
  /** A value found could not be redacted. */
  unredactable?: boolean;
  /** The requested model's route has an internal backend (where `fail-closed` keeps a request). */
  internalRoute?: boolean;
}
