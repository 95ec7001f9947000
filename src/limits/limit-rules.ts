/**
 * Which limit rules apply to a principal, and whose counter each one uses. Pure policy: no clock, no
 * storage. Every rule whose `match` selects the principal applies (a per-user rule and a per-team rule
 * both hold); within `match`, every listed criterion must hold and a list matches any of its entries.
 */
import type { LimitRule } from '../config/types.ts';
import type { Principal } from '../domain/principal.ts';

/** A rule that applies, with the subject its counters are kept for. */
export interface ApplicableLimit {
  rule: LimitRule;
  /** `key:<id>` / `oidc:<sub>` / `anonymous`, `user:<name>` or `team:<name>`. */
  subject: string;
}

/** The rules that apply to `principal`, in config order. */
export function applicableLimits(rules: readonly LimitRule[], principal: Principal): ApplicableLimit[] {
  return rules.filter((rule) => matches(rule.match, principal)).map((rule) => ({ rule, subject: subjectFor(rule.scope, principal) }));
}

/** True when every criterion present in `match` holds for `principal`. */
export function matches(match: LimitRule['match'], principal: Principal): boolean {
  if (match.users !== undefined && (principal.user === undefined || !match.users.includes(principal.user))) return false;
  if (match.teams !== undefined && (principal.team === undefined || !match.teams.includes(principal.team))) return false;
  if (match.keys !== undefined && (principal.kind !== 'key' || !match.keys.includes(principal.id.slice('key:'.length)))) return false;
  if (match.groups !== undefined && !principal.groups.some((g) => match.groups!.includes(g))) return false;
  return true;
}

/**
 * The counter's subject. A principal without a user or team (anonymous, a token without a team claim)
 * is counted on its own principal id: sharing one "no team" counter among unrelated callers would let
 * one of them exhaust everyone's budget.
 */
export function subjectFor(scope: LimitRule['scope'], principal: Principal): string {
  if (scope === 'user' && principal.user !== undefined) return `user:${principal.user}`;
  if (scope === 'team' && principal.team !== undefined) return `team:${principal.team}`;
  return principal.id;
}
