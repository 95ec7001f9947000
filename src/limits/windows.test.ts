import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayOf, minuteOf, slidingWindowCheck } from './windows.ts';

test('sliding window: under the limit is allowed, the previous minute weighs by its overlap', () => {
  assert.deepEqual(slidingWindowCheck({ previous: 0, current: 9, elapsedMs: 10_000 }, 10), { allowed: true });
  assert.equal(slidingWindowCheck({ previous: 0, current: 10, elapsedMs: 10_000 }, 10).allowed, false);
  // 10 last minute, 30 s into this one: the estimate is 5, so 5 more fit.
  assert.deepEqual(slidingWindowCheck({ previous: 10, current: 4, elapsedMs: 30_000 }, 10), { allowed: true });
  assert.equal(slidingWindowCheck({ previous: 10, current: 5, elapsedMs: 30_000 }, 10).allowed, false);
});

test('no burst of twice the limit across a minute boundary', () => {
  // All 10 sent at the very end of the previous minute: right after the boundary nothing more fits.
  assert.equal(slidingWindowCheck({ previous: 10, current: 0, elapsedMs: 1_000 }, 10).allowed, false);
});

test('retry-after is when the request would fit, and at least 1 s', () => {
  // Current minute full (10 of 10) at 10 s: wait 50 s to the boundary, then until 10*(1-t)+1 <= 10 → t >= 0.1 → 6 s more.
  assert.deepEqual(slidingWindowCheck({ previous: 0, current: 10, elapsedMs: 10_000 }, 10), { allowed: false, retryAfter: 56 });
  // Previous minute 10, current 5, at 30 s: need 10*(1-e/60) <= 4 → e >= 36 s → 6 s.
  assert.deepEqual(slidingWindowCheck({ previous: 10, current: 5, elapsedMs: 30_000 }, 10), { allowed: false, retryAfter: 6 });
  // And the answer is right: at that moment one more request fits.
  assert.equal(slidingWindowCheck({ previous: 10, current: 5, elapsedMs: 36_000 }, 10).allowed, true);
  assert.equal(slidingWindowCheck({ previous: 10, current: 5, elapsedMs: 35_000 }, 10).allowed, false);
  const late = slidingWindowCheck({ previous: 10, current: 10, elapsedMs: 59_999 }, 10);
  assert.ok(!late.allowed && late.retryAfter >= 1);
});

test('a limit of 1 request per minute', () => {
  assert.deepEqual(slidingWindowCheck({ previous: 0, current: 0, elapsedMs: 0 }, 1), { allowed: true });
  assert.deepEqual(slidingWindowCheck({ previous: 0, current: 1, elapsedMs: 0 }, 1), { allowed: false, retryAfter: 120 });
});

test('minute and UTC day arithmetic', () => {
  const t = Date.parse('2026-03-01T23:59:30.500Z');
  assert.deepEqual(minuteOf(t), { period: Math.floor(t / 60_000), elapsedMs: 30_500 });
  assert.deepEqual(dayOf(t), { period: Math.floor(t / 86_400_000), secondsLeft: 30 });
  assert.equal(dayOf(Date.parse('2026-03-02T00:00:00Z')).secondsLeft, 86_400);
});
