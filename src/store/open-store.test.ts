import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, schemaVersion } from './open-store.ts';

test('creates the database, applies migrations once, and reopens without re-applying', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-store-'));
  try {
    const first = openStore(dir);
    const version = first.db.prepare('PRAGMA user_version').get() as { user_version: number };
    assert.equal(version.user_version, schemaVersion);
    const created = first.db.prepare(`SELECT value FROM meta WHERE key = 'created_at'`).get() as { value: string };
    first.close();
    const second = openStore(dir);
    const again = second.db.prepare(`SELECT value FROM meta WHERE key = 'created_at'`).get() as { value: string };
    assert.equal(again.value, created.value, 'first-start metadata is kept');
    second.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
