/**
 * The turn-tail port contract, run against the memory adapter, the SQLite file of `serve --workers`
 * (two connections), Redis (own key prefix per run) and PostgreSQL (own database per run): a put replaces,
 * a tail expires after its TTL, what one connection stores the other reads. Then the sealed store over
 * each shared port: the port holds neither the tail text, the caller nor the response id; per-caller
 * isolation; a tail moved to another name or read under another key does not open; an unreachable port
 * rejects with SEKISHO_ERR_STATE_UNAVAILABLE. Redis and PostgreSQL skip with the reason when unreachable
 * (failing under CI).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TurnTailPort } from '../../src/store/ports.ts';
import { MemoryTurnTails } from '../../src/store/memory/turn-tails.ts';
import { SqliteTurnTails } from '../../src/store/sqlite/shared-turn-tails.ts';
import { RedisConnection } from '../../src/store/redis/client.ts';
import { RedisTurnTails } from '../../src/store/redis/turn-tails.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/pg-store.ts';
import { TurnTailStore } from '../../src/inspection/turn-tail-store.ts';
import { GatewayError } from '../../src/errors.ts';
import { closedPort, deletePrefix, redisUnavailable, TEST_REDIS_URL, testPrefix } from './redis-test.ts';
import { createTestDatabase, type TestDatabase } from './pg-test-db.ts';

const redisSkip = (await redisUnavailable()) ?? false;
if (redisSkip) process.stderr.write(`# ${redisSkip}\n`);
const created = await createTestDatabase();
const pgSkip = typeof created === 'string' ? created : false;
if (pgSkip) process.stderr.write(`# ${pgSkip}\n`);
const db = typeof created === 'string' ? undefined : (created as TestDatabase);

const closers: Array<() => Promise<void>> = [];
const prefix = testPrefix();
after(async () => {
  for (const close of closers) await close();
  if (!redisSkip) await deletePrefix(prefix);
  await db?.drop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const SECRET = 'AKIAQ3EGRT5X7Z';
const KEY = Buffer.alloc(32, 9);

/** Every string the port was given, to look for what must never be there. */
function recording(port: TurnTailPort): { port: TurnTailPort; seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    port: {
      put: (name, sealed, ttlMs) => (seen.push(name, sealed), port.put(name, sealed, ttlMs)),
      get: (name) => (seen.push(name), port.get(name)),
    },
  };
}

function contract(name: string, skip: string | false, open: () => Promise<TurnTailPort>): void {
  describe(`turn-tail port: ${name}`, { skip }, () => {
    test('a put replaces; what one connection stores another reads', async () => {
      const a = await open();
      const b = await open();
      assert.equal(await a.get('n1'), undefined);
      await a.put('n1', 'first', 60_000);
      await a.put('n1', 'second', 60_000);
      assert.equal(await b.get('n1'), 'second');
      assert.equal(await b.get('n2'), undefined);
    });

    test('a tail expires after its TTL', async () => {
      const a = await open();
      await a.put('t1', 'short', 300);
      await a.put('t2', 'long', 60_000);
      assert.equal(await a.get('t1'), 'short');
      await sleep(450);
      assert.equal(await a.get('t1'), undefined, 'expired');
      assert.equal(await a.get('t2'), 'long');
    });

    test('sealed: the port sees neither the tail, the caller nor the response id; callers are isolated', async () => {
      const { port, seen } = recording(await open());
      const store = new TurnTailStore({ port, key: KEY });
      const other = new TurnTailStore({ port: await open(), key: KEY }); // another instance, same installation key
      await store.remember('key:alice', 'resp_abc123', { client: `my key is ${SECRET}`, model: 'the answer' });
      assert.deepEqual(await other.recall('key:alice', 'resp_abc123'), { client: `my key is ${SECRET}`, model: 'the answer' });
      assert.equal(await other.recall('key:mallory', 'resp_abc123'), undefined, 'another caller, same id: nothing');
      assert.equal(await other.recall('key:alice', 'resp_other'), undefined);
      const all = seen.join('\n');
      for (const plain of [SECRET, 'the answer', 'alice', 'resp_abc123']) assert.ok(!all.includes(plain), `${plain} reached the port`);
      const stranger = new TurnTailStore({ port: await open(), key: Buffer.alloc(32, 1) });
      assert.equal(await stranger.recall('key:alice', 'resp_abc123'), undefined, 'another key opens nothing');
    });

    test('a sealed tail moved to another name does not open', async () => {
      const { port, seen } = recording(await open());
      const store = new TurnTailStore({ port, key: KEY });
      await store.remember('key:alice', 'resp_1', { client: 'x', model: 'y' });
      await store.recall('key:alice', 'resp_2'); // records the name of resp_2
      const [name1, sealed1, name2] = seen as [string, string, string];
      assert.notEqual(name1, name2);
      await port.put(name2, sealed1, 60_000);
      assert.equal(await store.recall('key:alice', 'resp_2'), undefined);
      assert.deepEqual(await store.recall('key:alice', 'resp_1'), { client: 'x', model: 'y' });
    });
  });
}

