/**
 * `npm run bench:gateway`: the gateway's added latency and throughput versus calling the upstream
 * directly. Three processes: a fast fake upstream, the gateway, and this one (the load generator).
 *
 *   node bench/gateway.ts [--quick] [--requests N] [--profile] [--only 2k|150k] [--no-write]
 *
 *   --quick       a few hundred requests per scenario (a smoke run; numbers are noisy)
 *   --requests N  measured requests per target for 2 KB scenarios (150 KB uses N/2; c=1 uses N/5)
 *   --profile     run the gateway under `--cpu-prof` and print its hottest functions at the end
 *   --only        run only the 2 KB or only the 150 KB scenarios
 *   --no-write    do not write bench/results/gateway-latest.json
 *   --gateway-node-args "..."  extra node flags for the gateway process (e.g. "--max-semi-space-size=16")
 *   --workers N   run the gateway as `serve --workers N` does (a node:cluster primary and N workers on one
 *                 port); gateway CPU is then the whole process tree's, memory the primary's
 *
 * Fairness: both targets are driven by the same generator code, request buffers and agent settings,
 * and each scenario alternates direct and gateway slices (D G G D), so drift and client-side queueing
 * hit both alike. The load generator's event-loop utilisation is recorded per run to show it is not
 * the bottleneck. The c=1 rows have no queueing at all and show the bare per-request cost.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAgent, percentile, runLoad, type LoadResult } from './support/load.ts';
import { chatRequestBody } from './support/request-bodies.ts';
import { cpuMs, machine, readMemory, resetPeak, startChild, type Child } from './support/processes.ts';
import { jsonBytes, streamBytes } from './support/fast-upstream.ts';
import { summarizeProfile, formatProfileSummary } from './support/profile-summary.ts';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    requests: { type: 'string' },
    profile: { type: 'boolean', default: false },
    only: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    'gateway-node-args': { type: 'string' },
    workers: { type: 'string', default: '1' },
  },
});

const BASE = args.requests !== undefined ? Number(args.requests) : args.quick ? 400 : 4000;
if (!Number.isInteger(BASE) || BASE < 20) throw new Error('--requests must be an integer >= 20');
const WARMUP = args.quick ? 100 : 200;
const WORKERS = Number(args.workers);
if (!Number.isInteger(WORKERS) || WORKERS < 1) throw new Error('--workers must be an integer >= 1');
const SIZES = [
  { label: '2 KB', key: '2k', bytes: 2 * 1024, count: BASE },
  { label: '150 KB', key: '150k', bytes: 150 * 1024, count: Math.round(BASE / 2) },
].filter((s) => args.only === undefined || s.key === args.only);
const MODES = [
  { label: 'json', stream: false },
  { label: 'stream', stream: true },
];
const CONCURRENCY = [1, 16, 64];

interface Side {
  p50: number;
  p99: number;
  rps: number;
  completed: number;
  errors: number;
  errorSamples: string[];
  clientElu: number;
}

interface ScenarioResult {
  scenario: string;
  sizeBytes: number;
  stream: boolean;
  concurrency: number;
  requests: number;
  direct: Side;
  gateway: Side;
  added: { p50: number; p99: number };
  overheadHeader: { p50: number; p99: number; samples: number };
  gatewayCpuMsPerRequest: number;
  gatewayRssMb: number;
  gatewayPeakRssMb: number;
}

function side(results: LoadResult[]): Side {
  const latencies = results.flatMap((r) => r.latencies);
  const wall = results.reduce((n, r) => n + r.wallMs, 0);
  const busy = results.reduce((n, r) => n + r.clientElu * r.wallMs, 0);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rps: latencies.length / (wall / 1000),
    completed: latencies.length,
    errors: results.reduce((n, r) => n + r.errors, 0),
    errorSamples: results.flatMap((r) => r.errorSamples).slice(0, 3),
    clientElu: busy / wall,
  };
}

async function runScenario(
  fake: Child,
  gateway: Child,
  size: (typeof SIZES)[number],
  mode: (typeof MODES)[number],
  concurrency: number,
): Promise<ScenarioResult> {
  const body = chatRequestBody(size.bytes, mode.stream);
  const expectBytes = mode.stream ? streamBytes : jsonBytes;
  const count = concurrency === 1 ? Math.max(20, Math.round(size.count / 5)) : size.count;
  const direct = { origin: fake.url, agent: createAgent(concurrency) };
  const viaGateway = { origin: gateway.url, agent: createAgent(concurrency) };
  const load = { body, concurrency, expectBytes };
  try {
    const warm = Math.min(WARMUP, count);
    await runLoad(direct, { ...load, count: warm });
    await runLoad(viaGateway, { ...load, count: warm });
    resetPeak(gateway.pid);
    const half = Math.ceil(count / 2);
    const d: LoadResult[] = [];
    const g: LoadResult[] = [];
    let gatewayCpu = 0;
    const gatewaySlice = async (n: number): Promise<void> => {
      const before = treeCpuMs(gateway.pid);
      g.push(await runLoad(viaGateway, { ...load, count: n }));
      gatewayCpu += treeCpuMs(gateway.pid) - before;
    };
    // D G G D: each target runs twice, once early and once late in the scenario.
    d.push(await runLoad(direct, { ...load, count: half }));
    await gatewaySlice(half);
    await gatewaySlice(count - half);
    d.push(await runLoad(direct, { ...load, count: count - half }));
    const memory = readMemory(gateway.pid);
    const ds = side(d);
    const gs = side(g);
    const overheads = g.flatMap((r) => r.overheads);
    return {
      scenario: `${size.label} ${mode.label} c=${concurrency}`,
      sizeBytes: body.length,
      stream: mode.stream,
      concurrency,
      requests: count,
      direct: ds,
      gateway: gs,
      added: { p50: gs.p50 - ds.p50, p99: gs.p99 - ds.p99 },
      overheadHeader: { p50: percentile(overheads, 50), p99: percentile(overheads, 99), samples: overheads.length },
      gatewayCpuMsPerRequest: gatewayCpu / Math.max(1, gs.completed + gs.errors),
      gatewayRssMb: memory.rssMb,
      gatewayPeakRssMb: memory.peakMb,
    };
  } finally {
    direct.agent.destroy();
    viaGateway.agent.destroy();
  }
}

const f = (n: number, digits = 2): string => n.toFixed(digits);

/** CPU time of a process and all its descendants (the cluster primary and its workers), ms. */
function treeCpuMs(pid: number): number {
  let total = cpuMs(pid);
  let children: string[] = [];
  try {
    children = readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean));
  } catch {
    // gone, or no children file: the process itself only
  }
  for (const child of children) {
    try {
      total += treeCpuMs(Number(child));
    } catch {
      // exited in between
    }
  }
  return total;
}

