/**
 * The storage port contract (src/store/ports.ts), one test body run against every adapter: what the
 * gateway relies on — atomic check-and-add, one verifiable chain, set-if-absent pins — is checked the
 * same way on SQLite and on PostgreSQL. `open` gives a fresh, empty store each call (on PostgreSQL: a
 * second pool on the same database, i.e. another "instance").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { StateStore } from '../../src/store/ports.ts';
import type { AuditEvent } from '../../src/domain/audit-event.ts';
import type { Finding } from '../../src/domain/finding.ts';
import { appendEvent } from '../../src/audit/audit-store.ts';
import { verifyTrail } from '../../src/audit/verify.ts';
import { keyFingerprint, signCheckpoint } from '../../src/audit/chain.ts';

export interface ContractTarget {
  name: string;
  /** A fresh empty store (each test gets its own). */
  fresh(): Promise<StateStore>;
  /** Another store on the same data as `store` (another instance); undefined when the adapter cannot share. */
  another?(store: StateStore): Promise<StateStore>;
  /**
   * Counters and pins expire by themselves (Redis): `prune` does nothing, so the contract does not check
   * that it deletes; the adapter's own tests check the expiry instead.
   */
  selfExpiring?: boolean;
  skip?: string | false;
}

export function event(i: number, extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: `req_${String(i).padStart(6, '0')}`,
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    principal: { kind: 'key', id: i % 2 === 0 ? 'key:even' : 'key:odd', groups: [] },
    clientTool: 'claude-code',
    api: 'messages',
    requestedModel: 'claude-x',
    decision: { action: 'allow', enforced: 'allow', rule: 'default' },
    findings: [],
    uninspected: 0,
    latencyMs: 5,
    overheadMs: 0.5,
    status: 200,
    ...extra,
  };
}

function finding(ruleId: string): Finding {
  return { type: 'secret', ruleId, confidence: 'high', start: 0, end: 1, valueStart: 0, valueEnd: 1, location: { surface: 'message-text', message: 0, part: 0 }, valueHash: '0'.repeat(64) };
}

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