// One memory port stands for "one process": its two "connections" are the same object.
const memory = new MemoryTurnTails();
contract('memory', false, async () => memory);

const sqliteDir = mkdtempSync(join(tmpdir(), 'sekisho-tails-'));
closers.push(async () => rmSync(sqliteDir, { recursive: true, force: true }));
contract('sqlite (serve --workers)', false, async () => {
  const tails = SqliteTurnTails.open(join(sqliteDir, 'turn-tails.db'));
  closers.unshift(async () => tails.close());
  return tails;
});

contract('redis', redisSkip, async () => {
  const connection = await RedisConnection.open({ url: TEST_REDIS_URL, keyPrefix: prefix });
  closers.push(() => connection.close());
  return new RedisTurnTails(connection);
});

contract('postgres', pgSkip, async () => {
  const store: PostgresStore = await openPostgresStore({ url: db!.url, poolMax: 2 });
  closers.push(() => store.close());
  return store.turnTails;
});

test('memory: bounded, the oldest dropped first; separate instances are separate', async () => {
  let now = 0;
  const port = new MemoryTurnTails(2, () => now);
  await port.put('a', '1', 1000);
  await port.put('b', '2', 1000);
  await port.put('a', '1b', 1000); // replaced: now the newest
  await port.put('c', '3', 1000);
  assert.equal(port.size, 2);
  assert.equal(await port.get('b'), undefined, 'the oldest went first');
  assert.equal(await port.get('a'), '1b');
  now = 1000;
  assert.equal(await port.get('c'), undefined, 'expired');
  assert.equal(await new MemoryTurnTails().get('a'), undefined);
});

test('sqlite: the prune keeps the bound and drops expired tails; the file holds no plaintext', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-tails-bound-'));
  try {
    const port = SqliteTurnTails.open(join(dir, 'turn-tails.db'), undefined, 3);
    const store = new TurnTailStore({ port, key: KEY });
    for (let i = 0; i < 5; i++) await store.remember('key:alice', `resp_${i}`, { client: `${SECRET}${i}`, model: '' });
    await port.put('gone', 'x', 1);
    await sleep(5);
    port.prune();
    assert.equal(port.size, 3);
    assert.equal(await store.recall('key:alice', 'resp_0'), undefined, 'the first to expire went first');
    assert.deepEqual(await store.recall('key:alice', 'resp_4'), { client: `${SECRET}4`, model: '' });
    port.close();
    for (const f of ['turn-tails.db', 'turn-tails.db-wal']) {
      let bytes = '';
      try {
        bytes = readFileSync(join(dir, f), 'latin1');
      } catch {
        continue;
      }
      assert.ok(!bytes.includes(SECRET), `${f} holds the tail in the clear`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreachable port rejects with SEKISHO_ERR_STATE_UNAVAILABLE (the request is refused, not inspected alone)', async () => {
  const failing: TurnTailPort = { put: async () => Promise.reject(new Error('down')), get: async () => Promise.reject(new Error('down')) };
  const store = new TurnTailStore({ port: failing, key: KEY });
  await assert.rejects(store.recall('key:alice', 'resp_1'), (err: unknown) => err instanceof GatewayError && err.info.code === 'SEKISHO_ERR_STATE_UNAVAILABLE');
  await assert.rejects(store.remember('key:alice', 'resp_1', { client: 'a', model: 'b' }), (err: unknown) => err instanceof GatewayError && err.info.code === 'SEKISHO_ERR_STATE_UNAVAILABLE');
});

test('redis: an unreachable server rejects with SEKISHO_ERR_STATE_UNAVAILABLE', { skip: redisSkip }, async () => {
  const connection = await RedisConnection.open({ url: `redis://127.0.0.1:${await closedPort()}`, keyPrefix: prefix, connectTimeoutMs: 200, commandTimeoutMs: 200 });
  closers.push(() => connection.close());
  const store = new TurnTailStore({ port: new RedisTurnTails(connection), key: KEY });
  await assert.rejects(store.recall('key:alice', 'resp_1'), (err: unknown) => err instanceof GatewayError && err.info.code === 'SEKISHO_ERR_STATE_UNAVAILABLE');
});
