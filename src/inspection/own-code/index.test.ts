import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OwnCodeIndexBuilder } from './index-builder.ts';
import { decodeIndex, loadIndexFile, writeIndexFile } from './index-file.ts';
import { createOwnCodeDetector } from './own-code-detector.ts';
import { lookupText } from './lookup.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const read = (p: string): string => readFileSync(new URL(p, FIXTURES), 'utf8');
const go = read('acme-billing/invoice.go');
const py = read('acme-billing/ledger.py');
const sql = read('acme-billing/schema.sql');
const snippet = go.split('\n').slice(45, 60).join('\n');

/** A 20-line helper many generated files carry: an idiom of the codebase, not evidence. */
const HELPER = `func retryWithBackoff(ctx context.Context, attempts int, fn func() error) error {
	delay := 50 * time.Millisecond
	var last error
	for i := 0; i < attempts; i++ {
		if err := fn(); err == nil {
			return nil
		} else {
			last = err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
		delay *= 2
		if delay > 5*time.Second {
			delay = 5 * time.Second
		}
	}
	return fmt.Errorf("after %d attempts: %w", attempts, last)
}`;

test('incremental: unchanged files are skipped, changed ones replaced, missing ones removed', () => {
  const b = new OwnCodeIndexBuilder();
  assert.deepEqual(b.syncRepository('acme', [{ path: 'a.go', content: go }, { path: 'l.py', content: py }]), { added: 2, updated: 0, unchanged: 0, removed: 0 });
  const before = b.build();
  assert.equal(lookupText(before, snippet).length, 1);
  assert.deepEqual(b.syncRepository('acme', [{ path: 'a.go', content: go.replace('TaxCents', 'Tax') }, { path: 's.sql', content: sql }]), { added: 1, updated: 1, unchanged: 0, removed: 1 });
  assert.deepEqual(b.syncRepository('acme', [{ path: 'a.go', content: go.replace('TaxCents', 'Tax') }, { path: 's.sql', content: sql }]), { added: 0, updated: 0, unchanged: 2, removed: 0 });
  const after = b.build();
  assert.deepEqual(after.files.map((f) => f.path), ['a.go', 's.sql']);
  assert.equal(lookupText(after, py.split('\n').slice(32, 62).join('\n')).length, 0, 'removed file no longer found');
  assert.equal(lookupText(after, snippet)[0]?.file.path, 'a.go');
});

test('pruning: a fingerprint in more than maxFiles files is dropped', () => {
  const b = new OwnCodeIndexBuilder({ maxFiles: 3 });
  b.addFile('acme', 'invoice.go', go);
  for (let i = 0; i < 5; i++) b.addFile('acme', `gen/gen${i}.go`, `package gen\n\n${HELPER}\n\nfunc unique${i}() int { return ${i} }\n`);
  const index = b.build();
  assert.ok(index.stats.prunedStructure > 0);
  const detector = createOwnCodeDetector(index);
  assert.deepEqual(detector.scan(HELPER), []);
  assert.equal(detector.scan(snippet).length, 1);
  const unpruned = new OwnCodeIndexBuilder({ maxFiles: 10 });
  for (let i = 0; i < 5; i++) unpruned.addFile('acme', `gen/gen${i}.go`, `package gen\n\n${HELPER}\n`);
  assert.equal(createOwnCodeDetector(unpruned.build()).scan(HELPER).length, 1, 'below the threshold it is still found');
});

test('commons: fingerprints of the public corpus are subtracted', () => {
  const b = new OwnCodeIndexBuilder();
  b.addFile('acme', 'invoice.go', go);
  b.addFile('acme', 'vendor/helper.go', `package vendor\n\n${HELPER}\n`);
  b.addCommons('upstream/helper.go', HELPER);
  const index = b.build();
  assert.ok(index.stats.commonsSubtracted > 0);
  const detector = createOwnCodeDetector(index);
  assert.deepEqual(detector.scan(HELPER), []);
  assert.equal(detector.scan(snippet).length, 1);
});

test('index file: write → load gives the same answers; views share one buffer; memory per line reported', () => {
  const b = new OwnCodeIndexBuilder();
  b.addFile('acme-billing', 'invoice.go', go);
  b.addFile('acme-billing', 'ledger.py', py);
  b.addFile('acme-billing', 'schema.sql', sql);
  const built = b.build();
  const dir = mkdtempSync(join(tmpdir(), 'own-code-'));
  try {
    const path = join(dir, 'own-code.idx');
    writeIndexFile(path, built);
    const loaded = loadIndexFile(path);
    assert.ok(loaded.structure.hi.buffer instanceof SharedArrayBuffer);
    assert.equal(loaded.structure.hi.buffer, loaded.identifiers.lines.buffer);
    assert.deepEqual(loaded.files, built.files);
    assert.deepEqual(loaded.options, built.options);
    assert.deepEqual(loaded.stats, built.stats);
    const prompt = `look:\n${snippet}\n\n${py.split('\n').slice(40, 70).join('\n')}`;
    assert.deepEqual(lookupText(loaded, prompt), lookupText(built, prompt));
    assert.equal(lookupText(loaded, prompt).length, 2);
    const copy = decodeIndex(loaded.bytes.buffer.slice(0));
    assert.deepEqual(lookupText(copy, prompt), lookupText(built, prompt));
    const perLine = loaded.bytesPerLine();
    assert.ok(perLine > 0);
    console.log(`# fixture index: ${loaded.bytes.byteLength} bytes, ${perLine.toFixed(0)} bytes/line (fixed 512 KiB bucket tables dominate tiny indexes)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a corrupt or foreign file is refused', () => {
  assert.throws(() => decodeIndex(new ArrayBuffer(8)), /too short/);
  assert.throws(() => decodeIndex(new ArrayBuffer(64)), /bad magic/);
  const good = new OwnCodeIndexBuilder().build();
  assert.throws(() => decodeIndex(good.bytes.buffer.slice(0, good.bytes.byteLength - 4)), /size/);
  const old = good.bytes.buffer.slice(0);
  new Uint32Array(old)[1] = 1; // format 1: identifier channel without literals and line hashes
  assert.throws(() => decodeIndex(old), /format version 1, this build reads 3: rebuild it \(sekisho index add/);
});

test('find: every indexed fingerprint is found, absent ones are not', () => {
  const b = new OwnCodeIndexBuilder();
  b.addFile('r', 'a.go', go);
  b.addFile('r', 'b.py', py);
  const index = b.build();
  const t = index.structure;
  for (let e = 0; e < t.count; e++) {
    const [a, z] = index.find(t, t.hi[e] ?? 0, t.lo[e] ?? 0);
    assert.ok(a <= e && e < z);
  }
  assert.deepEqual(index.find(t, 0x12345678, 0x9abcdef0), [index.find(t, 0x12345678, 0x9abcdef0)[0], index.find(t, 0x12345678, 0x9abcdef0)[0]]);
});
