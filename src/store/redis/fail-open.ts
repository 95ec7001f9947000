import { GatewayError } from '../../errors.ts';
import type { CheckAndAddResult, CounterCheck, CounterKey, CounterPort } from '../ports.ts';

/**
 * `redis.failOpen: limits`: while the counters are unreachable (SEKISHO_ERR_STATE_UNAVAILABLE, and only
 * that), `checkAndAdd` admits without counting and `add` drops the tokens, each failure reported to
 * `onFailOpen`. Any other error still propagates. Never used for pins: a pinned session must not be
 * released to an external model because Redis is down.
 */
export function failOpenCounters(counters: CounterPort, onFailOpen: (err: GatewayError) => void): CounterPort {
  const unreachable = (err: unknown): err is GatewayError => err instanceof GatewayError && err.code === 'SEKISHO_ERR_STATE_UNAVAILABLE';
  return {
    async checkAndAdd(checks: CounterCheck[], adds: Array<{ key: CounterKey; amount: number }>): Promise<CheckAndAddResult> {
      try {
        return await counters.checkAndAdd(checks, adds);
      } catch (err) {
        if (!unreachable(err)) throw err;
        onFailOpen(err);
        return { admitted: true, values: checks.map((c) => c.terms.map(() => 0)) };
      }
    },
    async add(key: CounterKey, amount: number): Promise<void> {
      try {
        await counters.add(key, amount);
      } catch (err) {
        if (!unreachable(err)) throw err;
        onFailOpen(err);
      }
    },
    prune: (minute: number, day: number) => counters.prune(minute, day),
  };
}
