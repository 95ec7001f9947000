/**
 * Own-code hot reload, end to end: a `sekisho serve` process with a policy that blocks company code, a
 * fake upstream, and `sekisho index add | rm` run as child processes while it serves. A snippet of a
 * repository not yet indexed passes; after `index add` the same request is blocked within seconds, and
 * after `index rm` it passes again — with a bounded loop of concurrent requests running through each
 * swap, none of which may fail. The generation in force and when it was loaded are read from /healthz
 * and the admin API. Prints the measured reload latency (CLI exit → first blocked request).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PASTED_SNIPPET, writeCompanyRepo } from '../support/company-repo.ts';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { post } from '../support/http.ts';
import { startServeProcess, type ServeProcess } from '../support/serve-process.ts';

const bin = new URL('../../bin/sekisho.js', import.meta.url).pathname;

/** A file of a second company repository, written for this test: it is indexed only while the gateway runs. */
const SCHEDULER_TS = `import { EventEmitter } from 'node:events';

export interface ShiftSlot {
  crewId: string;
  startsAt: number;
  endsAt: number;
  station: string;
}

/** Assigns crews to dock stations so no station is double-booked and no crew works two shifts in a row. */
export class DockScheduler extends EventEmitter {
  private readonly slots = new Map<string, ShiftSlot[]>();
  private readonly restMinutes: number;

  constructor(restMinutes = 45) {
    super();
    this.restMinutes = restMinutes;
  }

  book(slot: ShiftSlot): boolean {
    const taken = this.slots.get(slot.station) ?? [];
    for (const other of taken) {
      if (slot.startsAt < other.endsAt && other.startsAt < slot.endsAt) {
        this.emit('conflict', { station: slot.station, crewId: slot.crewId, with: other.crewId });
        return false;
      }
    }
    for (const list of this.slots.values()) {
      for (const other of list) {
        if (other.crewId !== slot.crewId) continue;
        const gap = Math.abs(slot.startsAt - other.endsAt) / 60_000;
        if (gap < this.restMinutes) {
          this.emit('fatigue', { crewId: slot.crewId, gapMinutes: Math.round(gap) });
          return false;
        }
      }
    }
    taken.push(slot);
    taken.sort((a, b) => a.startsAt - b.startsAt);
    this.slots.set(slot.station, taken);
    this.emit('booked', slot);
    return true;
  }

  release(station: string, crewId: string): number {
    const list = this.slots.get(station) ?? [];
    const kept = list.filter((s) => s.crewId !== crewId);
    this.slots.set(station, kept);
    return list.length - kept.length;
  }

  utilisation(station: string, from: number, to: number): number {
    const span = to - from;
    if (span <= 0) return 0;
    let busy = 0;
    for (const s of this.slots.get(station) ?? []) busy += Math.max(0, Math.min(to, s.endsAt) - Math.max(from, s.startsAt));
    return busy / span;
  }
}
`;

/** Lines 20–48 of the file, pasted verbatim into a question. */
const SCHEDULER_SNIPPET = SCHEDULER_TS.split('\n').slice(19, 48).join('\n');

let dir = '';
let dataDir = '';
let fake: FakeUpstream;
let serve: ServeProcess | undefined;
let url = '';
let adminKey = '';
let logLines: Array<Record<string, unknown>> = [];

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args, '--data-dir', dataDir], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, SEKISHO_CONFIG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI as a child process without blocking this process (the fake upstream and the load loop run here). */
function cliAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; exitedAt: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [bin, ...args, '--data-dir', dataDir], { cwd: dir, env: { ...process.env, SEKISHO_CONFIG: '' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    p.once('error', reject);
    p.once('close', (code) => resolve({ code, stdout, stderr, exitedAt: performance.now() }));
  });
}

const ask = (code: string): Promise<Awaited<ReturnType<typeof post>>> =>
  post(`${url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: `Why does this reject valid bookings?\n\n\`\`\`ts\n${code}\n\`\`\`` }] });
/** The policy's refusal (its HTTP status is the dialect's, see docs/security.md § Refusals). */
const blocked = (r: { status: number; headers: Headers }): boolean => r.status >= 400 && r.status < 500 && (r.headers.get('x-sekisho-decision') ?? '').startsWith('block; rule=no-company-code');

const SCRAPE_TOKEN = 'reload-test-scrape-token';

interface Health {
  ownCode?: { state: string; generation: number | null; loadedAt: string | null; files: number; loads: number };
}
async function health(): Promise<Health> {
  return (await (await fetch(`${url}/healthz`, { headers: { authorization: `Bearer ${SCRAPE_TOKEN}` } })).json()) as Health;
}

/**
 * Concurrent clients sending a mix (the scheduler snippet, an indexed snippet, a plain question) until
 * `stop()`; every answer must be a 200 or the policy's 403 — an error or a 5xx fails the test.
 */
