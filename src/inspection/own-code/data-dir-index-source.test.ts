import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../store/open-store.ts';
import { DataDirIndexSource, watchIndexFile } from './data-dir-index-source.ts';
import { reloadingOwnCodeDetector, type IndexChangeFeed, type LoadedIndex } from './index-source.ts';
import { OwnCodeStore } from './store/own-code-store.ts';
import { registerRepository } from './store/register-repository.ts';
import { INDEX_FILE_NAME, rebuildIndexFile } from './store/rebuild-index.ts';
import { readIndexGeneration, recordIndexBuild } from './store/index-generation.ts';
import { syncRepository } from './store/sync-repository.ts';
import { createLogger } from '../../log.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const py = readFileSync(new URL('acme-billing/ledger.py', FIXTURES), 'utf8');
const snippet = py.split('\n').slice(32, 62).join('\n');

/** A feed the test fires by hand: what a shared store's pub/sub would be. */
function manualFeed(): IndexChangeFeed & { fire(): void; subscribers(): number } {
  const listeners = new Set<() => void>();
  return {
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    close: () => listeners.clear(),
    fire: () => listeners.forEach((l) => l()),
    subscribers: () => listeners.size,
  };
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'own-code-source-'));
  const root = join(dir, 'acme');
  mkdirSync(root);
  writeFileSync(join(root, 'ledger.py'), py);
  const { db, close } = openStore(dir);
  const store = new OwnCodeStore(db);
  const path = join(dir, INDEX_FILE_NAME);
  const logged: string[] = [];
  const log = createLogger({ level: 'info', format: 'json', write: (line) => logged.push(line) });
  const feed = manualFeed();
  const open = () => DataDirIndexSource.open({ path, readGeneration: () => readIndexGeneration(db), log, feed });
  const index = () => {
    const repo = registerRepository(store, root, 'own', undefined, new Date().toISOString());
    syncRepository(store, repo, { includeGenerated: false, maxFileSize: 1_000_000 });
    return rebuildIndexFile(store, path);
  };
  const garbage = () => {
    writeFileSync(`${path}.tmp`, 'not an index, but long enough to have a header: ' + 'x'.repeat(100));
    renameSync(`${path}.tmp`, path);
  };
  return { dir, db, store, path, logged, feed, open, index, garbage, cleanup: () => (close(), rmSync(dir, { recursive: true, force: true })) };
}

test('loads what each build writes, names its generation, swaps atomically, unloads when nothing is indexed', async () => {
  const s = setup();
  try {
    const source = await s.open();
    const detector = reloadingOwnCodeDetector(source);
    const swaps: Array<LoadedIndex | undefined> = [];
    source.subscribe((c) => swaps.push(c));
    source.start();
    assert.equal(s.feed.subscribers(), 1, 'listening to the feed');
    assert.equal(source.status().state, 'none');
    assert.deepEqual(detector.scan(snippet), [], 'no index: nothing found');

    const built = s.index();
    assert.equal(built.generation.generation, 1);
    assert.equal(await source.reload(), true);
    assert.equal(swaps.length, 1);
    const first = source.current!;
    assert.equal(first.generation, 1, 'the hash of the bytes read matches the store record');
    assert.equal(first.sha256, built.generation.sha256);
    assert.equal(first.files, 1);
    assert.match(first.loadedAt, /^\d{4}-\d\d-\d\dT/);
    const found = detector.scan(snippet);
    assert.equal(found.length, 1);
    assert.match(found[0]!.description ?? '', /^acme:ledger\.py:L\d+-L\d+/);
    assert.equal(await source.reload(), false, 'unchanged file: no reload');

    // A second build (same content): a new file, a new generation, a new object in force.
    s.index();
    assert.equal(await source.reload(), true);
    assert.equal(source.current!.generation, 2);
    assert.notEqual(source.current, first);
    assert.equal(source.status().loads, 2);

    // `index rm` of the last repository: the file is removed and the record says nothing is indexed.
    s.store.removeRepo('acme');
    rebuildIndexFile(s.store, s.path);
    assert.equal(await source.reload(), true);
    assert.equal(source.current, undefined);
    assert.deepEqual(source.status().state, 'none');
    assert.equal(source.status().generation, 3);
    assert.deepEqual(detector.scan(snippet), []);
    assert.equal(swaps.length, 3);
    assert.equal(swaps[2], undefined);
    source.close();
    assert.equal(s.feed.subscribers(), 0);
  } finally {
    s.cleanup();
  }
});

