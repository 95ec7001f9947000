/**
 * The vault port contract, run against the memory adapter, Redis (own key prefix per run) and PostgreSQL
 * (own database per run): entries are kept per conversation, a placeholder keeps its first value, the
 * bound on values is atomic under concurrent puts from two connections, and a conversation expires after
 * its TTL without use while every use moves the expiry. Redis and PostgreSQL tests skip with the reason
 * when the server is unreachable (failing under CI).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { VaultPort } from '../../src/store/ports.ts';
import { MemoryVault } from '../../src/store/memory/vault.ts';
import { SqliteVault } from '../../src/store/sqlite/shared-vault.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisConnection } from '../../src/store/redis/client.ts';
import { RedisVault } from '../../src/store/redis/vault.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/pg-store.ts';
import { deletePrefix, redisUnavailable, TEST_REDIS_URL, testPrefix } from './redis-test.ts';
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

function contract(name: string, skip: string | false, open: () => Promise<VaultPort>): void {
  describe(`vault port: ${name}`, { skip }, () => {
    test('entries per conversation; a placeholder keeps its first value', async () => {
      const v = await open();
      assert.equal(await v.put('c1', [['P1', 's1'], ['P2', 's2']], 60_000, 10), true);
      assert.equal(await v.put('c1', [['P1', 'other'], ['P3', 's3']], 60_000, 10), true);
      assert.deepEqual([...(await v.read('c1', 60_000))].sort(), [['P1', 's1'], ['P2', 's2'], ['P3', 's3']]);
      assert.equal((await v.read('c2', 60_000)).size, 0);
    });

    test('the bound: a put that would pass it adds nothing; concurrent puts from two connections never pass it', async () => {
      const v = await open();
      const w = await open();
      assert.equal(await v.put('b1', [['A', '1'], ['B', '2']], 60_000, 3), true);
      assert.equal(await v.put('b1', [['C', '3'], ['D', '4']], 60_000, 3), false);
      assert.deepEqual([...(await v.read('b1', 60_000)).keys()].sort(), ['A', 'B'], 'nothing of the refused put');
      assert.equal(await v.put('b1', [['A', 'x'], ['C', '3']], 60_000, 3), true, 'known placeholders do not count again');
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? v : w).put('b2', [[`P${i}`, String(i)]], 60_000, 5)));
      assert.equal(results.filter(Boolean).length, 5);
      assert.equal((await w.read('b2', 60_000)).size, 5);
    });

    test('expires after its TTL without use; every use moves the expiry', async () => {
      const v = await open();
      await v.put('t1', [['P', 's']], 400, 10);
      await v.put('t2', [['P', 's']], 400, 10);
      for (let i = 0; i < 4; i++) {
        await sleep(150);
        assert.equal((await v.read('t1', 400)).size, 1, 'kept alive by reads');
      }
      assert.equal((await v.read('t2', 400)).size, 0, 'expired without use');
      assert.equal(await v.put('t2', [['Q', 'q']], 60_000, 1), true, 'an expired conversation starts empty');
    });
  });
}

// One memory vault stands for "one process": its two "connections" are the same object.
const memory = new MemoryVault();
contract('memory', false, async () => memory);

// The workers of one `serve --workers N` each open the same file: two connections, one vault.
const sqliteDir = mkdtempSync(join(tmpdir(), 'sekisho-vault-'));
closers.push(async () => rmSync(sqliteDir, { recursive: true, force: true }));
contract('sqlite (serve --workers)', false, async () => {
  // Every open is another connection to the same file (the tests use distinct conversation names).
  const vault = SqliteVault.open(join(sqliteDir, 'vault.db'));
  closers.unshift(async () => vault.close());
  return vault;
});

contract('redis', redisSkip, async () => {
  const connection = await RedisConnection.open({ url: TEST_REDIS_URL, keyPrefix: prefix });
  closers.push(() => connection.close());
  return new RedisVault(connection);
});

contract('postgres', pgSkip, async () => {
  const store: PostgresStore = await openPostgresStore({ url: db!.url, poolMax: 4 });
  closers.push(() => store.close());
  return store.vault;
});

test('memory: separate instances are separate vaults (per process)', async () => {
  const a = new MemoryVault();
  const b = new MemoryVault();
  await a.put('c', [['P', 's']], 60_000, 10);
  assert.equal((await b.read('c', 60_000)).size, 0);
});
