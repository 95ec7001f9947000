import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteVaultTable } from '../store/sqlite/shared-vault.ts';
import { SharedVault } from './cluster-vault.ts';

const SECRET = 'ghp_SharedVaultTestSecretValue0123456789';

function withDir(body: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-vault-'));
  try {
    body(join(dir, 'vault.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a value put through one process\'s vault is restored through another on the same file and key', () => {
  withDir((path) => {
    const key = randomBytes(32);
    const a = SqliteVaultTable.open(path);
    const b = SqliteVaultTable.open(path);
    try {
      assert.equal(new SharedVault(a, key).put('key:alice:h:session-id:s1', 'REDACTED_X_1', SECRET), true);
      const view = new SharedVault(b, key).open('key:alice:h:session-id:s1');
      assert.deepEqual(view?.placeholders, ['REDACTED_X_1']);
      assert.equal(view?.get('REDACTED_X_1'), SECRET);
      assert.equal(new SharedVault(b, key).open('key:bob:h:session-id:s1'), undefined, 'another conversation sees nothing');
      // Under another key (a restarted primary) nothing opens.
      assert.equal(new SharedVault(b, randomBytes(32)).open('key:alice:h:session-id:s1'), undefined);
    } finally {
      a.close();
      b.close();
    }
    const bytes = readFileSync(path).toString('latin1') + (() => {
      try {
        return readFileSync(path + '-wal').toString('latin1');
      } catch {
        return '';
      }
    })();
    assert.ok(!bytes.includes(SECRET), 'the value is sealed');
    assert.ok(!bytes.includes('alice') && !bytes.includes('session-id'), 'the conversation is named by an HMAC');
  });
});

test('limits and expiry as the in-memory vault: values per conversation, time to live, conversations kept', () => {
  withDir((path) => {
    const table = SqliteVaultTable.open(path);
    try {
      const vault = new SharedVault(table, randomBytes(32), { ttlMs: 1_000, maxValuesPerConversation: 2, maxConversations: 3 });
      assert.equal(vault.put('c', 'P1', 'v1', 0), true);
      assert.equal(vault.put('c', 'P2', 'v2', 0), true);
      assert.equal(vault.put('c', 'P1', 'v1', 0), true, 'known placeholder: nothing changes');
      assert.equal(vault.put('c', 'P3', 'v3', 0), false, 'full');
      assert.equal(vault.open('c', 900)?.get('P2'), 'v2');
      // open moved the expiry to 1900
      assert.equal(vault.open('c', 1_800)?.get('P1'), 'v1');
      assert.equal(vault.open('c', 5_000), undefined, 'expired');
      assert.equal(vault.put('c', 'P3', 'v3', 5_000), true, 'an expired conversation starts empty');
      assert.deepEqual(vault.open('c', 5_001)?.placeholders, ['P3']);
      for (const conv of ['d', 'e', 'f']) vault.put(conv, 'P', 'v', 5_010);
      table.prune(5_020, 3);
      assert.equal(table.size, 3);
      assert.equal(vault.open('c', 5_030), undefined, 'the least recently used conversation went first');
    } finally {
      table.close();
    }
  });
});
