import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { openStore, type Store } from '../store/open-store.ts';
import { silentLogger } from '../log.ts';
import { defaultAudit } from '../config/defaults.ts';
import type { AuditEvent } from './audit-event.ts';
import { AuditTrail, PurgeRefused } from './trail.ts';
import { verifyTrail, type VerifyResult } from './verify.ts';
import { canonicalJson } from './canonical-json.ts';
import { chainHash, keyFingerprint, signCheckpoint } from './chain.ts';

function event(i: number): AuditEvent {
  return {
    id: `req_${String(i).padStart(4, '0')}`,
    time: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    principal: { kind: 'key', id: 'key:dev', groups: [] },
    clientTool: 'claude-code',
    api: 'messages',
    requestedModel: 'claude-x',
    decision: { action: 'allow', enforced: 'allow', rule: 'default' },
    findings: [],
    uninspected: 0,
    latencyMs: 5,
    overheadMs: 0.5,
    status: 200,
  };
}

interface Fixture {
  store: Store;
  trail: AuditTrail;
  verify(keys?: Parameters<typeof verifyTrail>[2]): Promise<VerifyResult>;
  exec(sql: string, ...args: Array<string | number>): void;
  row(seq: number): { id: string; body: string; hash: string; prev_hash: string };
  done(): void;
}

