/**
 * `npm run bench:store`: throughput of the storage ports' atomic operations on each adapter — the audit
 * append (head held, linked, inserted, committed) and the limit check-and-add — from many concurrent
 * async callers, and on PostgreSQL also from two instances (two pools) at once. SQLite runs in a
 * temporary data directory; PostgreSQL in a database of its own (`sekisho_bench_<random>`, dropped after)
 * on SEKISHO_TEST_PG_URL (default the local server, user postgres), skipped when unreachable; Redis (the
 * counter port only) on SEKISHO_TEST_REDIS_URL (default the local server) under a random key prefix,
 * deleted after, skipped when unreachable. SQLite also from 1, 2 and 4 processes appending to one data
 * directory, as the workers of `serve --workers P` do (bench/support/sqlite-appender.ts).
 *
 *   node bench/store.ts [--n 3000] [--processes-only]   (only the SQLite rows from 1, 2 and 4 processes)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { CounterPort, StateStore } from '../src/store/ports.ts';
import { openRedisState } from '../src/store/redis/redis-state.ts';
import { deletePrefix, redisUnavailable, TEST_REDIS_URL, testPrefix } from '../test/store/redis-test.ts';
import type { AuditEvent } from '../src/domain/audit-event.ts';
import { openStore } from '../src/store/open-store.ts';
import { openPostgresStore } from '../src/store/postgres/pg-store.ts';
import { appendEvent } from '../src/audit/audit-store.ts';
import { machine } from './support/processes.ts';

const { values: args } = parseArgs({ options: { n: { type: 'string' }, 'processes-only': { type: 'boolean', default: false } } });
const N = args.n === undefined ? 3000 : Number(args.n);
const ADMIN_URL = process.env.SEKISHO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let seq = 0;
function event(): AuditEvent {
  seq++;
  return {
    id: `req_bench_${seq}`, time: new Date().toISOString(), principal: { kind: 'key', id: 'key:bench', groups: [] }, clientTool: 'bench', api: 'messages',
    requestedModel: 'm', decision: { action: 'allow', enforced: 'allow', rule: 'default' }, findings: [], uninspected: 0, latencyMs: 1, overheadMs: 0.1, status: 200,
  };
}

/**
 * Runs `op` N times from `callers` concurrent loops spread over `stores`: operations per second, and this
 * process's CPU time per operation (µs; SQLite works in this process, a server adapter's work is mostly not).
 */
async function rate<S>(stores: S[], callers: number, op: (s: S) => Promise<unknown>): Promise<string> {
  let started = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(stores.flatMap((s) => Array.from({ length: callers }, async () => {
    while (started < N) {
      started++;
      await op(s);
    }
  })));
  const cpu = process.cpuUsage(cpu0);
  return `${Math.round((N / (performance.now() - t0)) * 1000)} | ${((cpu.user + cpu.system) / N).toFixed(0)}`;
}

const key = { rule: 'bench', subject: 'user:bench', metric: 'requests' as const, period: 1 };
const admit = (s: { counters: CounterPort }): Promise<unknown> => s.counters.checkAndAdd([{ terms: [{ key, weight: 1 }], cost: 1, limit: 1e12 }], [{ key, amount: 1 }]);
const append = (s: StateStore): Promise<unknown> => appendEvent(s.audit, event());

async function scenarios(name: string, stores: StateStore[]): Promise<void> {
  const [one] = stores;
  const rows: Array<[string, string]> = [
    ['audit append, c=1', await rate([one!], 1, append)],
    ['audit append, c=32', await rate([one!], 32, append)],
    ['checkAndAdd one subject, c=32', await rate([one!], 32, admit)],
  ];
  if (stores.length > 1) {
    rows.push(['audit append, 2 instances × c=32', await rate(stores, 32, append)]);
    rows.push(['checkAndAdd one subject, 2 instances × c=32', await rate(stores, 32, admit)]);
  }
  for (const [label, perSecond] of rows) console.log(`| ${name} | ${label} | ${perSecond} |`);
}

