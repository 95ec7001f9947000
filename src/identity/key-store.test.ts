import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/open-store.ts';
import { hashKey, KeyStore } from './key-store.ts';
import { generateKey } from './key-format.ts';
import { base62, crc32 } from '../util/checksum.ts';

async function withStore(fn: (keys: KeyStore, db: ReturnType<typeof openStore>['db']) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-keys-'));
  const store = openStore(dir);
  try {
    await fn(new KeyStore(store.keys), store.db);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('create stores only the hash; verify finds the record', async () => {
  await withStore(async (keys, db) => {
    const { key, record } = await keys.create({ user: 'alice@example.com', team: 'payments', groups: ['dev', 'dev', 'oncall'] });
    assert.deepEqual(record.groups, ['dev', 'oncall']);
    assert.equal(record.admin, false);
    const row = db.prepare('SELECT * FROM api_keys').get() as Record<string, unknown>;
    assert.ok(!JSON.stringify(Object.values(row).map(String)).includes(key.slice(4)), 'the key text is not stored');
    assert.deepEqual(Buffer.from(row.hash as Uint8Array), hashKey(key));
    const check = await keys.verify(key);
    assert.ok(check.ok);
    assert.equal(check.record.user, 'alice@example.com');
    assert.equal(check.record.team, 'payments');
  });
});

test('unknown, malformed, checksum-broken, revoked and expired keys are told apart', async () => {
  await withStore(async (keys) => {
    const { key, record } = await keys.create({ user: 'bob' });
    assert.deepEqual(await keys.verify('sk-local'), { ok: false, reason: 'malformed' });
    assert.deepEqual(await keys.verify(key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a')), { ok: false, reason: 'checksum' });
    const now = new Date();
    // A well-formed key with a valid checksum that was never issued.
    const stranger = generateKey().key;
    assert.deepEqual(await keys.verify(stranger), { ok: false, reason: 'unknown' });
    assert.equal(await keys.revoke(record.id, now), 'revoked');
    assert.equal(await keys.revoke(record.id, now), 'already');
    assert.equal(await keys.revoke('nosuchid', now), 'unknown');
    const revoked = await keys.verify(key);
    assert.ok(!revoked.ok && revoked.reason === 'revoked' && revoked.id === record.id && revoked.record?.user === 'bob', 'a revoked key is refused with its record (for the trail)');
    const soon = await keys.create({ user: 'carol', expiresAt: new Date(now.getTime() + 1000) }, now);
    assert.ok((await keys.verify(soon.key, now)).ok);
    const expired = await keys.verify(soon.key, new Date(now.getTime() + 1000));
    assert.ok(!expired.ok && expired.reason === 'expired' && expired.id === soon.record.id && expired.record?.user === 'carol');
  });
});

test('a key with the right id but a different secret part is unknown (hash compared, not just the id)', async () => {
  await withStore(async (keys) => {
    const { key, record } = await keys.create({ user: 'dave' });
    // Same id (first 8 random characters), different remainder, valid checksum: a forgery attempt.
    const random = record.id + 'Z'.repeat(24);
    const forged = `sks_${random}${base62(crc32(random), 6)}`;
    assert.notEqual(forged, key);
    assert.deepEqual(await keys.verify(forged), { ok: false, reason: 'unknown' });
  });
});

test('list hides revoked and expired keys unless asked; last use is recorded at most once a minute', async () => {
  await withStore(async (keys) => {
    const t0 = new Date('2030-01-01T00:00:00Z');
    const a = await keys.create({ user: 'a', admin: true }, t0);
    const b = await keys.create({ user: 'b' }, t0);
    await keys.revoke(b.record.id, t0);
    assert.deepEqual((await keys.list({}, t0)).map((r) => r.id), [a.record.id]);
    assert.equal((await keys.list({ all: true }, t0)).length, 2);
    await keys.verify(a.key, t0);
    assert.equal((await keys.get(a.record.id))?.lastUsedAt, t0.toISOString());
    await keys.verify(a.key, new Date(t0.getTime() + 30_000));
    assert.equal((await keys.get(a.record.id))?.lastUsedAt, t0.toISOString());
    const later = new Date(t0.getTime() + 61_000);
    await keys.verify(a.key, later);
    assert.equal((await keys.get(a.record.id))?.lastUsedAt, later.toISOString());
  });
});

test('create refuses an empty user and a past expiry', async () => {
  await withStore(async (keys) => {
    await assert.rejects(() => keys.create({ user: ' ' }), /needs a user/);
    await assert.rejects(() => keys.create({ user: 'a', expiresAt: new Date(Date.now() - 1) }), /past/);
  });
});
