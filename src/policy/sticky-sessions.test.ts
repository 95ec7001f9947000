import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/open-store.ts';
import { InstallationKeyMismatch, StickySessions } from './sticky-sessions.ts';

async function withStore(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-sticky-unit-'));
  try {
    await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const key = Buffer.alloc(32, 3);

test('a pin holds, slides with use, expires after the TTL', async () => {
  await withStore(async (dir) => {
    const store = openStore(dir);
    let now = 1_000_000;
    const sticky = new StickySessions({ pins: store.pins, hashKey: key, ttlMs: 1000, maxSessions: 10, now: () => now });
    assert.equal(await sticky.get('alice:h:x-session-id:1'), undefined);
    await sticky.pin('alice:h:x-session-id:1', 'own-code');
    assert.deepEqual(await sticky.get('alice:h:x-session-id:1'), { rule: 'own-code' });
    assert.equal(await sticky.get('bob:h:x-session-id:1'), undefined, 'scoped to the principal (part of the key)');
    now += 800; // past half the TTL: the hit extends the pin
    assert.ok(await sticky.get('alice:h:x-session-id:1'));
    now += 800;
    assert.ok(await sticky.get('alice:h:x-session-id:1'), 'still pinned: the last use extended it');
    now += 1001;
    assert.equal(await sticky.get('alice:h:x-session-id:1'), undefined, 'expired');
    store.close();
  });
});

test('two instances on one store: a pin the other instance extended is not taken as expired from this one\'s cache', async () => {
  await withStore(async (dir) => {
    const store = openStore(dir);
    let now = 1_000_000;
    const options = { pins: store.pins, hashKey: key, ttlMs: 1000, maxSessions: 10, now: () => now };
    const one = new StickySessions(options);
    const two = new StickySessions(options);
    await one.pin('alice:h:x-session-id:1', 'own-code'); // cached in one: expires at +1000
    now += 600;
    assert.ok(await two.get('alice:h:x-session-id:1'), 'read from the store, extended there to +1600');
    now += 600; // +1200: one's cached copy says expired, the store says pinned
    assert.deepEqual(await one.get('alice:h:x-session-id:1'), { rule: 'own-code' });
    store.close();
  });
});

test('pins are in the database: memory eviction and restarts never unpin; session ids are stored as HMACs', async () => {
  await withStore(async (dir) => {
    const store = openStore(dir);
    const sticky = new StickySessions({ pins: store.pins, hashKey: key, ttlMs: 60_000, maxSessions: 2 });
    for (let i = 0; i < 5; i++) await sticky.pin(`p:h:session-id:s${i}`, `rule-${i}`);
    assert.equal(sticky.cached, 2);
    assert.deepEqual(await sticky.get('p:h:session-id:s0'), { rule: 'rule-0' }, 'evicted from memory, found in the database');
    await sticky.pin('p:h:session-id:s0', 'later-rule');
    assert.deepEqual(await sticky.get('p:h:session-id:s0'), { rule: 'rule-0' }, 'the rule that first pinned it is kept');
    for (let i = 1; i < 4; i++) await sticky.get(`p:h:session-id:s${i}`); // evict s0 from memory again
    await sticky.pin('p:h:session-id:s0', 'another-rule');
    assert.deepEqual(await sticky.get('p:h:session-id:s0'), { rule: 'rule-0' }, 'also when it was no longer cached');
    const rows = (store.db.prepare('SELECT session FROM policy_sticky_sessions').all() as Array<{ session: string }>);
    assert.equal(rows.length, 5);
    assert.ok(rows.every((r) => /^[0-9a-f]{40}$/.test(r.session)), 'no raw session ids at rest');
    store.close();

    const reopened = openStore(dir);
    const again = new StickySessions({ pins: reopened.pins, hashKey: key, ttlMs: 60_000, maxSessions: 2 });
    assert.deepEqual(await again.get('p:h:session-id:s3'), { rule: 'rule-3' });
    reopened.close();
  });
});

test('shared pins: an instance with another installation key refuses to read or pin (it would name sessions differently)', async () => {
  await withStore(async (dir) => {
    const store = openStore(dir);
    const a = new StickySessions({ pins: store.pins, hashKey: key, ttlMs: 60_000, maxSessions: 10 });
    const b = new StickySessions({ pins: store.pins, hashKey: Buffer.alloc(32, 9), ttlMs: 60_000, maxSessions: 10 });
    a.requireSharedKey();
    b.requireSharedKey();
    await a.pin('alice:h:x-session-id:9', 'own-code');
    await assert.rejects(b.get('alice:h:x-session-id:9'), InstallationKeyMismatch);
    await assert.rejects(b.pin('alice:h:x-session-id:9', 'pii'), InstallationKeyMismatch);
    assert.deepEqual(await a.get('alice:h:x-session-id:9'), { rule: 'own-code' });
    store.close();
  });
});

test('a session pinned under all its names is found under any one of them; the first pin rule is kept', async () => {
  await withStore(async (dir) => {
    const store = openStore(dir);
    const sticky = new StickySessions({ pins: store.pins, hashKey: key, ttlMs: 60_000, maxSessions: 10 });
    await sticky.pinAll(['p:h:x-session-id:1', 'p:c:abc', 'p:h:1'], 'own-code');
    for (const name of ['p:h:x-session-id:1', 'p:c:abc', 'p:h:1']) assert.deepEqual(await sticky.getAny(['p:h:x-session-id:2', name]), { rule: 'own-code' });
    assert.equal(await sticky.getAny(['p:h:x-session-id:2', 'p:c:other', 'q:c:abc']), undefined);
    await sticky.pinAll(['p:c:abc', 'p:h:new'], 'pii');
    assert.deepEqual(await sticky.getAny(['p:h:new']), { rule: 'pii' }, 'a new name gets the rule it was pinned with');
    assert.deepEqual(await sticky.getAny(['p:c:abc']), { rule: 'own-code' }, 'set-if-absent: the first rule stays');
    store.close();
  });
});
