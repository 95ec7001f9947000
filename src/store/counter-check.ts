import type { CounterCheck } from './ports.ts';

/**
 * Whether one counter check passes with the values read for its terms (shared by the adapters): the
 * weighted sum of the terms, then the cost, against the limit — summed in this order, as
 * limits/windows.ts does, so the adapter and the limiter's explanation agree to the last bit.
 */
export function passes(check: CounterCheck, values: readonly number[]): boolean {
  let sum = 0;
  check.terms.forEach((t, i) => (sum += t.weight * (values[i] ?? 0)));
  return sum + check.cost <= check.limit;
}
