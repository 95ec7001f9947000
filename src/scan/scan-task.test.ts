import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAhead, runTask, type ScanTask, type TaskSettings } from './scan-task.ts';

const settings: TaskSettings = { maxFileSize: 64, minConfidence: 'medium', keepLines: false, keepValues: false };

test('readAhead: a file read whole into a buffer of its own; over the limit, unreadable or empty left to the worker', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-read-ahead-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const small = join(dir, 'small.txt');
  writeFileSync(small, 'hello world\n');
  const read = readAhead({ display: 'small.txt', path: small }, settings.maxFileSize);
  assert.ok('bytes' in read && 'path' in read);
  assert.equal(Buffer.from(read.bytes).toString('utf8'), 'hello world\n');
  assert.equal(read.bytes.byteOffset, 0);
  assert.equal(read.bytes.buffer.byteLength, read.bytes.byteLength, 'its own buffer: transferable, no pooled neighbours');
  // Left unchanged: the worker then reports exactly what it reported before read-ahead existed.
  const big = join(dir, 'big.txt');
  writeFileSync(big, 'x'.repeat(65));
  const empty = join(dir, 'empty.txt');
  writeFileSync(empty, '');
  for (const task of [{ display: 'big.txt', path: big }, { display: 'missing', path: join(dir, 'missing') }, { display: 'empty.txt', path: empty }, { display: 'dir', path: dir }]) {
    assert.equal(readAhead(task, settings.maxFileSize), task, task.display);
  }
  const stdin: ScanTask = { display: 'stdin', bytes: new Uint8Array([104, 105]) };
  assert.equal(readAhead(stdin, settings.maxFileSize), stdin);
});

test('a task read ahead gives the same result as the worker reading the file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-read-ahead-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cases: Array<[string, string | Uint8Array]> = [['text.txt', 'a = 1\n'], ['bin.dat', new Uint8Array([1, 0, 2])], ['big.txt', 'y'.repeat(100)]];
  for (const [name, content] of cases) {
    const path = join(dir, name);
    writeFileSync(path, content);
    const task = { display: name, path };
    assert.deepEqual(runTask(readAhead(task, settings.maxFileSize), [], settings), runTask(task, [], settings), name);
  }
  assert.deepEqual(runTask(readAhead({ display: 'gone', path: join(dir, 'gone') }, 64), [], settings), { kind: 'error', message: 'no such file or directory' });
});
