/**
 * The arithmetic of the two limit windows, as pure functions of counts and time (unit-testable
 * without a clock or a database).
 *
 * Requests per minute use a sliding-window counter: the previous fixed minute's count, weighted by how
 * much of it still overlaps the last 60 seconds, plus the current minute's count. A plain fixed window
 * lets a client send twice the limit across a minute boundary (all of it at 00:59 and again at 01:00);
 * an exact sliding log would store one row per request. The weighted estimate needs two counters per
 * subject and never lets more than the limit through in any 60-second span by more than rounding.
 *
 * Tokens per day use the UTC calendar day: budgets are reasoned about per day ("2M tokens a day"),
 * reset at a predictable time, and a request's tokens are only known after its answer, so the budget is
 * checked before (used < limit) and charged after — the last request of a day may overshoot it.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Counts of the sliding-window counter for one subject. */
export interface SlidingCounts {
  previous: number;
  current: number;
  /** Milliseconds since the current fixed minute began. */
  elapsedMs: number;
}

/** Whether one more request fits under `limit`, else how many seconds until it does (>= 1). */
export function slidingWindowCheck(counts: SlidingCounts, limit: number): { allowed: true } | { allowed: false; retryAfter: number } {
  const { previous, current, elapsedMs } = counts;
  const weight = (MINUTE_MS - elapsedMs) / MINUTE_MS;
  if (previous * weight + current + 1 <= limit) return { allowed: true };
  let waitMs: number;
  if (current + 1 <= limit) {
    // Wait in this minute until the previous minute's share has shrunk enough.
    const needWeight = (limit - 1 - current) / previous;
    waitMs = MINUTE_MS * (1 - needWeight) - elapsedMs;
  } else {
    // This minute is full: wait into the next one, where this minute's count becomes the previous.
    const needWeight = (limit - 1) / current;
    waitMs = MINUTE_MS - elapsedMs + MINUTE_MS * (1 - needWeight);
  }
  return { allowed: false, retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** The fixed minute number `now` falls in, and how far into it. */
export function minuteOf(nowMs: number): { period: number; elapsedMs: number } {
  const period = Math.floor(nowMs / MINUTE_MS);
  return { period, elapsedMs: nowMs - period * MINUTE_MS };
}

/** The UTC day number `now` falls in, and the seconds until it ends (>= 1). */
export function dayOf(nowMs: number): { period: number; secondsLeft: number } {
  const period = Math.floor(nowMs / DAY_MS);
  return { period, secondsLeft: Math.max(1, Math.ceil(((period + 1) * DAY_MS - nowMs) / 1000)) };
}
