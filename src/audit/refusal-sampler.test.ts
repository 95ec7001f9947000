import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RefusalSampler } from './refusal-sampler.ts';

const T0 = Date.UTC(2026, 11, 7, 12, 0, 0);

test('the first N refusals of a group per minute are recorded; the next recorded one says how many were not', () => {
  const s = new RefusalSampler(3);
  const verdicts = Array.from({ length: 10 }, (_, i) => s.admit('SEKISHO_ERR_UNAUTHENTICATED', 'anonymous', T0 + i));
  assert.deepEqual(verdicts.map((v) => v.record), [true, true, true, false, false, false, false, false, false, false]);
  assert.equal(s.pending(), 7);
  // Next minute: recorded again, carrying the 7 suppressed ones.
  assert.deepEqual(s.admit('SEKISHO_ERR_UNAUTHENTICATED', 'anonymous', T0 + 60_000), { record: true, suppressed: 7 });
  assert.deepEqual(s.admit('SEKISHO_ERR_UNAUTHENTICATED', 'anonymous', T0 + 60_001), { record: true, suppressed: 0 });
  assert.equal(s.pending(), 0);
});

test('groups are per code and per presented principal; 0 records everything', () => {
  const s = new RefusalSampler(1);
  assert.equal(s.admit('A', 'key:1', T0).record, true);
  assert.equal(s.admit('A', 'key:1', T0).record, false);
  assert.equal(s.admit('A', 'key:2', T0).record, true);
  assert.equal(s.admit('B', 'key:1', T0).record, true);
  const all = new RefusalSampler(0);
  for (let i = 0; i < 100; i++) assert.equal(all.admit('A', 'x', T0).record, true);
});

test('a flood of distinct callers is bounded: past maxGroups they share one group per code', () => {
  const s = new RefusalSampler(2, 5);
  const recorded = Array.from({ length: 1000 }, (_, i) => s.admit('SEKISHO_ERR_KEY_UNKNOWN', `unknown:${i}`, T0)).filter((v) => v.record).length;
  assert.equal(recorded, 5 + 2); // five own groups, then the shared one's two
  assert.equal(s.pending(), 993);
  // A minute later the stale groups are swept and the shared group reports its count.
  assert.deepEqual(s.admit('SEKISHO_ERR_KEY_UNKNOWN', 'unknown:x', T0 + 60_000), { record: true, suppressed: 993 });
  assert.equal(s.pending(), 0);
});
