/**
 * Applies the configured limits to one request: `admit` checks every applicable counter before the
 * request goes anywhere and counts it; `charge` adds the answer's tokens afterwards. Over a limit →
 * 429 `SEKISHO_ERR_RATE_LIMITED` / `SEKISHO_ERR_BUDGET_EXHAUSTED` with `retry-after`. Refused requests
 * are not counted, so a client that keeps retrying does not push its own reset further away.
 *
 * The check and the count are one atomic `checkAndAdd` of the counter port (store/ports.ts): however
 * many requests race, on one instance or many sharing a store, a limit of N admits exactly N.
 */
import type { LimitRule } from '../config/types.ts';
import type { CounterCheck, CounterKey, CounterPort } from '../store/ports.ts';
import { gatewayError, type GatewayError } from '../errors.ts';
import type { Principal } from '../domain/principal.ts';
import { applicableLimits, type ApplicableLimit } from './limit-rules.ts';
import { dayOf, MINUTE_MS, minuteOf, slidingWindowCheck } from './windows.ts';

/** What `admit` hands back for charging tokens after the answer. */
export interface Admission {
  limits: ApplicableLimit[];
  day: number;
}

/** How often old periods are deleted. */
const PRUNE_EVERY_MS = 60_000;

export class Limiter {
  readonly #rules: readonly LimitRule[];
  readonly #counters: CounterPort;
  readonly #now: () => number;
  #lastPrune = -Infinity;

  constructor(rules: readonly LimitRule[], counters: CounterPort, now: () => number = Date.now) {
    this.#rules = rules;
    this.#counters = counters;
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
   * Checks every applicable limit and, only when all pass, counts the request against each
   * requests-per-minute rule, atomically. Throws the 429 with the longest wait among the limits that are
   * exceeded (so one retry suffices).
   */
  async admit(principal: Principal): Promise<Admission> {
    const now = this.#now();
    const minute = minuteOf(now);
    const day = dayOf(now);
    if (now - this.#lastPrune >= PRUNE_EVERY_MS) {
      this.#lastPrune = now;
      await this.#counters.prune(minute.period - 1, day.period);
    }
    const limits = applicableLimits(this.#rules, principal);
    const key = (rule: string, subject: string, metric: CounterKey['metric'], period: number): CounterKey => ({ rule, subject, metric, period });
    // One check per limit: the sliding minute (previous minute weighted by its overlap, plus this
    // minute, plus this request) and the day's tokens (used < budget, i.e. used + 1 <= budget).
    const checks: CounterCheck[] = [];
    const kinds: Array<{ rule: LimitRule; subject: string; metric: 'requests' | 'tokens' }> = [];
    const weight = (MINUTE_MS - minute.elapsedMs) / MINUTE_MS;
    for (const { rule, subject } of limits) {
      if (rule.requestsPerMinute !== undefined) {
        checks.push({
          terms: [
            { key: key(rule.name, subject, 'requests', minute.period - 1), weight },
            { key: key(rule.name, subject, 'requests', minute.period), weight: 1 },
          ],
          cost: 1,
          limit: rule.requestsPerMinute,
        });
        kinds.push({ rule, subject, metric: 'requests' });
      }
      if (rule.tokensPerDay !== undefined) {
        checks.push({ terms: [{ key: key(rule.name, subject, 'tokens', day.period), weight: 1 }], cost: 1, limit: rule.tokensPerDay });
        kinds.push({ rule, subject, metric: 'tokens' });
      }
    }
    if (checks.length === 0) return { limits, day: day.period };
    const adds = limits.filter((l) => l.rule.requestsPerMinute !== undefined).map((l) => ({ key: key(l.rule.name, l.subject, 'requests', minute.period), amount: 1 }));
    const result = await this.#counters.checkAndAdd(checks, adds);
    if (result.admitted) return { limits, day: day.period };
    let refusal: { error: GatewayError; retryAfter: number } | undefined;
    const refuse = (error: GatewayError, retryAfter: number): void => {
      if (refusal === undefined || retryAfter > refusal.retryAfter) refusal = { error, retryAfter };
    };
    kinds.forEach(({ rule, subject, metric }, i) => {
      const values = result.values[i]!;
      if (metric === 'requests') {
        const check = slidingWindowCheck({ previous: values[0]!, current: values[1]!, elapsedMs: minute.elapsedMs }, rule.requestsPerMinute!);
        if (!check.allowed) {
          const params = { rule: rule.name, limit: rule.requestsPerMinute!, subject, retryAfter: check.retryAfter };
          refuse(gatewayError('SEKISHO_ERR_RATE_LIMITED', params, { retryAfter: check.retryAfter, reason: `rate limit "${rule.name}"` }), check.retryAfter);
        }
      } else if (values[0]! >= rule.tokensPerDay!) {
        const params = { rule: rule.name, limit: rule.tokensPerDay!, subject, retryAfter: day.secondsLeft };
        refuse(gatewayError('SEKISHO_ERR_BUDGET_EXHAUSTED', params, { retryAfter: day.secondsLeft, reason: `token budget "${rule.name}"` }), day.secondsLeft);
      }
    });
    // The port refused, so some check failed; the same arithmetic on the same values names it.
    throw refusal?.error ?? gatewayError('SEKISHO_ERR_RATE_LIMITED', { rule: kinds[0]!.rule.name, limit: 0, subject: kinds[0]!.subject, retryAfter: 1 }, { retryAfter: 1, reason: 'limit' });
  }

  /** Adds a finished request's tokens to the day counters of the rules that admitted it. */
  async charge(admission: Admission, tokens: number): Promise<void> {
    if (!(tokens > 0)) return;
    for (const { rule, subject } of admission.limits) {
      if (rule.tokensPerDay !== undefined) await this.#counters.add({ rule: rule.name, subject, metric: 'tokens', period: admission.day }, Math.round(tokens));
    }
  }
}
