import type { CheckAndAddResult, CounterCheck, CounterKey, CounterPort } from '../ports.ts';
import { CHECK_AND_ADD } from './scripts.ts';
import { script, type RedisConnection } from './client.ts';

const checkAndAddScript = script(CHECK_AND_ADD);

/**
 * How long a counter outlives its last increment. A requests counter of minute p is read during p and,
 * weighted, during p + 1: 5 minutes leaves room for clock skew between instances. A tokens counter of
 * day d is read and charged during d (and charged just after it): 2 days.
 */
export const COUNTER_TTL_MS: Record<CounterKey['metric'], number> = { requests: 5 * 60_000, tokens: 2 * 86_400_000 };

/**
 * The counter port in Redis: one string per (rule, subject, metric, period), `checkAndAdd` one Lua
 * script (reads, checks, INCRBY + PEXPIRE, all or nothing) — atomic across every instance on the Redis.
 * Counters expire by themselves, so `prune` has nothing to do.
 */
export class RedisCounters implements CounterPort {
  readonly #redis: RedisConnection;

  constructor(redis: RedisConnection) {
    this.#redis = redis;
  }

  async checkAndAdd(checks: CounterCheck[], adds: Array<{ key: CounterKey; amount: number }>): Promise<CheckAndAddResult> {
    const keys: string[] = [];
    const index = new Map<string, number>();
    const slot = (k: CounterKey): number => {
      const name = this.#key(k);
      let i = index.get(name);
      if (i === undefined) {
        keys.push(name);
        i = keys.length;
        index.set(name, i);
      }
      return i;
    };
    const args: Array<string | number> = [checks.length];
    for (const c of checks) {
      args.push(c.terms.length);
      for (const t of c.terms) args.push(slot(t.key), finite(t.weight, 'weight'));
      args.push(finite(c.cost, 'cost'), finite(c.limit, 'limit'));
    }
    const applied = adds.filter((a) => a.amount > 0);
    args.push(applied.length);
    for (const a of applied) args.push(slot(a.key), integer(a.amount), COUNTER_TTL_MS[a.key.metric]);
    const reply = await this.#redis.eval(checkAndAddScript, keys, args);
    if (!Array.isArray(reply)) throw new Error('unexpected reply from the Redis checkAndAdd script');
    const flat = reply.map(Number);
    const values: number[][] = [];
    let at = 1;
    for (const c of checks) {
      values.push(flat.slice(at, at + c.terms.length));
      at += c.terms.length;
    }
    return { admitted: flat[0] === 1, values };
  }

  async add(key: CounterKey, amount: number): Promise<void> {
    if (!(amount > 0)) return;
    await this.checkAndAdd([], [{ key, amount }]);
  }

  /** Nothing to delete: every counter expires by itself (COUNTER_TTL_MS after its last increment). */
  async prune(): Promise<void> {}

  #key(k: CounterKey): string {
    // JSON: rule and subject may hold any character; the prefix keeps deployments apart.
    return `${this.#redis.prefix}counter:${JSON.stringify([k.rule, k.subject, k.metric, k.period])}`;
  }
}

/** Weights, costs and limits travel as decimal text; the shortest round-trip form parses back to the same double in Lua. */
function finite(n: number, what: string): string {
  if (!Number.isFinite(n)) throw new Error(`counter ${what} must be a finite number, got ${n}`);
  return String(n);
}

/** Counters hold integers (as the SQL adapters' INTEGER columns do). */
function integer(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`counter increments must be integers, got ${n}`);
  return String(n);
}
