/**
 * The SQLite audit adapter's group commit (src/store/sqlite/audit.ts): appends made in one event-loop turn share one
 * transaction, are chained in call order, each caller settles only after that transaction, and a failed
 * transaction refuses every caller in it (the trail then fails closed as for any write failure).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openStore, type SqliteStore } from '../../src/store/open-store.ts';
import { appendEvent } from '../../src/audit/audit-store.ts';
import { AuditTrail } from '../../src/audit/trail.ts';
import { verifyTrail } from '../../src/audit/verify.ts';
import { defaultAudit } from '../../src/config/defaults.ts';
import { silentLogger } from '../../src/log.ts';
import type { AuditEvent } from '../../src/domain/audit-event.ts';

const bin = new URL('../../bin/sekisho.js', import.meta.url).pathname;

function event(i: number): AuditEvent {
  return {
    id: `req_gc_${i}`, time: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString(), principal: { kind: 'key', id: 'key:dev', groups: [] }, clientTool: 'test', api: 'messages',
    requestedModel: 'm', decision: { action: 'allow', enforced: 'allow', rule: 'default' }, findings: [], uninspected: 0, latencyMs: 1, overheadMs: 0.1, status: 200,
  };
}

/** A fresh store whose `db.exec` calls are logged (to count transactions). */
function fresh(): { dir: string; store: SqliteStore; execs: string[]; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-groupcommit-'));
  const store = openStore(dir);
  const execs: string[] = [];
  const exec = store.db.exec.bind(store.db);
  store.db.exec = (sql: string) => {
    execs.push(sql);
    exec(sql);
  };
  return { dir, store, execs, done: () => (void store.close(), rmSync(dir, { recursive: true, force: true })) };
}

const begins = (execs: string[]): number => execs.filter((s) => s === 'BEGIN IMMEDIATE').length;

test('appends made in one turn share one transaction, chained in call order; each resolves with its committed row', async () => {
  const f = fresh();
  try {
    await appendEvent(f.store.audit, event(0));
    f.execs.length = 0;
    const settledBefore: number[] = [];
    const calls = Array.from({ length: 100 }, (_, i) => appendEvent(f.store.audit, event(i + 1)).then((row) => {
      // Resolved only after COMMIT: the row is readable from another connection by now.
      settledBefore.push(row.seq);
      return row;
    }));
    assert.equal(await f.store.audit.count(), 1, 'nothing is written before the turn ends');
    const rows = await Promise.all(calls);
    assert.equal(begins(f.execs), 1, f.execs.join('; '));
    assert.equal(f.execs.filter((s) => s === 'COMMIT').length, 1);
    assert.deepEqual(rows.map((r) => r.seq), Array.from({ length: 100 }, (_, i) => i + 2), 'seq follows call order');
    assert.deepEqual(rows.map((r) => r.id), Array.from({ length: 100 }, (_, i) => `req_gc_${i + 1}`));
    for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prev_hash, rows[i - 1]!.hash);
    const other = new DatabaseSync(join(f.dir, 'sekisho.db'), { readOnly: true });
    try {
      assert.equal((other.prepare('SELECT COUNT(*) AS n FROM audit_events').get() as { n: number }).n, 101, 'committed, visible to another connection');
    } finally {
      other.close();
    }
    const checked = await verifyTrail(f.store.audit.range(0), [], []);
    assert.equal(checked.ok, true, checked.problem?.detail);
    assert.equal(checked.events, 101);
  } finally {
    f.done();
  }
});

test('appends from later turns start a new transaction; more than one group is written in order', async () => {
  const f = fresh();
  try {
    const first = Array.from({ length: 600 }, (_, i) => appendEvent(f.store.audit, event(i + 1)));
    await new Promise((r) => setImmediate(r));
    const second = Array.from({ length: 3 }, (_, i) => appendEvent(f.store.audit, event(1000 + i)));
    const rows = await Promise.all([...first, ...second]);
    assert.deepEqual(rows.map((r) => r.seq), Array.from({ length: 603 }, (_, i) => i + 1));
    assert.ok(begins(f.execs) >= 3 && begins(f.execs) <= 5, `600 queued at once are split into bounded groups: ${begins(f.execs)} transactions`);
    assert.equal((await verifyTrail(f.store.audit.range(0), [], [])).ok, true);
  } finally {
    f.done();
  }
});

