import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store.ts';
import { withRedisState } from '../../src/store/open-state-store.ts';
import { openRedisState, type RedisState } from '../../src/store/redis/redis-state.ts';
import { COUNTER_TTL_MS } from '../../src/store/redis/counters.ts';
import type { CounterKey, StateStore } from '../../src/store/ports.ts';
import { GatewayError } from '../../src/errors.ts';
import { portContract } from './port-contract.ts';
import { closedPort, deletePrefix, redisUnavailable, TEST_REDIS_URL, testPrefix } from './redis-test.ts';

// Counters and pins in Redis (under this run's prefix), the rest of each store in its own SQLite file:
// what `serve --redis` builds. Every test gets a prefix of its own, so tests cannot see each other's keys.
const skip = (await redisUnavailable()) ?? false;
if (skip) process.stderr.write(`# ${skip}\n`);
const prefixes: string[] = [];
const dirs: string[] = [];
const prefixOf = new WeakMap<StateStore, string>();

async function instance(prefix: string, dir: string): Promise<StateStore> {
  const store = withRedisState(openStore(dir), await openRedisState({ url: TEST_REDIS_URL, keyPrefix: prefix }));
  prefixOf.set(store, prefix);
  return store;
}

after(async () => {
  if (!skip) for (const p of prefixes) await deletePrefix(p);
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

portContract({
  name: 'redis',
  skip,
  selfExpiring: true,
  fresh: async () => {
    const prefix = testPrefix();
    prefixes.push(prefix);
    const dir = mkdtempSync(join(tmpdir(), 'sekisho-redis-ports-'));
    dirs.push(dir);
    return instance(prefix, dir);
  },
  // Another gateway: its own Redis connection on the same prefix, the same SQLite file.
  another: async (store) => instance(prefixOf.get(store)!, join(store.location, '..')),
});

let redis: RedisState;
let prefix: string;
before(async () => {
  if (skip) return;
  prefix = testPrefix();
  prefixes.push(prefix);
  redis = await openRedisState({ url: TEST_REDIS_URL, keyPrefix: prefix });
});
after(async () => redis?.close());

async function raw(args: string[]): Promise<unknown> {
  const { createClient } = await import('@redis/client');
  const client = createClient({ url: TEST_REDIS_URL });
  await client.connect();
  try {
    return await client.sendCommand(args);
  } finally {
    client.destroy();
  }
}

test('redis: counters expire by themselves (requests after minutes, tokens after days), refreshed by each increment', { skip }, async () => {
  const requests = { rule: 'rpm', subject: 'user:ttl', metric: 'requests' as const, period: 42 };
  const tokens = { ...requests, metric: 'tokens' as const, period: 7 };
  await redis.counters.checkAndAdd([{ terms: [{ key: requests, weight: 1 }], cost: 1, limit: 5 }], [{ key: requests, amount: 1 }]);
  await redis.counters.add(tokens, 300);
  const ttl = async (k: CounterKey): Promise<number> => Number(await raw(['PTTL', `${prefix}counter:${JSON.stringify([k.rule, k.subject, k.metric, k.period])}`]));
  const r = await ttl(requests);
  const t = await ttl(tokens);
  assert.ok(r > COUNTER_TTL_MS.requests - 10_000 && r <= COUNTER_TTL_MS.requests, `requests ttl ${r}`);
  assert.ok(t > COUNTER_TTL_MS.tokens - 10_000 && t <= COUNTER_TTL_MS.tokens, `tokens ttl ${t}`);
  assert.ok(COUNTER_TTL_MS.requests >= 2 * 60_000, 'a minute counter lives at least through the next minute');
  assert.ok(COUNTER_TTL_MS.tokens >= 86_400_000, 'a day counter lives at least a day');
  // A refused call applies nothing: no key appears for its add.
  const fresh = { ...requests, subject: 'user:refused' };
  assert.equal((await redis.counters.checkAndAdd([{ terms: [{ key: fresh, weight: 1 }], cost: 2, limit: 1 }], [{ key: fresh, amount: 1 }])).admitted, false);
  assert.equal(await raw(['EXISTS', `${prefix}counter:${JSON.stringify([fresh.rule, fresh.subject, fresh.metric, fresh.period])}`]), 0);
  await assert.rejects(redis.counters.add(tokens, 1.5), /integers/);
});

test('redis: a pin is gone at its expiry; an already expired pin is not stored and drops an existing one', { skip }, async () => {
  assert.equal(await redis.pins.pin('short', 'own-code', new Date().toISOString(), Date.now() + 150), 'own-code');
  assert.equal((await redis.pins.get('short'))?.rule, 'own-code');
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(await redis.pins.get('short'), undefined);
  assert.equal(await redis.pins.pin('past', 'pii', new Date().toISOString(), Date.now() - 1_000), 'pii');
  assert.equal(await redis.pins.get('past'), undefined);
  await redis.pins.pin('kept', 'first', new Date().toISOString(), Date.now() + 60_000);
  assert.equal(await redis.pins.pin('kept', 'second', new Date().toISOString(), Date.now() - 1), 'first', 'the stored rule is returned');
  assert.equal(await redis.pins.get('kept'), undefined);
  // The expiry in Redis follows the pin: moved by pin and extend.
  const at = Date.now() + 120_000;
  await redis.pins.pin('moving', 'own-code', new Date().toISOString(), at);
  await redis.pins.extend('moving', at + 600_000);
  const pttl = Number(await raw(['PTTL', `${prefix}pin:moving`]));
  assert.ok(pttl > 700_000 && pttl <= 720_000, `pttl ${pttl}`);
});

test('redis: two connections racing checkAndAdd admit exactly N', { skip }, async () => {
  const other = await openRedisState({ url: TEST_REDIS_URL, keyPrefix: prefix });
  try {
    const key = { rule: 'rpm', subject: 'team:race', metric: 'requests' as const, period: 9 };
    const check = { terms: [{ key: { ...key, period: 8 }, weight: 0.3 }, { key, weight: 1 }], cost: 1, limit: 17 };
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? redis : other).counters.checkAndAdd([check], [{ key, amount: 1 }])));
    assert.equal(results.filter((r) => r.admitted).length, 17);
    assert.deepEqual((await other.counters.checkAndAdd([check], [])).values, [[0, 17]]);
  } finally {
    await other.close();
  }
});

