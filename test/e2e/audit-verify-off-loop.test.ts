/**
 * `/admin/v1/audit/verify` runs on a worker thread with its own store connection: while a trail of
 * 20,000 events is being verified, a model request through the same gateway is answered (it finishes
 * before the verification does), and the result is still right — counts, and a tampered row named.
 * SQLite (read-only connection) and PostgreSQL (`store.url`, the worker's own pool) both.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import postgres from 'postgres';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';
import { event } from '../store/port-contract.ts';
import { appendEvent } from '../../src/audit/audit-store.ts';
import { sqliteDatabase } from '../../src/store/open-store.ts';
import { createTestDatabase, type TestDatabase } from '../store/pg-test-db.ts';

interface Json {
  [key: string]: unknown;
}

const verify = async (h: Harness, key: string): Promise<{ status: number; json: Json }> => {
  const res = await fetch(`${h.url}/admin/v1/audit/verify`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, json: (await res.json()) as Json };
};

const chat = (h: Harness, key: string) => post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${key}` });

async function keysFor(h: Harness): Promise<{ adminKey: string; devKey: string }> {
  const adminKey = (await h.gateway.runtime.keys.create({ user: 'sec@example.com', admin: true })).key;
  const devKey = (await h.gateway.runtime.keys.create({ user: 'dev@example.com' })).key;
  return { adminKey, devKey };
}

describe('audit verification off the event loop (SQLite)', () => {
  const EVENTS = 20_000;
  let h: Harness;
  let adminKey: string;
  let devKey: string;
  before(async () => {
    h = await startHarness({ configure: (c) => void (c.auth = { anonymous: false, adminGroups: [] }) });
    ({ adminKey, devKey } = await keysFor(h));
    // Appended straight through the audit port, in one transaction (each append is a savepoint in it).
    const db = sqliteDatabase(h.gateway.runtime.store);
    db.exec('BEGIN');
    for (let i = 1; i <= EVENTS; i++) await appendEvent(h.gateway.runtime.store.audit, event(i));
    db.exec('COMMIT');
  });
  after(() => h.close());

  test('a model request sent while a long trail is verified completes first; the result counts every event', async () => {
    const headBefore = await h.gateway.runtime.store.audit.head();
    assert.ok(headBefore.seq >= EVENTS);
    const order: string[] = [];
    // Send the model request once the gateway has taken the verify request (on a later turn of the
    // loop): had the verification run on the loop, it would have finished before this turn came.
    const arrived = new Promise<void>((resolve) => h.gateway.server.once('request', () => setImmediate(resolve)));
    const verifying = verify(h, adminKey).then((r) => (order.push('verify'), r));
    await arrived;
    const answered = await chat(h, devKey);
    order.push('chat');
    assert.equal(answered.status, 200, answered.text);
    const result = await verifying;
    assert.deepEqual(order, ['chat', 'verify'], 'the model request did not wait for the verification');

    assert.equal(result.status, 200);
    assert.equal(result.json.ok, true, JSON.stringify(result.json.problem));
    assert.equal(result.json.startSeq, 0);
    const lastSeq = Number(result.json.lastSeq);
    assert.equal(result.json.events, lastSeq, 'every event from genesis was checked');
    assert.ok(lastSeq >= headBefore.seq && lastSeq <= (await h.gateway.runtime.store.audit.head()).seq);
    assert.equal(typeof result.json.headHash, 'string');
    assert.equal(result.json.problem, undefined);
  });

  test('two verifications at once both answer (one waits for the other); a tampered row is reported', async () => {
    const db = sqliteDatabase(h.gateway.runtime.store);
    const row = db.prepare('SELECT body FROM audit_events WHERE seq = ?').get(12_345) as { body: string };
    db.prepare('UPDATE audit_events SET body = ? WHERE seq = ?').run(row.body.replace('"status":200', '"status":201'), 12_345);
    const [a, b] = await Promise.all([verify(h, adminKey), verify(h, adminKey)]);
    for (const r of [a, b]) {
      assert.equal(r.status, 200);
      assert.equal(r.json.ok, false);
      const problem = r.json.problem as Json;
      assert.equal(problem.kind, 'modified');
      assert.equal(problem.seq, 12_345);
      assert.equal(problem.id, event(12_345).id);
      assert.equal(r.json.events, 12_344, 'the events before the tampered one were checked');
    }
  });
});

const created = await createTestDatabase();
const db: TestDatabase | undefined = typeof created === 'string' ? undefined : created;

describe('audit verification off the event loop (PostgreSQL store.url: the worker opens its own pool)', { skip: typeof created === 'string' ? created : false }, () => {
  const EVENTS = 500;
  let h: Harness;
  let adminKey: string;
  before(async () => {
    h = await startHarness({ configure: (c) => ((c.store.url = db!.url), (c.auth = { anonymous: false, adminGroups: [] })) });
    ({ adminKey } = await keysFor(h));
    for (let i = 1; i <= EVENTS; i++) await appendEvent(h.gateway.runtime.store.audit, event(i));
  });
  after(async () => {
    await h?.close();
    await db?.drop();
  });

  test('verifies the PostgreSQL trail and reports a tampered row', async () => {
    const good = await verify(h, adminKey);
    assert.equal(good.status, 200);
    assert.equal(good.json.ok, true, JSON.stringify(good.json.problem));
    assert.equal(good.json.events, good.json.lastSeq);
    assert.ok(Number(good.json.lastSeq) >= EVENTS);

    const sql = postgres(db!.url, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<Array<{ body: string }>>`SELECT body FROM audit_events WHERE seq = 250`;
      await sql`UPDATE audit_events SET body = ${row!.body.replace('"status":200', '"status":201')} WHERE seq = 250`;
    } finally {
      await sql.end({ timeout: 1 });
    }
    const bad = await verify(h, adminKey);
    assert.equal(bad.status, 200);
    assert.equal(bad.json.ok, false);
    assert.deepEqual({ kind: (bad.json.problem as Json).kind, seq: (bad.json.problem as Json).seq }, { kind: 'modified', seq: 250 });
  });
});