function loadLoop(clients: number, maxRequests: number): { stop: () => Promise<{ requests: number; failures: string[] }> } {
  let running = true;
  let requests = 0;
  const failures: string[] = [];
  const prompts = [SCHEDULER_SNIPPET, PASTED_SNIPPET, 'const x = 1;'];
  const loops = Array.from({ length: clients }, async (_, c) => {
    for (let i = c; running && requests < maxRequests; i++) {
      requests++;
      try {
        const r = await ask(prompts[i % prompts.length]!);
        if (r.status !== 200 && !blocked(r)) failures.push(`${r.status} ${r.text.slice(0, 200)}`);
      } catch (err) {
        failures.push(String(err));
      }
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return { requests, failures };
    },
  };
}

/** Sends the scheduler snippet until `done(answer)` or `ms` pass; the time of the first answer that satisfied it. */
async function until(done: (r: Awaited<ReturnType<typeof post>>) => boolean, ms: number): Promise<number> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    const r = await ask(SCHEDULER_SNIPPET);
    if (done(r)) return performance.now();
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`not within ${ms} ms`);
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-reload-'));
  dataDir = join(dir, 'data');
  await writeCompanyRepo(join(dir, 'acme-platform'));
  await mkdir(join(dir, 'dock-scheduler', 'src'), { recursive: true });
  await writeFile(join(dir, 'dock-scheduler', 'src', 'scheduler.ts'), SCHEDULER_TS);
  const added = cli(['index', 'add', join(dir, 'acme-platform')]);
  assert.equal(added.code, 0, added.stderr);
  const key = cli(['keys', 'create', '--user', 'ops', '--admin', '--json']);
  assert.equal(key.code, 0, key.stderr);
  adminKey = (JSON.parse(key.stdout) as { key: string }).key;

  fake = await startFakeUpstream();
  await writeFile(join(dir, 'policy.yaml'), 'default: allow\nrules:\n  - name: no-company-code\n    action: block\n    reason: company source code\n    when:\n      findings: { type: own-code }\n');
  // /healthz shows the own-code state to operators only: this test scrapes with the metrics token.
  await writeFile(join(dir, 'scrape.token'), `${SCRAPE_TOKEN}\n`);
  await writeFile(join(dir, 'sekisho.yaml'), 'policy:\n  file: ./policy.yaml\nserver:\n  metrics:\n    token: { file: ./scrape.token }\n');
  serve = await startServeProcess(['--config', join(dir, 'sekisho.yaml'), '--port', '0', '--data-dir', dataDir, '--upstream', fake.baseUrl]);
  url = serve.url;
  logLines = serve.lines;
});

after(async () => {
  await serve?.stop();
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

test('index add and rm take effect in the running gateway within seconds, under concurrent load, without a failed request', async () => {
  const start = logLines.find((l) => l.msg === 'sekisho listening') as { ownCode?: { generation: number; files: number } };
  assert.equal(start.ownCode?.generation, 1, 'the start line names the generation loaded');
  assert.ok(blocked(await ask(PASTED_SNIPPET)), 'an indexed repository is blocked');
  const before = await ask(SCHEDULER_SNIPPET);
  assert.equal(before.status, 200, 'the repository not yet indexed passes');
  const h1 = await health();
  assert.equal(h1.ownCode?.generation, 1);
  assert.equal(h1.ownCode?.state, 'loaded');

  const load = loadLoop(4, 3000);
  const added = await cliAsync(['index', 'add', join(dir, 'dock-scheduler')]);
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /generation 2\)/);
  const detectedAt = await until(blocked, 10_000);
  const addLatency = Math.max(0, detectedAt - added.exitedAt);

  const removed = await cliAsync(['index', 'rm', 'dock-scheduler']);
  assert.equal(removed.code, 0, removed.stderr);
  const passedAt = await until((r) => r.status === 200, 10_000);
  const rmLatency = Math.max(0, passedAt - removed.exitedAt);
  const { requests, failures } = await load.stop();
  assert.deepEqual(failures, [], 'no request failed during the swaps');
  assert.ok(requests >= 20, `the load loop ran (${requests} requests)`);
  assert.ok(blocked(await ask(PASTED_SNIPPET)), 'the repository still indexed stays blocked');

  const h2 = await health();
  assert.equal(h2.ownCode?.generation, 3);
  assert.equal(h2.ownCode?.loads, 3);
  assert.ok(Date.parse(h2.ownCode?.loadedAt ?? '') > Date.parse(h1.ownCode?.loadedAt ?? ''), 'loadedAt moved');

  const admin = await fetch(`${url}/admin/v1/own-code`, { headers: { authorization: `Bearer ${adminKey}` } });
  assert.equal(admin.status, 200);
  const body = (await admin.json()) as { ownCode: { generation: number; loadedAt: string; builtAt: string; files: number } };
  assert.equal(body.ownCode.generation, 3);
  assert.equal(body.ownCode.files, 3);
  assert.match(body.ownCode.builtAt, /^\d{4}-/);
  const reload = await fetch(`${url}/admin/v1/own-code/reload`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}` } });
  assert.equal(reload.status, 200);
  assert.equal(((await reload.json()) as { changed: boolean }).changed, false, 'nothing new to load');
  assert.equal((await fetch(`${url}/admin/v1/own-code`)).status, 403, 'administrators only');

  const ls = cli(['index', 'ls']);
  assert.match(ls.stdout, /^index generation 3, built /m);
  assert.ok(logLines.some((l) => l.msg === 'own-code index loaded' && l.generation === 3), 'the swap is logged');
  process.stdout.write(`# reload latency: index add → blocked ${addLatency.toFixed(0)} ms, index rm → passes ${rmLatency.toFixed(0)} ms; ${requests} requests under load, 0 failed\n`);
});
