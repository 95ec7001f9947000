import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseWorkers, defaultWorkers, IN_THREAD_MAX_BYTES, IN_THREAD_MAX_FILES } from './worker-count.ts';

function tree(files: number, size: number): string {
  const root = mkdtempSync(join(tmpdir(), 'sekisho-test-workers-'));
  mkdirSync(join(root, 'sub'));
  for (let i = 0; i < files; i++) writeFileSync(join(root, i % 2 === 0 ? 'sub' : '.', `f${i}.txt`), 'x'.repeat(size));
  return root;
}

test('a small directory, a few files or standard input are scanned in the main thread', () => {
  const root = tree(10, 100);
  try {
    assert.equal(chooseWorkers([root], '/', 8), 0);
    assert.equal(chooseWorkers([join(root, 'f1.txt'), '-'], '/', 8), 0);
    assert.equal(chooseWorkers(['-'], '/', 8), 0);
    assert.equal(chooseWorkers([join(root, 'missing')], '/', 8), 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('more files than the bound, or more bytes, use the default workers', () => {
  const many = tree(IN_THREAD_MAX_FILES + 1, 10);
  const large = tree(2, IN_THREAD_MAX_BYTES / 2 + 1);
  try {
    assert.equal(chooseWorkers([many], '/', 8), 7);
    assert.equal(chooseWorkers([large], '/', 8), 7);
    // Spread over several paths, counted together.
    assert.equal(chooseWorkers([join(large, 'f1.txt'), join(large, 'sub', 'f0.txt')], '/', 4), 3);
    assert.equal(chooseWorkers([many], '/', 1), 1);
  } finally {
    rmSync(many, { recursive: true, force: true });
    rmSync(large, { recursive: true, force: true });
  }
});

test('files the walk leaves out (.gitignore, the excluded report) are not counted', () => {
  const root = tree(IN_THREAD_MAX_FILES + 1, 10);
  try {
    writeFileSync(join(root, '.gitignore'), 'sub/\n');
    assert.equal(chooseWorkers([root], '/', 8), 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('default workers: all cores but one, at least one', () => {
  assert.deepEqual([1, 2, 4, 16].map(defaultWorkers), [1, 1, 3, 15]);
});