const m = machine();
console.log(`${m.cpu}, ${m.cores} cores, Node ${m.node}; ${N} operations per row\n`);
console.log('| adapter | operation | per second | CPU µs/op (this process) |\n|---|---|---:|---:|');
const dir = mkdtempSync(join(tmpdir(), 'sekisho-bench-store-'));
if (!args['processes-only']) try {
  const sqlite = openStore(dir);
  await scenarios('sqlite', [sqlite]);
  await sqlite.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * SQLite shared by the worker processes of `serve --workers P`: every process appends to the one chain
 * in its own BEGIN IMMEDIATE transactions (SQLite's lock and busy_timeout serialise them). N appends
 * split over P processes started together; per second over the slowest process's wall time, CPU per
 * append (all processes), and the append latencies: an append that finds another process's transaction
 * waits in SQLite's busy handler, which sleeps — blocking that worker's event loop meanwhile.
 */
async function sqliteProcesses(processes: number): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sekisho-bench-store-procs-'));
  try {
    await openStore(dataDir).close(); // created and migrated once, as the primary does
    const script = fileURLToPath(new URL('./support/sqlite-appender.ts', import.meta.url));
    const children = Array.from({ length: processes }, () => fork(script, [dataDir, String(Math.floor(N / processes))], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    await Promise.all(children.map((c) => new Promise((r) => c.once('message', r))));
    const results = await Promise.all(children.map((c) => new Promise<{ wallMs: number; cpuMs: number; latencies: number[] }>((r) => {
      c.once('message', (m) => r(m as { wallMs: number; cpuMs: number; latencies: number[] }));
      c.send('go');
    })));
    const appends = results.reduce((n, r) => n + r.latencies.length, 0);
    const wall = Math.max(...results.map((r) => r.wallMs));
    const cpuUs = (1000 * results.reduce((n, r) => n + r.cpuMs, 0)) / appends;
    const all = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const q = (p: number): number => all[Math.min(all.length - 1, Math.floor(p * all.length))]!;
    const slow = all.filter((ms) => ms > 1).length;
    return `| sqlite | audit append, ${processes} process${processes > 1 ? 'es' : ''} × c=1 | ${Math.round((appends / wall) * 1000)} | CPU ${cpuUs.toFixed(0)} µs/append; latency p50 ${q(0.5).toFixed(3)} ms, p99 ${q(0.99).toFixed(2)} ms, max ${all.at(-1)!.toFixed(1)} ms; ${slow} of ${appends} over 1 ms |`;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
console.log('\n| adapter | operation | per second | CPU, latency |\n|---|---|---:|---|');
for (const p of [1, 2, 4]) console.log(await sqliteProcesses(p));
console.log('');
if (args['processes-only']) process.exit(0);

// Redis: the counter port (the pins are a plain SET per session).
const unavailable = await redisUnavailable().catch((err: unknown) => String(err));
if (unavailable === undefined) {
  const prefix = testPrefix();
  const redis = [await openRedisState({ url: TEST_REDIS_URL, keyPrefix: prefix }), await openRedisState({ url: TEST_REDIS_URL, keyPrefix: prefix })];
  try {
    for (const [label, perSecond] of [
      ['checkAndAdd one subject, c=32', await rate([redis[0]!], 32, admit)],
      ['checkAndAdd one subject, 2 instances × c=32', await rate(redis, 32, admit)],
    ] as const) console.log(`| redis | ${label} | ${perSecond} |`);
  } finally {
    await Promise.all(redis.map((r) => r.close()));
    await deletePrefix(prefix);
  }
} else console.log(`\n${unavailable}`);

const admin = postgres(ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
const name = `sekisho_bench_${randomBytes(4).toString('hex')}`;
try {
  await admin.unsafe(`CREATE DATABASE ${name}`);
} catch (err) {
  console.log(`\nPostgreSQL at ${ADMIN_URL} unreachable (${err instanceof Error ? err.message : String(err)}): skipped`);
  await admin.end({ timeout: 1 });
  process.exit(0);
}
try {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const stores = [await openPostgresStore({ url: url.toString(), poolMax: 10 }), await openPostgresStore({ url: url.toString(), poolMax: 10 })];
  const version = (await stores[0]!.sql<Array<{ v: string }>>`SELECT current_setting('server_version') AS v`)[0]?.v;
  await scenarios(`postgres ${version ?? ''}`.trim(), stores);
  await Promise.all(stores.map((s) => s.close()));
} finally {
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end({ timeout: 1 });
}
