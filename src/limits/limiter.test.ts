import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/open-store.ts';
import type { LimitRule } from '../config/types.ts';
import type { Principal } from '../domain/principal.ts';
import { GatewayError } from '../errors.ts';
import { Limiter } from './limiter.ts';
import { applicableLimits } from './limit-rules.ts';

const alice: Principal = { kind: 'key', id: 'key:AAAAaaaa', user: 'alice', team: 'pay', groups: ['dev'] };
const bob: Principal = { kind: 'oidc', id: 'oidc:bob-sub', user: 'bob', team: 'pay', groups: ['dev', 'interns'] };
const carol: Principal = { kind: 'key', id: 'key:CCCCcccc', user: 'carol', team: 'search', groups: [] };
const anon: Principal = { kind: 'anonymous', id: 'anonymous', groups: [] };

async function withLimiter(rules: LimitRule[], fn: (limiter: Limiter, clock: { now: number }) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-limits-'));
  const store = openStore(dir);
  const clock = { now: Date.parse('2026-03-01T10:00:00Z') };
  try {
    await fn(new Limiter(rules, store.counters, () => clock.now), clock);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function refusal(fn: () => Promise<unknown>): Promise<{ code: string; retryAfter?: number; message: string }> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof GatewayError);
    assert.equal(err.status, 429);
    return { code: err.code, message: err.message, ...(err.info.retryAfter === undefined ? {} : { retryAfter: err.info.retryAfter }) };
  }
  assert.fail('expected a 429');
}

test('matching: every criterion must hold; lists match any entry; subjects per scope', () => {
  const rules: LimitRule[] = [
    { name: 'all', match: {}, scope: 'key', requestsPerMinute: 1 },
    { name: 'pay-interns', match: { teams: ['pay'], groups: ['interns'] }, scope: 'team', tokensPerDay: 1 },
    { name: 'one-key', match: { keys: ['CCCCcccc'] }, scope: 'user', requestsPerMinute: 1 },
    { name: 'by-user', match: { users: ['alice', 'bob'] }, scope: 'user', requestsPerMinute: 1 },
  ];
  const view = (p: Principal) => applicableLimits(rules, p).map((l) => `${l.rule.name}=${l.subject}`);
  assert.deepEqual(view(alice), ['all=key:AAAAaaaa', 'by-user=user:alice']);
  assert.deepEqual(view(bob), ['all=oidc:bob-sub', 'pay-interns=team:pay', 'by-user=user:bob']);
  assert.deepEqual(view(carol), ['all=key:CCCCcccc', 'one-key=user:carol']);
  assert.deepEqual(view(anon), ['all=anonymous']);
  // A team-scoped rule for someone without a team counts them alone.
  assert.deepEqual(applicableLimits([{ name: 't', match: {}, scope: 'team', requestsPerMinute: 1 }], anon).map((l) => l.subject), ['anonymous']);
});

test('requests per minute: the limit holds, refused requests do not count, the window slides', async () => {
  await withLimiter([{ name: 'rpm', match: {}, scope: 'user', requestsPerMinute: 3 }], async (limiter, clock) => {
    for (let i = 0; i < 3; i++) await limiter.admit(alice);
    const r = await refusal(() => limiter.admit(alice));
    assert.equal(r.code, 'SEKISHO_ERR_RATE_LIMITED');
    assert.match(r.message, /Rate limit "rpm" reached: 3 requests per minute for user:alice/);
    assert.equal(r.retryAfter, 80); // to 10:01:00, then 1/3 of the next minute
    await refusal(() => limiter.admit(alice));
    await limiter.admit(carol); // other users have their own counter
    clock.now += 80_000;
    await limiter.admit(alice);
    await refusal(() => limiter.admit(alice));
    clock.now += 120_000;
    for (let i = 0; i < 3; i++) await limiter.admit(alice);
  });
});

test('team scope: two users of one team share a counter; another team does not', async () => {
  await withLimiter([{ name: 'team-rpm', match: {}, scope: 'team', requestsPerMinute: 2 }], async (limiter) => {
    await limiter.admit(alice);
    await limiter.admit(bob);
    assert.match((await refusal(() => limiter.admit(alice))).message, /team:pay/);
    await limiter.admit(carol);
  });
});

test('tokens per day: charged after the answer, exhausted until the next UTC day', async () => {
  await withLimiter([{ name: 'tpd', match: {}, scope: 'key', tokensPerDay: 1000 }], async (limiter, clock) => {
    const a = await limiter.admit(alice);
    await limiter.charge(a, 999);
    await limiter.charge(await limiter.admit(alice), 50); // still under before it: admitted, overshoots
    const r = await refusal(() => limiter.admit(alice));
    assert.equal(r.code, 'SEKISHO_ERR_BUDGET_EXHAUSTED');
    assert.equal(r.retryAfter, 14 * 3600); // 10:00 UTC → midnight
    await limiter.admit(carol);
    clock.now = Date.parse('2026-03-02T00:00:01Z');
    await limiter.admit(alice);
  });
});

test('when several limits are exceeded the longest wait is reported', async () => {
  await withLimiter(
    [
      { name: 'rpm', match: {}, scope: 'key', requestsPerMinute: 1 },
      { name: 'tpd', match: {}, scope: 'key', tokensPerDay: 10 },
    ],
    async (limiter) => {
      await limiter.charge(await limiter.admit(alice), 10);
      assert.equal((await refusal(() => limiter.admit(alice))).code, 'SEKISHO_ERR_BUDGET_EXHAUSTED');
    },
  );
});

test('old periods are pruned', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-limits-'));
  const store = openStore(dir);
  try {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const limiter = new Limiter([{ name: 'both', match: {}, scope: 'key', requestsPerMinute: 100, tokensPerDay: 100 }], store.counters, () => now);
    await limiter.charge(await limiter.admit(alice), 5);
    now += 2 * 86_400_000;
    await limiter.admit(alice);
    const rows = store.db.prepare('SELECT metric, period FROM limit_counters').all() as Array<{ metric: string; period: number }>;
    assert.deepEqual(rows.map((r) => r.metric), ['requests']);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
