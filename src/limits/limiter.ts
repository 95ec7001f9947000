/**
 * Applies the configured limits to one request: `admit` checks every applicable counter before the
 * request goes anywhere and counts it; `charge` adds the answer's tokens afterwards. Over a limit →
 * 429 `SEKISHO_ERR_RATE_LIMITED` / `SEKISHO_ERR_BUDGET_EXHAUSTED` with `retry-after`. Refused requests
 * are not counted, so a client that keeps retrying does not push its own reset further away.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { LimitRule } from '../config/types.ts';
import { gatewayError, type GatewayError } from '../errors.ts';
import type { Principal } from '../domain/principal.ts';
import { applicableLimits, type ApplicableLimit } from './limit-rules.ts';
import { CounterStore } from './counter-store.ts';
import { dayOf, minuteOf, slidingWindowCheck } from './windows.ts';

/** What `admit` hands back for charging tokens after the answer. */
export interface Admission {
  limits: ApplicableLimit[];
  day: number;
}

export class Limiter {
  readonly #rules: readonly LimitRule[];
  readonly #counters: CounterStore;
  readonly #now: () => number;

  constructor(rules: readonly LimitRule[], db: DatabaseSync, now: () => number = Date.now) {
    this.#rules = rules;
    this.#counters = new CounterStore(db);
    this.#now = now;
  }

  /** True when no rule is configured (the stage then does nothing). */
  get empty(): boolean {
    return this.#rules.length === 0;
  }

  /** True when some rule budgets tokens (so usage must be learned for every answer). */
  get budgetsTokens(): boolean {
    return this.#rules.some((r) => r.tokensPerDay !== undefined);
  }

  /**
   * Checks every applicable limit, then counts the request against each requests-per-minute rule.
   * Throws the 429 with the longest wait among the limits that are exceeded (so one retry suffices).
   */
  admit(principal: Principal): Admission {
    const now = this.#now();
    const minute = minuteOf(now);
    const day = dayOf(now);
    this.#counters.prune(minute.period, day.period, now);
    const limits = applicableLimits(this.#rules, principal);
    let refusal: { error: GatewayError; retryAfter: number } | undefined;
    const refuse = (error: GatewayError, retryAfter: number): void => {
      if (refusal === undefined || retryAfter > refusal.retryAfter) refusal = { error, retryAfter };
    };
    for (const { rule, subject } of limits) {
      if (rule.requestsPerMinute !== undefined) {
        const check = slidingWindowCheck(
          {
            previous: this.#counters.get(rule.name, subject, 'requests', minute.period - 1),
            current: this.#counters.get(rule.name, subject, 'requests', minute.period),
            elapsedMs: minute.elapsedMs,
          },
          rule.requestsPerMinute,
        );
        if (!check.allowed) {
          const params = { rule: rule.name, limit: rule.requestsPerMinute, subject, retryAfter: check.retryAfter };
          refuse(gatewayError('SEKISHO_ERR_RATE_LIMITED', params, { retryAfter: check.retryAfter, reason: `rate limit "${rule.name}"` }), check.retryAfter);
        }
      }
      if (rule.tokensPerDay !== undefined && this.#counters.get(rule.name, subject, 'tokens', day.period) >= rule.tokensPerDay) {
        const params = { rule: rule.name, limit: rule.tokensPerDay, subject, retryAfter: day.secondsLeft };
        refuse(gatewayError('SEKISHO_ERR_BUDGET_EXHAUSTED', params, { retryAfter: day.secondsLeft, reason: `token budget "${rule.name}"` }), day.secondsLeft);
      }
    }
    if (refusal) throw refusal.error;
    for (const { rule, subject } of limits) {
      if (rule.requestsPerMinute !== undefined) this.#counters.add(rule.name, subject, 'requests', minute.period, 1);
    }
    return { limits, day: day.period };
  }

  /** Adds a finished request's tokens to the day counters of the rules that admitted it. */
  charge(admission: Admission, tokens: number): void {
    if (!(tokens > 0)) return;
    for (const { rule, subject } of admission.limits) {
      if (rule.tokensPerDay !== undefined) this.#counters.add(rule.name, subject, 'tokens', admission.day, Math.round(tokens));
    }
  }
}
