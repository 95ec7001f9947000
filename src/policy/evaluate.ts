import type { Decision } from '../domain/decision.ts';
import type { CompiledPolicy, CompiledRule } from './compile.ts';
import type { PolicyFacts } from './types.ts';
import { applyUnreadableDefault } from './unreadable.ts';

/** Why one rule did or did not match: the conditions that held, or the first one that did not. */
export interface RuleTrace {
  rule: string;
  matched: boolean;
  /** Matched: one explanation per condition. Not matched: the condition that failed. */
  why: string[];
}

export interface Evaluation {
  decision: Decision;
  /** Explanations of the conditions of the rule that fired (empty for the default). */
  why: string[];
  /** With `explain`: every rule tried, in order, up to and including the one that fired. */
  trace?: RuleTrace[];
}

/**
 * Decides one request. Rules are tried in file order and the FIRST rule whose conditions all hold
 * fires; when none does, `default` applies. Pure: the same facts and policy always give the same
 * decision, which is what lets `sekisho policy replay` re-decide recorded requests.
 *
 * Monitor mode (the whole policy, or the rule that fired) records the action but enforces `allow`.
 *
 * Then the fail-closed default for unreadable content applies (unreadable.ts): a request that would
 * leave with content Sekisho could not inspect, or a value it could not redact, is kept internal or
 * refused unless the rule that fired explicitly allows it.
 */
export function evaluatePolicy(policy: CompiledPolicy, facts: PolicyFacts, options: { explain?: boolean } = {}): Evaluation {
  const trace: RuleTrace[] | undefined = options.explain ? [] : undefined;
  for (const compiled of policy.rules) {
    const why = matchRule(compiled, facts, trace);
    if (why) return guarded(policy, facts, decisionFor(policy, compiled), why, compiled, trace);
  }
  const action = policy.document.default;
  const monitor = policy.document.monitor && action !== 'allow';
  const decision: Decision = { action, enforced: monitor ? 'allow' : action, rule: 'default' };
  if (monitor) decision.monitor = true;
  return guarded(policy, facts, decision, [], undefined, trace);
}

function guarded(policy: CompiledPolicy, facts: PolicyFacts, decision: Decision, why: string[], fired: CompiledRule | undefined, trace: RuleTrace[] | undefined): Evaluation {
  const result = applyUnreadableDefault(policy, facts, decision, fired);
  if (result.why !== undefined) {
    why = [...why, result.why];
    trace?.push({ rule: result.decision.rule, matched: true, why: [result.why] });
  }
  return { decision: result.decision, why, ...(trace ? { trace } : {}) };
}

function matchRule(compiled: CompiledRule, facts: PolicyFacts, trace: RuleTrace[] | undefined): string[] | null {
  const why: string[] = [];
  for (const { condition, check } of compiled.checks) {
    const hit = check(facts);
    if (hit === null) {
      trace?.push({ rule: compiled.rule.name, matched: false, why: [`${condition} did not match`] });
      return null;
    }
    why.push(hit);
  }
  if (why.length === 0) why.push('no conditions (matches every request)');
  trace?.push({ rule: compiled.rule.name, matched: true, why });
  return why;
}

function decisionFor(policy: CompiledPolicy, { rule }: CompiledRule): Decision {
  const monitor = (policy.document.monitor || rule.monitor) && rule.action !== 'allow';
  const decision: Decision = { action: rule.action, enforced: monitor ? 'allow' : rule.action, rule: rule.name };
  if (monitor) decision.monitor = true;
  if (rule.reason !== undefined) decision.reason = rule.reason;
  return decision;
}

/**
 * The `x-sekisho-decision` header value: what was enforced, what monitor mode withheld, and the rule,
 * e.g. `allow; rule=default`, `block; rule=no-private-keys`, `allow; monitor=block; rule=no-private-keys`,
 * `route-internal; rule=sticky:keep-own-code-internal`. Rule names are restricted to header-safe characters.
 */
export function formatDecisionHeader(decision: Decision): string {
  const monitor = decision.monitor ? `; monitor=${decision.action}` : '';
  return `${decision.enforced}${monitor}; rule=${decision.rule}`;
}
