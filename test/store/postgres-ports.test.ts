import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import postgres from 'postgres';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/pg-store.ts';
import { postgresSchemaVersion } from '../../src/store/postgres/migrations.ts';
import { portContract } from './port-contract.ts';
import { createTestDatabase, type TestDatabase } from './pg-test-db.ts';

// One database per run; each contract test empties the tables it uses first.
const created = await createTestDatabase();
const db: TestDatabase | undefined = typeof created === 'string' ? undefined : created;
const skip = typeof created === 'string' ? created : false;
if (skip) process.stderr.write(`# ${skip}\n`);
after(async () => db?.drop());

async function emptied(): Promise<PostgresStore> {
  const store = await openPostgresStore({ url: db!.url, poolMax: 8 });
  await store.sql`TRUNCATE api_keys, audit_events, audit_checkpoints, audit_transcripts, policy_sticky_sessions, limit_counters`;
  await store.sql`DELETE FROM meta WHERE key <> 'created_at'`;
  await store.sql`UPDATE audit_chain_head SET seq = 0, hash = ${'0'.repeat(64)}`;
  return store;
}

portContract({
  name: 'postgres',
  skip,
  fresh: () => emptied(),
  // A second pool on the same database: another gateway instance.
  another: () => openPostgresStore({ url: db!.url, poolMax: 8 }),
});

test('postgres: migrations record the schema version, run once when instances start together, and refuse a newer schema', { skip }, async () => {
  const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore({ url: db!.url, poolMax: 2 })));
  const sql = stores[0]!.sql;
  try {
    assert.deepEqual([...(await sql`SELECT version FROM sekisho_schema_version`)].map((r) => r.version), [postgresSchemaVersion], 'one row, migrated once');
    await sql`UPDATE sekisho_schema_version SET version = ${postgresSchemaVersion + 1}`;
    await assert.rejects(openPostgresStore({ url: db!.url }), /newer than this Sekisho knows/);
    await sql`UPDATE sekisho_schema_version SET version = ${postgresSchemaVersion}`;
  } finally {
    await Promise.all(stores.map((s) => s.close()));
  }
});

test('postgres: an unreachable server fails within the connect timeout, with the URL but not the password', { skip }, async () => {
  const started = Date.now();
  await assert.rejects(openPostgresStore({ url: 'postgres://sekisho:hunter2@127.0.0.1:1/none', connectTimeoutMs: 1000 }), (err: unknown) => {
    assert.ok(err instanceof Error);
    assert.doesNotMatch(err.message, /hunter2/);
    return true;
  });
  assert.ok(Date.now() - started < 10_000);
});

test('postgres: the password can be given apart from the URL', { skip }, async () => {
  const admin = postgres(db!.url, { max: 1, onnotice: () => {} });
  try {
    const store = await openPostgresStore({ url: db!.url, password: 'unused-with-trust-auth' });
    assert.equal((await store.meta.get('created_at'))?.slice(0, 2), '20');
    assert.equal(store.location.includes('unused-with-trust-auth'), false);
    await store.close();
  } finally {
    await admin.end({ timeout: 1 });
  }
});