test('redis: unreachable → every operation fails at once with SEKISHO_ERR_STATE_UNAVAILABLE (never queued, never hangs)', async () => {
  const port = await closedPort();
  const down = await openRedisState({ url: `redis://127.0.0.1:${port}`, connectTimeoutMs: 300 });
  try {
    const key = { rule: 'rpm', subject: 'user:x', metric: 'requests' as const, period: 1 };
    const started = Date.now();
    for (const op of [down.counters.checkAndAdd([{ terms: [{ key, weight: 1 }], cost: 1, limit: 5 }], [{ key, amount: 1 }]), down.pins.get('s'), down.pins.pin('s', 'r', '', Date.now() + 1000)]) {
      await assert.rejects(op, (err: unknown) => err instanceof GatewayError && err.code === 'SEKISHO_ERR_STATE_UNAVAILABLE' && err.status === 503 && !err.message.includes(String(port)));
    }
    assert.ok(Date.now() - started < 5_000);
  } finally {
    await down.close();
  }
});

test('redis: unreachable at open, then reachable: operations work again without reopening (reconnects in the background)', { skip }, async () => {
  const { createServer, createConnection } = await import('node:net');
  const port = await closedPort();
  const target = new URL(TEST_REDIS_URL);
  const later = await openRedisState({ url: `redis://127.0.0.1:${port}`, keyPrefix: prefix, connectTimeoutMs: 200 });
  // A plain TCP relay to the real Redis, opened on that port only now.
  const relay = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 6379) });
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  try {
    const key = { rule: 'rpm', subject: 'user:later', metric: 'requests' as const, period: 3 };
    const once = (): Promise<unknown> => later.counters.checkAndAdd([{ terms: [{ key, weight: 1 }], cost: 1, limit: 5 }], [{ key, amount: 1 }]);
    await assert.rejects(once(), (err: unknown) => err instanceof GatewayError && err.code === 'SEKISHO_ERR_STATE_UNAVAILABLE');
    await new Promise<void>((r) => relay.listen(port, '127.0.0.1', r));
    let result: unknown;
    for (let i = 0; i < 50 && result === undefined; i++) {
      result = await once().catch(() => undefined);
      if (result === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(result, { admitted: true, values: [[0]] }, 'served again within 5 s of Redis becoming reachable');
  } finally {
    await later.close();
    relay.close();
  }
});
