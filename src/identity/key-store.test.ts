import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/open-store.ts';
import { hashKey, KeyStore } from './key-store.ts';
import { generateKey } from './key-format.ts';
import { base62, crc32 } from '../util/checksum.ts';

function withStore(fn: (keys: KeyStore, db: ReturnType<typeof openStore>['db']) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-keys-'));
  const store = openStore(dir);
  try {
    fn(new KeyStore(store.db), store.db);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('create stores only the hash; verify finds the record', () => {
  withStore((keys, db) => {
    const { key, record } = keys.create({ user: 'alice@example.com', team: 'payments', groups: ['dev', 'dev', 'oncall'] });
    assert.deepEqual(record.groups, ['dev', 'oncall']);
    assert.equal(record.admin, false);
    const row = db.prepare('SELECT * FROM api_keys').get() as Record<string, unknown>;
    assert.ok(!JSON.stringify(Object.values(row).map(String)).includes(key.slice(4)), 'the key text is not stored');
    assert.deepEqual(Buffer.from(row.hash as Uint8Array), hashKey(key));
    const check = keys.verify(key);
    assert.ok(check.ok);
    assert.equal(check.record.user, 'alice@example.com');
    assert.equal(check.record.team, 'payments');
  });
});

test('unknown, malformed, checksum-broken, revoked and expired keys are told apart', () => {
  withStore((keys) => {
    const { key, record } = keys.create({ user: 'bob' });
    assert.deepEqual(keys.verify('sk-local'), { ok: false, reason: 'malformed' });
    assert.deepEqual(keys.verify(key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a')), { ok: false, reason: 'checksum' });
    const now = new Date();
    // A well-formed key with a valid checksum that was never issued.
    const stranger = generateKey().key;
    assert.deepEqual(keys.verify(stranger), { ok: false, reason: 'unknown' });
    assert.equal(keys.revoke(record.id, now), 'revoked');
    assert.equal(keys.revoke(record.id, now), 'already');
    assert.equal(keys.revoke('nosuchid', now), 'unknown');
    const revoked = keys.verify(key);
    assert.ok(!revoked.ok && revoked.reason === 'revoked' && revoked.id === record.id && revoked.record?.user === 'bob', 'a revoked key is refused with its record (for the trail)');
    const soon = keys.create({ user: 'carol', expiresAt: new Date(now.getTime() + 1000) }, now);
    assert.ok(keys.verify(soon.key, now).ok);
    const expired = keys.verify(soon.key, new Date(now.getTime() + 1000));
    assert.ok(!expired.ok && expired.reason === 'expired' && expired.id === soon.record.id && expired.record?.user === 'carol');
  });
});

test('a key with the right id but a different secret part is unknown (hash compared, not just the id)', () => {
  withStore((keys) => {
    const { key, record } = keys.create({ user: 'dave' });
    // Same id (first 8 random characters), different remainder, valid checksum: a forgery attempt.
    const random = record.id + 'Z'.repeat(24);
    const forged = `sks_${random}${base62(crc32(random), 6)}`;
    assert.notEqual(forged, key);
    assert.deepEqual(keys.verify(forged), { ok: false, reason: 'unknown' });
  });
});

test('list hides revoked and expired keys unless asked; last use is recorded at most once a minute', () => {
  withStore((keys) => {
    const t0 = new Date('2030-01-01T00:00:00Z');
    const a = keys.create({ user: 'a', admin: true }, t0);
    const b = keys.create({ user: 'b' }, t0);
    keys.revoke(b.record.id, t0);
    assert.deepEqual(keys.list({}, t0).map((r) => r.id), [a.record.id]);
    assert.equal(keys.list({ all: true }, t0).length, 2);
    keys.verify(a.key, t0);
    assert.equal(keys.get(a.record.id)?.lastUsedAt, t0.toISOString());
    keys.verify(a.key, new Date(t0.getTime() + 30_000));
    assert.equal(keys.get(a.record.id)?.lastUsedAt, t0.toISOString());
    const later = new Date(t0.getTime() + 61_000);
    keys.verify(a.key, later);
    assert.equal(keys.get(a.record.id)?.lastUsedAt, later.toISOString());
  });
});

test('create refuses an empty user and a past expiry', () => {
  withStore((keys) => {
    assert.throws(() => keys.create({ user: ' ' }), /needs a user/);
    assert.throws(() => keys.create({ user: 'a', expiresAt: new Date(Date.now() - 1) }), /past/);
  });
});