function table(results: ScenarioResult[]): string {
  const head =
    '| scenario | direct p50 / p99 ms | gateway p50 / p99 ms | added p50 / p99 ms | direct req/s | gateway req/s | overhead hdr p50 / p99 ms | gw CPU ms/req | gw RSS / peak MB |';
  const rule = '|---|---:|---:|---:|---:|---:|---:|---:|---:|';
  const rows = results.map(
    (r) =>
      `| ${r.scenario} | ${f(r.direct.p50)} / ${f(r.direct.p99)} | ${f(r.gateway.p50)} / ${f(r.gateway.p99)} | ` +
      `${f(r.added.p50)} / ${f(r.added.p99)} | ${f(r.direct.rps, 0)} | ${f(r.gateway.rps, 0)} | ` +
      `${f(r.overheadHeader.p50)} / ${f(r.overheadHeader.p99)} | ${f(r.gatewayCpuMsPerRequest, 3)} | ` +
      `${f(r.gatewayRssMb, 0)} / ${f(r.gatewayPeakRssMb, 0)} |`,
  );
  return [head, rule, ...rows].join('\n');
}

/** Targets from the issue, judged on the 150 KB rows at c=16 (the load the issue is about) and every row for RSS. */
function targets(results: ScenarioResult[]): { name: string; met: boolean; detail: string }[] {
  const big = results.filter((r) => r.sizeBytes > 100 * 1024);
  const out: { name: string; met: boolean; detail: string }[] = [];
  if (big.length > 0) {
    const worst = (pick: (r: ScenarioResult) => number, filter: (r: ScenarioResult) => boolean): ScenarioResult =>
      big.filter(filter).reduce((a, b) => (pick(b) > pick(a) ? b : a));
    for (const c of [...new Set(big.map((r) => r.concurrency))]) {
      const p50 = worst((r) => r.added.p50, (r) => r.concurrency === c);
      const p99 = worst((r) => r.added.p99, (r) => r.concurrency === c);
      out.push({ name: `150 KB c=${c}: added p50 <= 1 ms`, met: p50.added.p50 <= 1, detail: `worst ${f(p50.added.p50)} ms (${p50.scenario})` });
      out.push({ name: `150 KB c=${c}: added p99 <= 5 ms`, met: p99.added.p99 <= 5, detail: `worst ${f(p99.added.p99)} ms (${p99.scenario})` });
    }
  }
  const peak = results.reduce((a, b) => (b.gatewayPeakRssMb > a.gatewayPeakRssMb ? b : a));
  out.push({ name: 'gateway RSS <= 150 MB', met: peak.gatewayPeakRssMb <= 150, detail: `peak ${f(peak.gatewayPeakRssMb, 0)} MB (${peak.scenario})` });
  return out;
}

