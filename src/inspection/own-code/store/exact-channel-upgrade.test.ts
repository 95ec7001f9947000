import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../store/open-store.ts';
import { createOwnCodeDetector } from '../own-code-detector.ts';
import { OwnCodeStore, paramsKey } from './own-code-store.ts';
import { registerRepository } from './register-repository.ts';
import { INDEX_FILE_NAME, rebuildIndexFile } from './rebuild-index.ts';
import { syncRepository } from './sync-repository.ts';
import { DEFAULT_FINGERPRINT_OPTIONS } from '../fingerprint.ts';

const py = readFileSync(new URL('../fixtures/acme-billing/ledger.py', import.meta.url), 'utf8');

test('files fingerprinted before the exact channel had literals and line hashes are re-lexed at the next rebuild', () => {
  const dir = mkdtempSync(join(tmpdir(), 'own-code-upgrade-'));
  const { db, close } = openStore(dir);
  try {
    const root = join(dir, 'acme');
    mkdirSync(root);
    writeFileSync(join(root, 'ledger.py'), py);
    const store = new OwnCodeStore(db);
    const repo = registerRepository(store, root, 'own', 'billing', 'now');
    syncRepository(store, repo, { includeGenerated: false, maxFileSize: 1_000_000 });
    assert.match(paramsKey(DEFAULT_FINGERPRINT_OPTIONS), /^24\/10\/8\/8\/x3$/);
    // What an older build stored: its params key had no exact-channel version.
    for (const f of [...store.allFiles()]) store.putFile(f.repo.id, { ...f, params: '24/10/8/8', identifiers: new Uint32Array(0) });
    const r = rebuildIndexFile(store, join(dir, INDEX_FILE_NAME));
    assert.deepEqual([r.files, r.refreshed, r.stale], [1, 1, 0]);
    const [stored] = [...store.allFiles()];
    assert.equal(stored?.params, paramsKey(DEFAULT_FINGERPRINT_OPTIONS));
    assert.ok((stored?.identifiers.length ?? 0) > 0, 'exact channel re-made from the file on disk');
    const ten = py.split('\n').slice(37, 47).join('\n');
    assert.equal(createOwnCodeDetector(r.index!).scan(ten)[0]?.ownCode?.path, 'ledger.py');
  } finally {
    close();
    rmSync(dir, { recursive: true, force: true });
  }
});