test('a version that fails to load leaves the previous index in force, logged and in the status, until a good one', async () => {
  const s = setup();
  try {
    s.index();
    const source = await s.open();
    const detector = reloadingOwnCodeDetector(source);
    assert.equal(source.current?.generation, 1);
    s.garbage();
    assert.equal(await source.reload(), false);
    assert.equal(source.current?.generation, 1, 'the old index stays');
    assert.equal(detector.scan(snippet).length, 1, 'and still detects');
    const status = source.status();
    assert.equal(status.state, 'loaded');
    assert.match(status.lastError?.message ?? '', /own-code index .*: not an index file \(bad magic\)/);
    assert.ok(s.logged.some((l) => l.includes('own-code index not loaded')), 'logged');
    assert.equal(await source.reload(), false, 'the same bad file is not read again');

    // The file deleted by hand while the store still records an index: a failure, the old one stays.
    rmSync(s.path);
    assert.equal(await source.reload(), false);
    assert.equal(source.current?.generation, 1);
    assert.match(source.status().lastError?.message ?? '', /missing, but generation 1 \(1 files\) was built/);

    s.index();
    assert.equal(await source.reload(), true);
    assert.equal(source.current?.generation, 2);
    assert.equal(source.status().lastError, undefined, 'a good load clears the error');
    source.close();
  } finally {
    s.cleanup();
  }
});

test('fail closed: no start with an unloadable index; with none loadable at run time own-code inspection throws', async () => {
  const s = setup();
  try {
    s.garbage();
    await assert.rejects(s.open(), /not an index file/);
    s.index();
    rmSync(s.path);
    await assert.rejects(s.open(), /is missing, but generation 1/);

    // Started with nothing indexed; the first index written is unreadable: requests must not pass uninspected.
    s.store.removeRepo('acme');
    rebuildIndexFile(s.store, s.path);
    const source = await s.open();
    const detector = reloadingOwnCodeDetector(source);
    assert.deepEqual(detector.scan(snippet), []);
    // A first build's record lands before its file: pending, not a failure.
    recordIndexBuild(s.db, { builtAt: new Date().toISOString(), sha256: 'f'.repeat(32), files: 1 });
    assert.equal(await source.reload(), false);
    assert.equal(source.status().state, 'none');
    assert.equal(source.status().generation, null);
    assert.equal(source.status().latestGeneration, 3);
    assert.deepEqual(detector.scan(snippet), []);
    // A build that died between its record and its file: pending for a while, then a failure (requests
    // refused), not "nothing indexed" for good.
    recordIndexBuild(s.db, { builtAt: new Date(Date.now() - 2 * 60_000).toISOString(), sha256: 'e'.repeat(32), files: 1 });
    assert.equal(await source.reload(), false);
    assert.equal(source.status().state, 'failed');
    assert.match(source.status().lastError?.message ?? '', /is missing, but generation 4/);
    assert.throws(() => detector.scan('anything'), /own-code index could not be loaded/);
    s.garbage();
    assert.equal(await source.reload(), false);
    assert.equal(source.status().state, 'failed');
    assert.throws(() => detector.scan('anything'), /own-code index could not be loaded: .*bad magic/);
    s.index();
    assert.equal(await source.reload(), true);
    assert.equal(detector.scan(snippet).length, 1);
    source.close();
  } finally {
    s.cleanup();
  }
});

test('the data-directory feed reports a renamed index file at once (no waiting for the poll)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'own-code-feed-'));
  const path = join(dir, INDEX_FILE_NAME);
  const feed = watchIndexFile(path, 60_000);
  try {
    let fired = 0;
    feed.subscribe(() => fired++);
    writeFileSync(join(dir, 'unrelated.txt'), 'x');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(fired, 0, 'other files do not count');
    writeFileSync(`${path}.1.tmp`, 'x');
    renameSync(`${path}.1.tmp`, path);
    const until = Date.now() + 5000;
    while (fired === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    assert.ok(fired >= 1, 'fired after the rename');
  } finally {
    feed.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
