import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOrdered, workerBootstrap } from './worker-pool.ts';
import type { ScanWorkerData } from './run-scan.ts';
import type { ScanTask, TaskResult } from './scan-task.ts';
import { defaultInspection } from '../config/defaults.ts';

const script = new URL('./worker-pool.test-worker.ts', import.meta.url);

test('outputs are delivered in input order whatever order the workers finish in', async () => {
  const seen: Array<[number, number, number]> = [];
  const inputs = Array.from({ length: 60 }, (_, n) => ({ n }));
  await runOrdered<{ n: number }, number>({ script, workers: 3, window: 8 }, inputs, (out, input, index) => seen.push([index, input.n, out]));
  assert.deepEqual(seen, inputs.map(({ n }) => [n, n, n * 2]));
});

test('inputs are pulled lazily: never more than the window ahead of delivery', async () => {
  let pulled = 0;
  let delivered = 0;
  let widest = 0;
  function* inputs(): Generator<{ n: number }> {
    for (let n = 0; n < 40; n++) {
      pulled++;
      widest = Math.max(widest, pulled - delivered);
      yield { n };
    }
  }
  await runOrdered<{ n: number }, number>({ script, workers: 2, window: 6 }, inputs(), () => void delivered++);
  assert.equal(delivered, 40);
  assert.ok(widest <= 6, `at most the window in flight, saw ${widest}`);
});

test('buffers named by `transfer` are moved to the worker (detached here), others copied', async () => {
  const inputs = Array.from({ length: 6 }, (_, n) => ({ n, bytes: new Uint8Array([n, 1, 2]) }));
  const sums: number[] = [];
  await runOrdered<{ n: number; bytes: Uint8Array }, number>(
    { script, workers: 2, transfer: (input) => (input.n % 2 === 0 ? [input.bytes.buffer as ArrayBuffer] : []) },
    inputs,
    (sum) => void sums.push(sum),
  );
  assert.deepEqual(sums, inputs.map(({ n }) => n + 3), 'the worker saw every buffer whole');
  assert.deepEqual(inputs.map(({ bytes }) => bytes.byteLength), [0, 3, 0, 3, 0, 3], 'transferred ones are detached, copied ones kept');
});

test('an empty input finishes at once', async () => {
  let calls = 0;
  await runOrdered({ script, workers: 2 }, [], () => void calls++);
  assert.equal(calls, 0);
});

test('a task that throws in its worker fails the whole run, naming the error', async () => {
  const delivered: number[] = [];
  const inputs = [{ n: 1 }, { n: 2, mode: 'throw' as const }, { n: 3 }];
  await assert.rejects(runOrdered<{ n: number }, number>({ script, workers: 2 }, inputs, (out) => delivered.push(out)), /cannot handle 2/);
  assert.ok(!delivered.includes(6), 'nothing after the failed task is delivered');
});

test('a worker that dies fails the run', async () => {
  await assert.rejects(runOrdered({ script, workers: 2 }, [{ n: 1 }, { n: 2, mode: 'exit' }], () => {}), /exited \(code 3\)/);
});

test('a worker module that cannot be loaded fails the run (the bootstrap does not swallow it)', async () => {
  const missing = new URL('./no-such-worker-module.ts', import.meta.url);
  await assert.rejects(runOrdered({ script: missing, workers: 1 }, [{ n: 1 }], () => {}), /worker 0 failed/);
});

test('the worker bootstrap turns the compile cache on before importing the module, and names it exactly', () => {
  const code = workerBootstrap(new URL('file:///x/it\'s "q".ts'));
  assert.ok(code.indexOf('enableCompileCache') < code.indexOf('import('), code);
  assert.ok(code.includes(JSON.stringify('file:///x/it\'s%20%22q%22.ts')), code);
});

test('a deliver callback that throws fails the run', async () => {
  await assert.rejects(
    runOrdered<{ n: number }, number>({ script, workers: 2 }, [{ n: 1 }, { n: 2 }], () => {
      throw new Error('report sink broke');
    }),
    /report sink broke/,
  );
});

test('aborting cancels a run stuck on a task and terminates the workers', async () => {
  const controller = new AbortController();
  const inputs = [{ n: 1 }, { n: 2, mode: 'hang' as const }, { n: 3 }];
  const started = performance.now();
  const run = runOrdered<{ n: number }, number>({ script, workers: 2, signal: controller.signal }, inputs, (out) => {
    if (out === 2) controller.abort(new Error('interrupted by the user'));
  });
  setTimeout(() => controller.abort(new Error('interrupted by the user')), 200).unref();
  await assert.rejects(run, /interrupted by the user/);
  assert.ok(performance.now() - started < 30_000, 'did not wait for the hanging task');
  const aborted = new AbortController();
  aborted.abort(new Error('already cancelled'));
  await assert.rejects(runOrdered({ script, workers: 1, signal: aborted.signal }, [{ n: 1 }], () => {}), /already cancelled/);
});

test('the scan worker: a file that cannot be read is a result, the files around it are scanned', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-pool-'));
  try {
    const key = 'AKIA' + 'Q7ZK4XW5MNB3TRJ2';
    await writeFile(join(dir, 'a.env'), `AWS_ACCESS_KEY_ID=${key}\n`);
    await mkdir(join(dir, 'not-a-file'));
    await writeFile(join(dir, 'c.txt'), 'nothing here\n');
    const workerData: ScanWorkerData = {
      inspection: { ...defaultInspection(), pii: false },
      build: {},
      settings: { maxFileSize: 1_000_000, minConfidence: 'low', keepLines: false, keepValues: false },
    };
    const tasks: ScanTask[] = ['a.env', 'gone.txt', 'not-a-file', 'c.txt'].map((name) => ({ display: name, path: join(dir, name) }));
    tasks.push({ display: 'stdin', bytes: new TextEncoder().encode(`k=${key}\n`) });
    const results: Array<[string, TaskResult]> = [];
    // The scan worker takes batches of files; one file per batch here so both workers get some.
    await runOrdered<ScanTask[], TaskResult[]>({ script: new URL('./scan-worker.ts', import.meta.url), workerData, workers: 2 }, tasks.map((t) => [t]), (rs, batch) => batch.forEach((t, i) => results.push([t.display, rs[i]!])));
    assert.deepEqual(results.map(([d, r]) => [d, r.kind]), [['a.env', 'text'], ['gone.txt', 'error'], ['not-a-file', 'error'], ['c.txt', 'text'], ['stdin', 'text']]);
    const [, a] = results[0]!;
    assert.ok(a.kind === 'text' && a.findings.some((f) => f.ruleId.includes('aws') && f.line === 1));
    assert.ok(a.kind === 'text' && a.findings.every((f) => f.value === '' && f.maskedLine === ''), 'values and lines dropped when not needed');
    assert.deepEqual(results[1]![1], { kind: 'error', message: 'no such file or directory' });
    assert.deepEqual(results[2]![1], { kind: 'error', message: 'is a directory' });
    const [, s] = results[4]!;
    assert.ok(s.kind === 'text' && s.findings.length >= 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
