/**
 * The `serve --workers N` primary's supervision with workers that misbehave on purpose
 * (fixtures/crashing-cluster.ts): a crash loop stops the gateway loudly with status 1; a worker that
 * dies before listening stops the start with its own status, like a single process would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const fixture = new URL('./fixtures/crashing-cluster.ts', import.meta.url).pathname;

function run(mode: string): Promise<{ code: number | null; stderr: string; lines: Array<Record<string, unknown>> }> {
  return new Promise((resolve) => {
    const dir = mkdtempSync(join(tmpdir(), 'sekisho-cluster-'));
    const child = spawn(process.execPath, [fixture, mode, join(dir, 'worker-1-ready')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      const lines = stderr.split('\n').flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
      resolve({ code, stderr, lines });
    });
  });
}

test('a worker that keeps dying is restarted with backoff, then the primary gives up with status 1 and stops the others', { timeout: 60_000 }, async () => {
  const { code, stderr, lines } = await run('crash-loop');
  assert.equal(code, 1, stderr);
  const restarts = lines.filter((l) => l.msg === 'worker died; restarting it');
  assert.deepEqual(restarts.map((l) => l.slot), [0, 0]);
  assert.deepEqual(restarts.map((l) => l.exit), [7, 7]);
  // The delay doubles per crash within the window.
  assert.deepEqual(restarts.map((l) => l.delayMs), [20, 40]);
  assert.equal(lines.filter((l) => l.msg === 'sekisho listening').length, 1);
  assert.ok(lines.some((l) => l.msg === 'worker crash loop: giving up and stopping the gateway' && l.slot === 0 && l.crashes === 3), stderr);
  assert.match(stderr, /sekisho: worker 0 died 3 times within 60 s \(last: exit 7\); stopping/);
  assert.ok(lines.some((l) => l.msg === 'shutting down workers' && l.signal === 'crash-loop'));
});

test('a worker that dies before listening stops the start with its status; nothing is restarted', { timeout: 60_000 }, async () => {
  const { code, stderr, lines } = await run('fail-start');
  assert.equal(code, 2, stderr);
  assert.equal(lines.filter((l) => l.msg === 'worker died; restarting it').length, 0, stderr);
  assert.equal(lines.filter((l) => l.msg === 'sekisho listening').length, 0);
});
