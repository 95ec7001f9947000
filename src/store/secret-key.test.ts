import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSecretKey } from './secret-key.ts';

test('the secret key is created once, owner-only, and stable across restarts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-key-'));
  try {
    const first = loadSecretKey(dir);
    assert.equal(first.length, 32);
    assert.deepEqual(loadSecretKey(dir), first);
    assert.equal((await stat(join(dir, 'keys', 'secret.key'))).mode & 0o777, 0o600);
    await writeFile(join(dir, 'keys', 'secret.key'), 'short');
    assert.throws(() => loadSecretKey(dir), /must hold 32 bytes/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