/** 12 events, checkpoints every 5 (at seq 5 and 10). */
async function fixture(count = 12): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-audit-'));
  const store = openStore(dir);
  const trail = await AuditTrail.open({ store, config: { ...defaultAudit(), checkpoint: { everyEvents: 5, intervalMs: 0 } }, dataDir: dir, log: silentLogger });
  for (let i = 1; i <= count; i++) await trail.record(event(i));
  return {
    store,
    trail,
    verify: async (keys = [trail.key.publicKey]) => verifyTrail(trail.store.range(0), await trail.store.checkpoints(), keys),
    exec: (sql, ...args) => void store.db.prepare(sql).run(...args),
    row: (seq) => store.db.prepare('SELECT id, body, hash, prev_hash FROM audit_events WHERE seq = ?').get(seq) as { id: string; body: string; hash: string; prev_hash: string },
    done: () => {
      void store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function assertProblem(result: VerifyResult, kind: string, seq: number, id?: string): void {
  assert.equal(result.ok, false, 'tampering must be detected');
  assert.equal(result.problem?.kind, kind, result.problem?.detail);
  assert.equal(result.problem?.seq, seq, result.problem?.detail);
  if (id !== undefined) assert.equal(result.problem?.id, id);
}

test('an untouched trail verifies; events after the last checkpoint are reported as unsigned', async () => {
  const f = await fixture();
  try {
    const r = await f.verify();
    assert.equal(r.ok, true, r.problem?.detail);
    assert.equal(r.events, 12);
    assert.equal(r.checkpoints, 2);
    assert.equal(r.signedThrough, 10);
    assert.equal(r.unsignedTail, 2);
    const body = JSON.parse(f.row(3).body) as AuditEvent;
    assert.equal(body.seq, 3, 'the position is part of the hashed body');
  } finally {
    f.done();
  }
});

test('a modified event body is named', async () => {
  const f = await fixture();
  try {
    f.exec('UPDATE audit_events SET body = replace(body, \'"status":200\', \'"status":201\') WHERE seq = 4');
    assertProblem(await f.verify(), 'modified', 4, 'req_0004');
  } finally {
    f.done();
  }
});

test('a body that is valid JSON but not canonical is a modification', async () => {
  const f = await fixture();
  try {
    f.exec("UPDATE audit_events SET body = replace(body, '\"status\":200', '\"status\": 200') WHERE seq = 7");
    assertProblem(await f.verify(), 'modified', 7, 'req_0007');
  } finally {
    f.done();
  }
});

test('a modified hash column is named', async () => {
  const f = await fixture();
  try {
    f.exec("UPDATE audit_events SET hash = '" + 'f'.repeat(64) + "' WHERE seq = 4");
    assertProblem(await f.verify(), 'modified', 4, 'req_0004');
  } finally {
    f.done();
  }
});

test('an edited id or time column (search columns) no longer matches the hashed body', async () => {
  const f = await fixture();
  try {
    f.exec("UPDATE audit_events SET time = '2020-01-01T00:00:00.000Z' WHERE seq = 9");
    assertProblem(await f.verify(), 'modified', 9, 'req_0009');
  } finally {
    f.done();
  }
});

test('a deleted middle event is named by its position', async () => {
  const f = await fixture();
  try {
    f.exec('DELETE FROM audit_events WHERE seq = 6');
    assertProblem(await f.verify(), 'deleted', 6);
  } finally {
    f.done();
  }
});

test('a deleted event is found even when the following events are renumbered', async () => {
  const f = await fixture();
  try {
    f.exec('DELETE FROM audit_events WHERE seq = 6');
    f.exec('UPDATE audit_events SET seq = -seq WHERE seq > 6');
    f.exec('UPDATE audit_events SET seq = -seq - 1 WHERE seq < 0');
    assertProblem(await f.verify(), 'deleted', 6);
  } finally {
    f.done();
  }
});

test('an inserted event (correctly hashed, later events renumbered) is named', async () => {
  const f = await fixture();
  try {
    f.exec('UPDATE audit_events SET seq = -seq WHERE seq >= 6');
    f.exec('UPDATE audit_events SET seq = -seq + 1 WHERE seq < 0');
    const prev = f.row(5).hash;
    const body = canonicalJson({ ...event(99), id: 'req_forged', seq: 6 });
    f.exec('INSERT INTO audit_events (seq, id, time, principal, decision, rule, status, body, prev_hash, hash) VALUES (6, ?, ?, ?, ?, ?, 200, ?, ?, ?)', 'req_forged', event(99).time, 'key:dev', 'allow', 'default', body, prev, chainHash(prev, body));
    assertProblem(await f.verify(), 'inserted', 6, 'req_forged');
  } finally {
    f.done();
  }
});

test('an inserted event without renumbering (at the end, re-linked) is caught by the next event or checkpoint', async () => {
  const f = await fixture(4);
  try {
    // Move event 4 to seq 5 and put a forged, correctly chained event at 4.
    f.exec('UPDATE audit_events SET seq = 5 WHERE seq = 4');
    const prev = f.row(3).hash;
    const body = canonicalJson({ ...event(98), id: 'req_forged', seq: 4 });
    f.exec('INSERT INTO audit_events (seq, id, time, principal, decision, rule, status, body, prev_hash, hash) VALUES (4, ?, ?, ?, ?, ?, 200, ?, ?, ?)', 'req_forged', event(98).time, 'key:dev', 'allow', 'default', body, prev, chainHash(prev, body));
    assertProblem(await f.verify(), 'inserted', 4, 'req_forged');
  } finally {
    f.done();
  }
});

test('two swapped events are reported as reordered at the first position', async () => {
  const f = await fixture();
  try {
    const a = f.store.db.prepare('SELECT * FROM audit_events WHERE seq = 7').get() as Record<string, string | number>;
    const b = f.store.db.prepare('SELECT * FROM audit_events WHERE seq = 8').get() as Record<string, string | number>;
    const swap = 'UPDATE audit_events SET id = ?, time = ?, body = ?, prev_hash = ?, hash = ? WHERE seq = ?';
    f.exec("UPDATE audit_events SET id = id || '_tmp' WHERE seq IN (7, 8)");
    f.exec(swap, String(b.id), String(b.time), String(b.body), String(b.prev_hash), String(b.hash), 7);
    f.exec(swap, String(a.id), String(a.time), String(a.body), String(a.prev_hash), String(a.hash), 8);
    assertProblem(await f.verify(), 'reordered', 7, 'req_0008');
  } finally {
    f.done();
  }
});

test('truncating the tail back past the last checkpoint is detected; only the unsigned tail can go unnoticed', async () => {
  const f = await fixture();
  try {
    f.exec('DELETE FROM audit_events WHERE seq > 10');
    const unsigned = await f.verify();
    assert.equal(unsigned.ok, true, 'events after the last checkpoint are not covered by a signature');
    assert.equal(unsigned.lastSeq, 10);
    f.exec('DELETE FROM audit_events WHERE seq > 8');
    assertProblem(await f.verify(), 'truncated', 9);
  } finally {
    f.done();
  }
});

test('closing the trail signs the tail, so its truncation is detected too', async () => {
  const f = await fixture();
  try {
    await f.trail.close();
    assert.equal((await f.verify()).signedThrough, 12);
    f.exec('DELETE FROM audit_events WHERE seq = 12');
    assertProblem(await f.verify(), 'truncated', 12);
  } finally {
    f.done();
  }
});

test('a forged checkpoint signature is detected', async () => {
  const f = await fixture();
  try {
    f.exec("UPDATE audit_checkpoints SET signature = ? WHERE seq = 5", Buffer.alloc(64, 1).toString('base64'));
    assertProblem(await f.verify(), 'checkpoint', 5, 'req_0005');
  } finally {
    f.done();
  }
});

test('a rewritten chain with checkpoints re-signed by another key is detected', async () => {
  const f = await fixture();
  try {
    // The attacker edits event 3 and recomputes every later hash and link...
    let prev = f.row(2).hash;
    for (let seq = 3; seq <= 12; seq++) {
      const row = f.row(seq);
      const body = seq === 3 ? row.body.replace('"status":200', '"status":403') : row.body;
      const hash = chainHash(prev, body);
      f.exec('UPDATE audit_events SET body = ?, prev_hash = ?, hash = ? WHERE seq = ?', body, prev, hash, seq);
      prev = hash;
    }
    // ... so only the signed checkpoints disagree.
    assertProblem(await f.verify(), 'modified', 1);
    // Re-signing them needs the private key: their own key is not the gateway's.
    const attacker = generateKeyPairSync('ed25519').privateKey;
    for (const cp of await f.trail.store.checkpoints()) {
      const head = f.store.db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(cp.seq) as { hash: string };
      const forged = signCheckpoint({ ...cp, hash: head.hash, keyId: keyFingerprint(attacker) }, attacker);
      f.exec('UPDATE audit_checkpoints SET hash = ?, key_id = ?, signature = ? WHERE seq = ?', forged.hash, forged.keyId, forged.signature, cp.seq);
    }
    assertProblem(await f.verify(), 'checkpoint', 5);
    // ... and claiming the gateway's key id with the attacker's signature fails the signature check.
    f.exec('UPDATE audit_checkpoints SET key_id = ?', f.trail.key.id);
    assertProblem(await f.verify(), 'checkpoint', 5);
  } finally {
    f.done();
  }
});

test('verifying with the wrong public key fails at the first checkpoint', async () => {
  const f = await fixture();
  try {
    const other = generateKeyPairSync('ed25519').publicKey;
    assertProblem(await f.verify([other]), 'checkpoint', 5);
  } finally {
    f.done();
  }
});

test('a purge leaves a signed anchor and the rest of the chain still verifies', async () => {
  const f = await fixture();
  try {
    const result = await f.trail.purge(new Date(event(7).time));
    assert.equal(result.events, 6);
    assert.equal(result.anchor?.seq, 6);
    const r = await f.verify();
    assert.equal(r.ok, true, r.problem?.detail);
    assert.equal(r.startSeq, 6);
    assert.equal(r.events, 6);
    // Deleting the first event after the anchor is still a deletion.
    f.exec('DELETE FROM audit_events WHERE seq = 7');
    assertProblem(await f.verify(), 'deleted', 7);
  } finally {
    f.done();
  }
});

test('a purge refuses to remove events that do not verify (it would destroy the evidence)', async () => {
  const f = await fixture();
  try {
    f.exec('UPDATE audit_events SET body = replace(body, \'"status":200\', \'"status":201\') WHERE seq = 2');
    await assert.rejects(() => f.trail.purge(new Date(event(7).time)), (err) => err instanceof PurgeRefused && err.problem.seq === 2);
    assert.equal(await f.trail.store.count(), 12);
  } finally {
    f.done();
  }
});

test('a forged anchor (events deleted at the start, anchor signed by another key) is detected', async () => {
  const f = await fixture();
  try {
    f.exec('DELETE FROM audit_events WHERE seq <= 3');
    assertProblem(await f.verify(), 'deleted', 1);
    const attacker = generateKeyPairSync('ed25519').privateKey;
    const anchor = signCheckpoint({ seq: 3, hash: f.row(4).prev_hash, time: new Date().toISOString(), kind: 'anchor', keyId: f.trail.key.id }, attacker);
    f.exec("INSERT INTO audit_checkpoints (seq, hash, time, kind, key_id, signature) VALUES (?, ?, ?, 'anchor', ?, ?)", anchor.seq, anchor.hash, anchor.time, anchor.keyId, anchor.signature);
    assertProblem(await f.verify(), 'checkpoint', 3);
  } finally {
    f.done();
  }
});

test('after a crash (no shutdown checkpoint) the next start signs the unsigned tail', async () => {
  const f = await fixture(3);
  try {
    assert.equal((await f.verify()).signedThrough, 0, 'every 5: nothing signed yet');
    // A new trail on the same database, as after kill -9 and restart.
    const again = await AuditTrail.open({ store: f.store, config: { ...defaultAudit(), checkpoint: { everyEvents: 5, intervalMs: 0 } }, dataDir: f.trail.key.path.replace(/\/keys\/.*$/, ''), log: silentLogger });
    assert.equal(again.key.id, f.trail.key.id, 'the same key is loaded, not replaced');
    const r = await f.verify();
    assert.equal(r.ok, true);
    assert.equal(r.signedThrough, 3);
  } finally {
    f.done();
  }
});