test('a transaction that fails refuses every caller in it and commits none of them; the chain goes on after', async () => {
  const f = fresh();
  try {
    await appendEvent(f.store.audit, event(0));
    const head = await f.store.audit.head();
    // Another connection (another process, in production) holds the write lock past the busy timeout.
    f.store.db.exec('PRAGMA busy_timeout = 50');
    const locker = new DatabaseSync(join(f.dir, 'sekisho.db'));
    locker.exec('BEGIN IMMEDIATE');
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => appendEvent(f.store.audit, event(i + 1))));
    assert.deepEqual(results.map((r) => r.status), Array(8).fill('rejected'));
    for (const r of results) assert.match(String((r as PromiseRejectedResult).reason), /locked|busy/i);
    locker.exec('ROLLBACK');
    locker.close();
    assert.deepEqual(await f.store.audit.head(), head);
    assert.equal(await f.store.audit.count(), 1);

    // COMMIT itself failing: every caller refused, the transaction rolled back.
    const exec = f.store.db.exec;
    f.store.db.exec = (sql: string) => {
      if (sql === 'COMMIT') throw new Error('disk I/O error (injected)');
      exec(sql);
    };
    const failed = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => appendEvent(f.store.audit, event(i + 20))));
    assert.deepEqual(failed.map((r) => r.status), Array(5).fill('rejected'));
    assert.equal(f.store.db.isTransaction, false, 'rolled back');
    f.store.db.exec = exec;
    assert.equal(await f.store.audit.count(), 1);

    const later = await Promise.all([appendEvent(f.store.audit, event(1)), appendEvent(f.store.audit, event(2))]);
    assert.deepEqual(later.map((r) => r.seq), [2, 3]);
    assert.equal(later[0]!.prev_hash, head.hash);
    assert.equal((await verifyTrail(f.store.audit.range(0), [], [])).ok, true);
  } finally {
    f.done();
  }
});

test('the trail fails closed for every request of a failed group: each record() rejects, health reports it', async () => {
  const f = fresh();
  try {
    const trail = await AuditTrail.open({ store: f.store, config: { ...defaultAudit(), checkpoint: { everyEvents: 1000, intervalMs: 0 } }, dataDir: f.dir, log: silentLogger });
    await trail.record(event(0));
    const exec = f.store.db.exec;
    f.store.db.exec = (sql: string) => {
      if (sql === 'COMMIT') throw new Error('disk I/O error (injected)');
      exec(sql);
    };
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => trail.record(event(i + 1))));
    f.store.db.exec = exec;
    assert.deepEqual(results.map((r) => r.status), Array(6).fill('rejected'));
    const health = trail.health();
    assert.equal(health.ok, false);
    assert.equal(health.writeFailures, 6);
    assert.equal(await f.store.audit.count(), 1);
    await trail.close();
  } finally {
    f.done();
  }
});

test('closing the store writes the appends still waiting for their group commit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-groupcommit-'));
  try {
    const store = openStore(dir);
    const pending = [appendEvent(store.audit, event(1)), appendEvent(store.audit, event(2))];
    await store.close();
    assert.deepEqual((await Promise.all(pending)).map((r) => r.seq), [1, 2]);
    const again = openStore(dir);
    assert.equal(await again.audit.count(), 2);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('concurrent records through the trail, with transcripts and checkpoints, pass `sekisho audit verify`', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-groupcommit-'));
  try {
    const store = openStore(dir);
    const base = defaultAudit();
    const config = { ...base, checkpoint: { everyEvents: 16, intervalMs: 0 }, transcripts: { ...base.transcripts, enabled: true, key: Buffer.alloc(32, 7) } };
    const trail = await AuditTrail.open({ store, config, dataDir: dir, log: silentLogger });
    const rows = await Promise.all(Array.from({ length: 64 }, (_, i) => trail.record(event(i + 1), i % 3 === 0 ? `transcript ${i}` : undefined)));
    assert.deepEqual(rows.map((r) => r!.seq), Array.from({ length: 64 }, (_, i) => i + 1));
    await trail.close();
    assert.equal(await store.audit.lastCheckpointSeq(), 64);
    assert.equal(Number((store.db.prepare('SELECT COUNT(*) AS n FROM audit_transcripts').get() as { n: number }).n), 22);
    await store.close();
    const out = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, 'audit', 'verify', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SEKISHO_CONFIG: '' } });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.stderr.on('data', (c: Buffer) => (text += c.toString()));
      child.once('exit', (code) => resolve({ code, text }));
    });
    assert.equal(out.code, 0, out.text);
    assert.match(out.text, /^OK: 64 events verified/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