export function portContract(target: ContractTarget): void {
  const it = (name: string, body: (store: StateStore) => Promise<void>): void => {
    test(`${target.name}: ${name}`, { skip: target.skip ?? false }, async () => {
      const store = await target.fresh();
      try {
        await body(store);
      } finally {
        await store.close();
      }
    });
  };

  it('keys: insert (id collisions refused), get, list newest first, revoke once, touch at most once per period', async (store) => {
    const base = { user: 'alice', groups: ['dev'], admin: false };
    assert.equal(await store.keys.insert({ ...base, id: 'AAAAaaaa', hash: Buffer.alloc(32, 1), createdAt: '2026-01-01T00:00:00.000Z', team: 'pay' }), true);
    assert.equal(await store.keys.insert({ ...base, id: 'AAAAaaaa', hash: Buffer.alloc(32, 2), createdAt: '2026-01-02T00:00:00.000Z' }), false, 'the id is taken');
    assert.equal(await store.keys.insert({ ...base, user: 'bob', id: 'BBBBbbbb', hash: Buffer.alloc(32, 3), createdAt: '2026-01-03T00:00:00.000Z', admin: true, expiresAt: '2027-01-01T00:00:00.000Z' }), true);
    const a = await store.keys.get('AAAAaaaa');
    assert.deepEqual({ ...a, hash: Buffer.from(a!.hash) }, { id: 'AAAAaaaa', hash: Buffer.alloc(32, 1), user: 'alice', groups: ['dev'], admin: false, createdAt: '2026-01-01T00:00:00.000Z', team: 'pay' });
    assert.equal(await store.keys.get('nosuchid'), undefined);
    assert.deepEqual((await store.keys.list()).map((k) => [k.id, k.admin, k.expiresAt]), [['BBBBbbbb', true, '2027-01-01T00:00:00.000Z'], ['AAAAaaaa', false, undefined]]);
    assert.equal(await store.keys.revoke('AAAAaaaa', '2026-02-01T00:00:00.000Z'), true);
    assert.equal(await store.keys.revoke('AAAAaaaa', '2026-02-02T00:00:00.000Z'), false);
    assert.equal((await store.keys.get('AAAAaaaa'))?.revokedAt, '2026-02-01T00:00:00.000Z');
    await store.keys.touch('BBBBbbbb', '2026-02-01T00:00:00.000Z', '2026-01-31T23:59:00.000Z');
    await store.keys.touch('BBBBbbbb', '2026-02-01T00:00:30.000Z', '2026-01-31T23:59:30.000Z');
    assert.equal((await store.keys.get('BBBBbbbb'))?.lastUsedAt, '2026-02-01T00:00:00.000Z', 'a second touch within the period is not written');
  });

  it('audit: appends chain, read back by id, range and search filters; checkpoints; transcripts', async (store) => {
    assert.deepEqual(await store.audit.head(), { seq: 0, hash: '0'.repeat(64) });
    for (let i = 1; i <= 6; i++) {
      const e = event(i, i === 3 ? { findings: [finding('aws-access-token')], decision: { action: 'redact', enforced: 'redact', rule: 'secrets' } } : {});
      await appendEvent(store.audit, e, i === 2 ? { keyId: 'k1', iv: Buffer.alloc(12, 1), tag: Buffer.alloc(16, 2), data: Buffer.from('sealed'), bytes: 6, truncated: true } : undefined);
    }
    const rows = await collect(store.audit.range(0));
    assert.deepEqual(rows.map((r) => r.seq), [1, 2, 3, 4, 5, 6]);
    assert.equal(rows[1]!.prev_hash, rows[0]!.hash);
    assert.deepEqual(await store.audit.head(), { seq: 6, hash: rows[5]!.hash });
    assert.equal(await store.audit.count(), 6);
    assert.deepEqual(await store.audit.byId('req_000004'), rows[3]);
    assert.equal(await store.audit.byId('req_nope'), undefined);
    assert.deepEqual((await collect(store.audit.range(2, 4))).map((r) => r.seq), [3, 4]);
    const ids = async (q: Parameters<StateStore['audit']['search']>[0]): Promise<string[]> => (await store.audit.search(q)).map((r) => r.id);
    assert.deepEqual(await ids({ principal: 'key:even' }), ['req_000002', 'req_000004', 'req_000006']);
    assert.deepEqual(await ids({ decision: 'redact' }), ['req_000003']);
    assert.deepEqual(await ids({ rule: 'aws-access-token' }), ['req_000003'], "a finding's rule id");
    assert.deepEqual(await ids({ rule: 'secrets' }), ['req_000003'], "the policy rule");
    assert.deepEqual(await ids({ since: event(2).time, until: event(4).time }), ['req_000002', 'req_000003']);
    assert.deepEqual(await ids({ afterSeq: 4 }), ['req_000005', 'req_000006']);
    assert.deepEqual(await ids({ newestFirst: true, limit: 2 }), ['req_000006', 'req_000005']);
    const sealed = await store.audit.transcript('req_000002');
    assert.deepEqual(sealed, { time: event(2).time, keyId: 'k1', iv: Buffer.alloc(12, 1), tag: Buffer.alloc(16, 2), data: Buffer.from('sealed'), bytes: 6, truncated: true });
    assert.equal(await store.audit.transcript('req_000001'), undefined);

    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const keyId = keyFingerprint(publicKey);
    assert.equal(await store.audit.lastCheckpointSeq(), 0);
    await store.audit.addCheckpoint(signCheckpoint({ seq: 3, hash: rows[2]!.hash, time: '2026-01-01T01:00:00.000Z', kind: 'checkpoint', keyId }, privateKey));
    await store.audit.addCheckpoint(signCheckpoint({ seq: 6, hash: rows[5]!.hash, time: '2026-01-01T02:00:00.000Z', kind: 'checkpoint', keyId }, privateKey));
    assert.equal(await store.audit.lastCheckpointSeq(), 6);
    const verified = await verifyTrail(store.audit.range(0), await store.audit.checkpoints(), [publicKey]);
    assert.equal(verified.ok, true, verified.problem?.detail);
    assert.equal(verified.signedThrough, 6);

    // Purge everything before event 4 behind a signed anchor; the rest still verifies from it.
    const boundary = await store.audit.purgeBoundary(event(4).time, Number.MAX_SAFE_INTEGER);
    assert.deepEqual(boundary, { seq: 3, hash: rows[2]!.hash });
    assert.deepEqual(await store.audit.purgeBoundary(event(4).time, 2), { seq: 2, hash: rows[1]!.hash }, 'capped');
    const anchor = signCheckpoint({ seq: 3, hash: rows[2]!.hash, time: '2026-01-01T03:00:00.000Z', kind: 'anchor', keyId }, privateKey);
    assert.deepEqual(await store.audit.purgeThrough(anchor), { events: 3, transcripts: 1 });
    assert.deepEqual((await store.audit.checkpoints()).map((c) => [c.seq, c.kind]), [[3, 'anchor'], [6, 'checkpoint']]);
    const after = await verifyTrail(store.audit.range(0), await store.audit.checkpoints(), [publicKey]);
    assert.equal(after.ok, true, after.problem?.detail);
    assert.deepEqual([after.startSeq, after.events], [3, 3]);
    assert.equal((await store.audit.head()).seq, 6);
    await appendEvent(store.audit, event(7));
    assert.equal((await store.audit.head()).seq, 7, 'the chain goes on after a purge');
    assert.equal(await store.audit.purgeTranscriptsBefore('2030-01-01T00:00:00.000Z'), 0);
  });

  it('audit: a failed append commits nothing (the head stays)', async (store) => {
    await appendEvent(store.audit, event(1));
    const head = await store.audit.head();
    await assert.rejects(appendEvent(store.audit, event(1)), 'a duplicate request id is refused');
    await assert.rejects(store.audit.append(event(2), () => {
      throw new Error('link failed');
    }), /link failed/);
    assert.deepEqual(await store.audit.head(), head);
    assert.equal(await store.audit.count(), 1);
  });

  it('audit: concurrent appends with one that cannot be written: only that one is refused, the rest form the chain', async (store) => {
    await appendEvent(store.audit, event(1));
    const results = await Promise.allSettled([
      ...Array.from({ length: 10 }, (_, i) => appendEvent(store.audit, event(i + 2))),
      appendEvent(store.audit, { ...event(1), time: event(99).time }), // the same request id again
      ...Array.from({ length: 10 }, (_, i) => appendEvent(store.audit, event(i + 12))),
    ]);
    assert.deepEqual(results.map((r) => r.status).filter((s) => s === 'rejected'), ['rejected']);
    assert.equal(results[10]!.status, 'rejected');
    assert.equal(await store.audit.count(), 21);
    const checked = await verifyTrail(store.audit.range(0), [], []);
    assert.equal(checked.ok, true, checked.problem?.detail);
    assert.equal(checked.events, 21);
    const seqs = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.seq] : []));
    assert.deepEqual([...seqs].sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i + 2), 'each caller got its own committed row');
  });

  it('counters: checkAndAdd admits exactly N of many concurrent callers; refused calls add nothing', async (store) => {
    const key = { rule: 'rpm', subject: 'user:alice', metric: 'requests' as const, period: 1000 };
    const check = { terms: [{ key: { ...key, period: 999 }, weight: 0.5 }, { key, weight: 1 }], cost: 1, limit: 10 };
    const results = await Promise.all(Array.from({ length: 40 }, () => store.counters.checkAndAdd([check], [{ key, amount: 1 }])));
    assert.equal(results.filter((r) => r.admitted).length, 10);
    const last = await store.counters.checkAndAdd([check], [{ key, amount: 1 }]);
    assert.deepEqual(last, { admitted: false, values: [[0, 10]] });
    // The previous minute counts with its weight: 4 × 0.5 + 7 + 1 <= 10, one more is too many.
    const other = { ...key, subject: 'user:bob' };
    await store.counters.add({ ...other, period: 999 }, 4);
    await store.counters.add(other, 7);
    const bobCheck = { terms: [{ key: { ...other, period: 999 }, weight: 0.5 }, { key: other, weight: 1 }], cost: 1, limit: 10 };
    assert.deepEqual(await store.counters.checkAndAdd([bobCheck], [{ key: other, amount: 1 }]), { admitted: true, values: [[4, 7]] });
    assert.equal((await store.counters.checkAndAdd([bobCheck], [{ key: other, amount: 1 }])).admitted, false);
    // Every check must pass for any add to apply.
    const tokens = { rule: 'tpd', subject: 'user:carol', metric: 'tokens' as const, period: 20 };
    await store.counters.add(tokens, 100);
    const carol = { ...key, subject: 'user:carol' };
    const both = await store.counters.checkAndAdd([{ terms: [{ key: carol, weight: 1 }], cost: 1, limit: 5 }, { terms: [{ key: tokens, weight: 1 }], cost: 1, limit: 100 }], [{ key: carol, amount: 1 }]);
    assert.deepEqual(both, { admitted: false, values: [[0], [100]] });
    assert.deepEqual((await store.counters.checkAndAdd([{ terms: [{ key: carol, weight: 1 }], cost: 1, limit: 5 }], [])).values, [[0]], 'nothing was added');
    if (target.selfExpiring) return;
    await store.counters.prune(1000, 21);
    assert.deepEqual((await store.counters.checkAndAdd([{ terms: [{ key: { ...other, period: 999 }, weight: 1 }, { key: tokens, weight: 1 }, { key: other, weight: 1 }], cost: 0, limit: 1e9 }], [])).values, [[0, 0, 8]], 'old minutes and days are gone, the current minute stays');
  });

  it('pins: set-if-absent keeps the first rule, extend moves the expiry, prune drops expired pins', async (store) => {
    const now = Date.now();
    assert.equal(await store.pins.get('s1'), undefined);
    assert.equal(await store.pins.pin('s1', 'own-code', '2026-01-01T00:00:00.000Z', now + 50_000), 'own-code');
    assert.equal(await store.pins.pin('s1', 'later-rule', '2026-01-01T00:00:01.000Z', now + 60_000), 'own-code');
    assert.deepEqual(await store.pins.get('s1'), { rule: 'own-code', expiresAt: now + 60_000 });
    const raced = await Promise.all(['a', 'b', 'c', 'd'].map((r) => store.pins.pin('s2', r, '2026-01-01T00:00:00.000Z', now + 90_000)));
    assert.equal(new Set(raced).size, 1, 'concurrent pins agree on one rule');
    assert.equal((await store.pins.get('s2'))?.rule, raced[0]);
    await store.pins.extend('s1', now + 200_000);
    assert.equal((await store.pins.get('s1'))?.expiresAt, now + 200_000);
    await store.pins.extend('s3', now + 200_000);
    assert.equal(await store.pins.get('s3'), undefined, 'extend does not create a pin');
    if (target.selfExpiring) return;
    await store.pins.prune(now + 100_000);
    assert.equal(await store.pins.get('s2'), undefined);
    assert.ok(await store.pins.get('s1'));
  });

  it('meta: get and set (overwrite)', async (store) => {
    assert.equal(await store.meta.get('k'), undefined);
    await store.meta.set('k', 'v1');
    await store.meta.set('k', 'v2');
    assert.equal(await store.meta.get('k'), 'v2');
    assert.match((await store.meta.get('created_at')) ?? '', /^\d{4}-/);
  });

  test(`${target.name}: two instances appending at once form one chain that verifies; their counters admit exactly N together`, { skip: target.skip || (target.another ? false : 'one instance per database') }, async () => {
    const one = await target.fresh();
    const two = await target.another!(one);
    try {
      const writes: Array<Promise<unknown>> = [];
      for (let i = 1; i <= 60; i++) writes.push(appendEvent((i % 2 === 0 ? one : two).audit, event(i)));
      await Promise.all(writes);
      const result = await verifyTrail(one.audit.range(0), [], []);
      assert.equal(result.ok, true, result.problem?.detail);
      assert.equal(result.events, 60);
      assert.equal((await two.audit.head()).hash, result.headHash);

      const key = { rule: 'rpm', subject: 'team:pay', metric: 'requests' as const, period: 5 };
      const check = { terms: [{ key, weight: 1 }], cost: 1, limit: 25 };
      const admitted = await Promise.all(Array.from({ length: 80 }, (_, i) => (i % 2 === 0 ? one : two).counters.checkAndAdd([check], [{ key, amount: 1 }])));
      assert.equal(admitted.filter((r) => r.admitted).length, 25);
    } finally {
      await two.close();
      await one.close();
    }
  });
}
