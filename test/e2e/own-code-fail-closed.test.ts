/**
 * Own-code inspection fails closed in the gateway: started with nothing indexed, then given an index
 * file that cannot be loaded, every model request is refused (the inspector fails) and /readyz says
 * not ready, until a good index loads — then the same request passes and a snippet of the indexed code
 * is found. Also: an unreadable index is logged once, not at every poll.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store.ts';
import { createLogger } from '../../src/log.ts';
import { DataDirIndexSource } from '../../src/inspection/own-code/data-dir-index-source.ts';
import { reloadingOwnCodeDetector } from '../../src/inspection/own-code/index-source.ts';
import { OwnCodeStore } from '../../src/inspection/own-code/store/own-code-store.ts';
import { registerRepository } from '../../src/inspection/own-code/store/register-repository.ts';
import { INDEX_FILE_NAME, rebuildIndexFile } from '../../src/inspection/own-code/store/rebuild-index.ts';
import { readIndexGeneration } from '../../src/inspection/own-code/store/index-generation.ts';
import { syncRepository } from '../../src/inspection/own-code/store/sync-repository.ts';
import { startHarness, requestLogs, settled, OPERATOR_HEADERS } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';

const py = readFileSync(new URL('../../src/inspection/own-code/fixtures/acme-billing/ledger.py', import.meta.url), 'utf8');
const snippet = py.split('\n').slice(32, 62).join('\n');

test('no loadable index while one exists: requests refused and not ready; a good index restores service', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-owncode-closed-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  mkdirSync(join(dir, 'acme'));
  writeFileSync(join(dir, 'acme', 'ledger.py'), py);
  const store = openStore(dataDir);
  const path = join(dataDir, INDEX_FILE_NAME);
  const logged: string[] = [];
  const source = await DataDirIndexSource.open({
    path,
    readGeneration: () => readIndexGeneration(store.db),
    log: createLogger({ level: 'info', format: 'json', write: (l) => logged.push(l) }),
    pollMs: 60_000,
  });
  const h = await startHarness({ inspection: 'report', detectors: [reloadingOwnCodeDetector(source)], ownCode: source, dataDir });
  try {
    const ask = (text: string) => post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: text }] });
    assert.equal((await ask('hello')).status, 200, 'nothing indexed: requests pass');
    assert.equal((await fetch(`${h.url}/readyz`)).status, 200);

    writeFileSync(`${path}.tmp`, 'x'.repeat(200));
    renameSync(`${path}.tmp`, path);
    assert.equal(await source.reload(), false);
    const refused = await ask('hello');
    assert.equal(refused.status, 500);
    assert.equal((refused.json as { error: { code: string } }).error.code, 'SEKISHO_ERR_INSPECTION_FAILED');
    assert.equal(h.fake.requests.length, 1, 'the refused request never reached the backend');
    assert.equal((await fetch(`${h.url}/readyz`)).status, 503, 'not ready while own-code inspection has failed');
    const health = (await (await fetch(`${h.url}/healthz`, { headers: OPERATOR_HEADERS })).json()) as { ownCode: { state: string; lastError?: { message: string } } };
    assert.equal(health.ownCode.state, 'failed');
    assert.match(health.ownCode.lastError?.message ?? '', /bad magic/);

    // A directory where the file should be: an error at every check, logged once.
    rmSync(path);
    mkdirSync(path);
    for (let i = 0; i < 3; i++) await source.reload();
    assert.equal(logged.filter((l) => l.includes('own-code index not loaded') && l.includes('EISDIR')).length, 1);
    rmSync(path, { recursive: true });

    const own = new OwnCodeStore(store.db);
    syncRepository(own, registerRepository(own, join(dir, 'acme'), 'own', undefined, new Date().toISOString()), { includeGenerated: false, maxFileSize: 1_000_000 });
    rebuildIndexFile(own, path);
    assert.equal(await source.reload(), true);
    assert.equal((await ask('hello')).status, 200);
    assert.equal((await fetch(`${h.url}/readyz`)).status, 200);
    const before = requestLogs(h).length;
    assert.equal((await ask(`Is this right?\n\n${snippet}`)).status, 200, 'report mode: found, not blocked');
    await settled(h);
    const line = requestLogs(h)[before] as { ownCode?: string[] };
    assert.match(line.ownCode?.[0] ?? '', /^acme:ledger\.py:L\d+-L\d+$/);
  } finally {
    await h.close();
    source.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