async function main(): Promise<void> {
  const started = Date.now();
  const m = machine();
  const profileDir = join(tmpdir(), `sekisho-bench-profile-${process.pid}`);
  console.log(`# bench:gateway ${new Date().toISOString()}`);
  console.log(`machine: ${m.cpu}, ${m.cores} cores, kernel ${m.kernel}, node ${m.node}`);
  if (args['gateway-node-args']) console.log(`gateway node flags: ${args['gateway-node-args']}`);
  if (WORKERS > 1) console.log(`gateway workers: ${WORKERS} (node:cluster, one port)`);
  console.log(`requests per target: ${BASE} (2 KB), ${Math.round(BASE / 2)} (150 KB), 1/5 of that at c=1; warm-up ${WARMUP}\n`);

  const fake = await startChild(new URL('./support/fast-upstream.ts', import.meta.url));
  let gateway: Child | undefined;
  const results: ScenarioResult[] = [];
  try {
    const nodeArgs = [
      ...(args['gateway-node-args']?.split(/\s+/).filter(Boolean) ?? []),
      ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ];
    gateway = await startChild(new URL('./support/gateway-process.ts', import.meta.url), [fake.url, String(WORKERS)], nodeArgs, 20_000 * WORKERS);
    const idle = readMemory(gateway.pid);
    console.log(`fake upstream ${fake.url} (pid ${fake.pid}), gateway ${gateway.url} (pid ${gateway.pid}, idle RSS ${f(idle.rssMb, 0)} MB)\n`);
    for (const size of SIZES) {
      for (const mode of MODES) {
        for (const c of CONCURRENCY) {
          const r = await runScenario(fake, gateway, size, mode, c);
          results.push(r);
          const errs = r.direct.errors + r.gateway.errors;
          console.error(
            `  ${r.scenario.padEnd(20)} added p50 ${f(r.added.p50)} p99 ${f(r.added.p99)} ms, ` +
              `${f(r.direct.rps, 0)} vs ${f(r.gateway.rps, 0)} req/s, client ELU ${f(r.direct.clientElu)}/${f(r.gateway.clientElu)}` +
              (errs > 0 ? `, ${errs} errors: ${[...r.direct.errorSamples, ...r.gateway.errorSamples].join('; ')}` : ''),
          );
        }
      }
    }
  } finally {
    await gateway?.stop();
    await fake.stop();
  }

  const verdicts = targets(results);
  const elapsedS = (Date.now() - started) / 1000;
  console.log('');
  console.log(table(results));
  console.log('');
  console.log('added = gateway percentile - direct percentile; latency = request start to last response byte.');
  console.log('overhead hdr = x-sekisho-overhead-ms (gateway time excluding backend waits; for streams, up to the response headers).');
  console.log('');
  for (const v of verdicts) console.log(`${v.met ? 'MET    ' : 'MISSED '} ${v.name}: ${v.detail}`);
  console.log(`\n${elapsedS.toFixed(0)} s total`);

  const errors = results.reduce((n, r) => n + r.direct.errors + r.gateway.errors, 0);
  if (!args['no-write']) {
    const dir = new URL('./results/', import.meta.url);
    mkdirSync(dir, { recursive: true });
    const out = {
      date: new Date(started).toISOString(),
      command: `npm run bench:gateway${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`,
      machine: m,
      settings: {
        requestsBase: BASE,
        warmup: WARMUP,
        concurrency: CONCURRENCY,
        profile: args.profile,
        gatewayNodeArgs: args['gateway-node-args'] ?? '',
        workers: WORKERS,
      },
      targets: verdicts,
      results,
      elapsedSeconds: Math.round(elapsedS),
    };
    writeFileSync(new URL('gateway-latest.json', dir), JSON.stringify(out, null, 2) + '\n');
    console.log('wrote bench/results/gateway-latest.json');
  }

  if (args.profile) {
    const files = readdirSync(profileDir).filter((n) => n.endsWith('.cpuprofile'));
    for (const name of files) {
      const path = join(profileDir, name);
      console.log(`\n## gateway CPU profile ${path} (${f(statSync(path).size / 1e6, 1)} MB)\n`);
      console.log(formatProfileSummary(summarizeProfile(path)));
    }
  }
  if (errors > 0) {
    console.error(`${errors} requests failed`);
    process.exitCode = 1;
  }
}

await main();
