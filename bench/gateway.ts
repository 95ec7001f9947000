/**
 * `npm run bench:gateway`: the latency, CPU and memory the gateway adds, against calling the upstream
 * directly and against a null proxy (the floor: read the body, forward it, relay the answer). Four
 * processes: a fast fake upstream, the null proxy, the gateway, and this one (the load generator).
 *
 *   node bench/gateway.ts [--quick] [--requests N] [--only GROUP] [--soak-seconds S] [--profile] [--no-write]
 *
 *   --quick         fewer requests per scenario and a 20 s soak (a smoke run; numbers are noisy)
 *   --requests N    measured requests per target for c=1 scenarios (default 400; c=16 uses 2N)
 *   --only GROUP    one group: `anthropic` (passthrough and translated, first and follow-up turns, 2 KB),
 *                   `soak` (64 concurrent agent sessions, RSS curve), `chat` (the Chat Completions rows of
 *                   earlier rounds); default: anthropic and soak
 *   --match TEXT    only the scenarios whose name contains TEXT (e.g. `--match "150 KB follow-up json c=1"`)
 *   --baseline DIR  also run a second gateway from another checkout's tree (DIR/src, with this bench's
 *                   bench/ copied in, e.g. main exported to a temp dir), in the same run, slices interleaved
 *   --soak-seconds  length of the c=64 soak (default 120; the issue asks for 600 on a quiet machine)
 *   --soak-stream-ms N  the soak's clients stream, and the fake upstream takes N ms to stream each answer
 *                   (like a model): requests stay in flight while their answers relay
 *   --profile       run the gateway under `--cpu-prof` and print its hottest functions at the end
 *   --no-write      do not write bench/results/gateway-latest.json
 *   --gateway-node-args "..."  extra node flags for the gateway process (e.g. "--max-semi-space-size=16")
 *
 * Paths (the gateway has an anthropic and an openai backend on the same fake upstream):
 *   passthrough  Anthropic client -> anthropic backend (model `bench-anthropic`): the client's bytes go up
 *   translated   Anthropic client -> Chat backend (model `bench-chat`): rendered as Chat, answer translated back
 * Turns: `first` = every request is the first turn of a new session (new session id, new padding text);
 * `follow-up` = sessions of 1 + 8 turns, each turn the previous body plus ~2 KB; only turns 1..8 are
 * measured, so the gateway has seen the previous turn (and never this body).
 *
 * Fairness: all targets are driven by the same generator, bodies and agent settings; each scenario
 * alternates slices (direct, null, gateway, gateway, null, direct) so drift hits all alike. The CPU each
 * server process used per request is read from /proc (10 ms ticks): on a loaded machine it is the number
 * to compare. The c=1 rows have no queueing and show the bare per-request cost.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAgent, percentile, runLoad, type LoadResult, type NextRequest } from './support/load.ts';
import { chatRequestBody, codeText } from './support/request-bodies.ts';
import { Session } from './support/anthropic-bodies.ts';
import { cpuMs, machine, readMemory, resetPeak, startChild, type Child } from './support/processes.ts';
import { summarizeProfile, formatProfileSummary } from './support/profile-summary.ts';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    requests: { type: 'string' },
    profile: { type: 'boolean', default: false },
    only: { type: 'string' },
    'soak-seconds': { type: 'string' },
    match: { type: 'string' },
    baseline: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    'gateway-node-args': { type: 'string' },
    workers: { type: 'string', default: '1' },
    'soak-stream-ms': { type: 'string' },
  },
});

const BASE = args.requests !== undefined ? Number(args.requests) : args.quick ? 60 : 400;
if (!Number.isInteger(BASE) || BASE < 20) throw new Error('--requests must be an integer >= 20');
const WARMUP = args.quick ? 30 : 100;
const WORKERS = Number(args.workers);
if (!Number.isInteger(WORKERS) || WORKERS < 1) throw new Error('--workers must be an integer >= 1');
const SOAK_S = args['soak-seconds'] !== undefined ? Number(args['soak-seconds']) : args.quick ? 20 : 120;
const SOAK_STREAM_MS = args['soak-stream-ms'] !== undefined ? Number(args['soak-stream-ms']) : 0;
const GROUPS = args.only !== undefined ? [args.only] : ['anthropic', 'soak'];
for (const g of GROUPS) if (!['anthropic', 'soak', 'chat'].includes(g)) throw new Error(`--only: unknown group ${g}`);

const KB = 1024;
const TURNS = 8; // follow-up turns per session after its first turn

// --- scenarios ---------------------------------------------------------------------------------------

type PathName = 'passthrough' | 'translated' | 'chat';

interface Scenario {
  name: string;
  path: PathName;
  /** URL path on every target. */
  url: string;
  stream: boolean;
  concurrency: number;
  /** Requests per slice pair (measured ones; follow-up sessions add their unmeasured first turns). */
  count: number;
  /** A request source for one run; `epoch` keeps every run's sessions distinct. */
  source: (epoch: number) => (i: number, worker: number) => NextRequest;
  sizeBytes: number;
}

const MODEL: Record<PathName, string> = { passthrough: 'bench-anthropic', translated: 'bench-chat', chat: 'bench-model' };

let sessionSeed = 1;
/** Every request is turn 0 of a new session. */
function firstTurns(path: PathName, bytes: number, stream: boolean): Scenario['source'] {
  return () => () => {
    const s = new Session(sessionSeed++, { model: MODEL[path], stream, targetBytes: bytes, turnBytes: 2 * KB });
    return s.turn(0);
  };
}

/** Sessions of 1 + TURNS turns per worker: turn 0 unmeasured, turns 1..TURNS measured. */
function followUps(path: PathName, bytes: number, stream: boolean): Scenario['source'] {
  return () => {
    const perWorker = new Map<number, { session: Session; turn: number }>();
    return (_i, worker) => {
      let state = perWorker.get(worker);
      if (!state || state.turn > TURNS) {
        state = { session: new Session(sessionSeed++, { model: MODEL[path], stream, targetBytes: bytes, turnBytes: 2 * KB }), turn: 0 };
        perWorker.set(worker, state);
      }
      const request = state.session.turn(state.turn);
      return { ...request, measure: state.turn++ > 0, kind: path };
    };
  };
}

/** A small Messages request (~2 KB: short system prompt, one user message of code), new text each time. */
function smallRequests(path: PathName, bytes: number, stream: boolean): Scenario['source'] {
  return () => () => {
    const seed = sessionSeed++;
    const text = codeText(bytes - 400, seed * 31 + 7);
    const body = { model: MODEL[path], stream, max_tokens: 1024, system: 'You are a careful coding assistant.', messages: [{ role: 'user', content: `Explain this code:\n${text}` }] };
    return { body: Buffer.from(JSON.stringify(body)), headers: { 'anthropic-version': '2023-06-01', 'x-claude-code-session-id': `5e55a000-0000-4000-8000-${seed.toString(16).padStart(12, '0')}` } };
  };
}

function anthropicScenarios(): Scenario[] {
  const out: Scenario[] = [];
  for (const path of ['passthrough', 'translated'] as const) {
    const s = (name: string, source: Scenario['source'], sizeBytes: number, stream: boolean, concurrency = 1, count = BASE): Scenario => ({
      name: `${path} ${name}`,
      path,
      url: '/v1/messages',
      stream,
      concurrency,
      count,
      source,
      sizeBytes,
    });
    out.push(
      s('2 KB json c=1', smallRequests(path, 2 * KB, false), 2 * KB, false),
      s('150 KB first json c=1', firstTurns(path, 150 * KB, false), 150 * KB, false),
      s('150 KB first stream c=1', firstTurns(path, 150 * KB, true), 150 * KB, true),
      s('150 KB follow-up json c=1', followUps(path, 150 * KB, false), 150 * KB, false),
      s('150 KB follow-up stream c=1', followUps(path, 150 * KB, true), 150 * KB, true),
      s('150 KB follow-up json c=16', followUps(path, 150 * KB, false), 150 * KB, false, 16, 2 * BASE),
    );
  }
  return out;
}

function chatScenarios(): Scenario[] {
  const out: Scenario[] = [];
  for (const [label, bytes] of [['2 KB', 2 * KB], ['150 KB', 150 * KB]] as const) {
    for (const stream of [false, true]) {
      for (const c of [1, 16, 64]) {
        const body = chatRequestBody(bytes, stream);
        out.push({
          name: `chat ${label} ${stream ? 'stream' : 'json'} c=${c} (one body resent)`,
          path: 'chat',
          url: '/v1/chat/completions',
          stream,
          concurrency: c,
          count: c === 1 ? BASE : 4 * BASE,
          source: () => () => ({ body }),
          sizeBytes: body.length,
        });
      }
    }
  }
  return out;
}

// --- running -----------------------------------------------------------------------------------------

interface Side {
  p50: number;
  p99: number;
  rps: number;
  completed: number;
  errors: number;
  errorSamples: string[];
  clientElu: number;
  /** CPU ms of the serving process per request (undefined for the fake upstream alone). */
  cpuMsPerRequest?: number;
}

interface ScenarioResult {
  scenario: string;
  path: PathName;
  sizeBytes: number;
  stream: boolean;
  concurrency: number;
  requests: number;
  direct: Side;
  nullProxy: Side;
  gateway: Side;
  /** The `--baseline` gateway, when run. */
  baseline?: Side;
  baselineAdded?: { p50: number; p99: number };
  /** gateway - direct */
  added: { p50: number; p99: number };
  /** null proxy - direct: the floor any body-reading proxy adds */
  floor: { p50: number; p99: number };
  overheadHeader: { p50: number; p99: number; samples: number };
  gatewayRssMb: number;
  gatewayPeakRssMb: number;
}

function side(results: LoadResult[], cpu?: number): Side {
  const latencies = results.flatMap((r) => r.latencies);
  const wall = results.reduce((n, r) => n + r.wallMs, 0);
  const busy = results.reduce((n, r) => n + r.clientElu * r.wallMs, 0);
  const errors = results.reduce((n, r) => n + r.errors, 0);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rps: latencies.length / (wall / 1000),
    completed: latencies.length,
    errors,
    errorSamples: results.flatMap((r) => r.errorSamples).slice(0, 3),
    clientElu: busy / wall,
    ...(cpu === undefined ? {} : { cpuMsPerRequest: cpu }),
  };
}

interface Procs {
  fake: Child;
  nullProxy: Child;
  gateway: Child;
  baseline?: Child;
}

/** Requests issued per run so that `measured` of them count (follow-up sessions have unmeasured turn 0s). */
function issuedFor(scenario: Scenario, measured: number): number {
  return scenario.name.includes('follow-up') ? Math.ceil((measured * (TURNS + 1)) / TURNS) + scenario.concurrency : measured;
}

async function runScenario(procs: Procs, scenario: Scenario, epoch: number): Promise<ScenarioResult> {
  const targets = {
    direct: { origin: procs.fake.url, agent: createAgent(scenario.concurrency) },
    nullProxy: { origin: procs.nullProxy.url, agent: createAgent(scenario.concurrency) },
    gateway: { origin: procs.gateway.url, agent: createAgent(scenario.concurrency) },
    ...(procs.baseline ? { baseline: { origin: procs.baseline.url, agent: createAgent(scenario.concurrency) } } : {}),
  };
  type Name = 'direct' | 'nullProxy' | 'gateway' | 'baseline';
  const base = { concurrency: scenario.concurrency, path: scenario.url };
  try {
    const warm = issuedFor(scenario, Math.min(WARMUP, scenario.count));
    for (const t of Object.values(targets)) await runLoad(t, { ...base, count: warm, next: scenario.source(epoch++) });
    resetPeak(procs.gateway.pid);
    const half = Math.ceil(scenario.count / 2);
    const results: Record<Name, LoadResult[]> = { direct: [], nullProxy: [], gateway: [], baseline: [] };
    const cpu: Record<Name, number> = { direct: 0, nullProxy: 0, gateway: 0, baseline: 0 };
    const pids: Partial<Record<Name, number>> = { nullProxy: procs.nullProxy.pid, gateway: procs.gateway.pid, baseline: procs.baseline?.pid };
    const slice = async (name: Name, measured: number): Promise<void> => {
      const target = targets[name as keyof typeof targets];
      if (!target) return;
      const pid = pids[name];
      const before = pid === undefined ? 0 : treeCpuMs(pid);
      results[name].push(await runLoad(target, { ...base, count: issuedFor(scenario, measured), next: scenario.source(epoch++) }));
      if (pid !== undefined) cpu[name] += treeCpuMs(pid) - before;
    };
    // D N G B B G N D: each target runs twice, once early and once late in the scenario.
    await slice('direct', half);
    await slice('nullProxy', half);
    await slice('gateway', half);
    await slice('baseline', half);
    await slice('baseline', scenario.count - half);
    await slice('gateway', scenario.count - half);
    await slice('nullProxy', scenario.count - half);
    await slice('direct', scenario.count - half);
    const memory = readMemory(procs.gateway.pid);
    const issued = (rs: LoadResult[]): number => rs.reduce((n, r) => n + r.latencies.length + r.errors, 0);
    const ds = side(results.direct);
    const ns = side(results.nullProxy, cpu.nullProxy / Math.max(1, issued(results.nullProxy)));
    const gs = side(results.gateway, cpu.gateway / Math.max(1, issued(results.gateway)));
    const overheads = results.gateway.flatMap((r) => r.overheads);
    const bs = procs.baseline ? side(results.baseline, cpu.baseline / Math.max(1, issued(results.baseline))) : undefined;
    return {
      ...(bs ? { baseline: bs, baselineAdded: { p50: bs.p50 - ds.p50, p99: bs.p99 - ds.p99 } } : {}),
      scenario: scenario.name,
      path: scenario.path,
      sizeBytes: scenario.sizeBytes,
      stream: scenario.stream,
      concurrency: scenario.concurrency,
      requests: scenario.count,
      direct: ds,
      nullProxy: ns,
      gateway: gs,
      added: { p50: gs.p50 - ds.p50, p99: gs.p99 - ds.p99 },
      floor: { p50: ns.p50 - ds.p50, p99: ns.p99 - ds.p99 },
      overheadHeader: { p50: percentile(overheads, 50), p99: percentile(overheads, 99), samples: overheads.length },
      gatewayRssMb: memory.rssMb,
      gatewayPeakRssMb: memory.peakMb,
    };
  } finally {
    for (const t of Object.values(targets)) t.agent.destroy();
  }
}

interface SoakResult {
  seconds: number;
  concurrency: number;
  requests: number;
  errors: number;
  errorSamples: string[];
  p50: number;
  p99: number;
  /** [seconds since start, gateway RSS MB] once a second. */
  curve: Array<[number, number]>;
  peakRssMb: number;
  nullProxyPeakRssMb: number;
  idleRssMb: number;
  /** CPU ms of the gateway (all its processes) per soak request, from /proc. */
  cpuMsPerRequest: number;
}

/**
 * 64 concurrent agent sessions for `SOAK_S` seconds, half passthrough and half translated, each worker
 * running its own sessions turn after turn (150 KB, +2 KB a turn, a new session after 1 + 8 turns);
 * the gateway's RSS sampled every second. The null proxy's peak under the same load is the floor.
 */
async function runSoak(procs: Procs, gateway: Child): Promise<SoakResult> {
  const concurrency = 64;
  const stream = SOAK_STREAM_MS > 0;
  const sources = [followUps('passthrough', 150 * KB, stream)(0), followUps('translated', 150 * KB, stream)(0)];
  // Even workers passthrough, odd translated; each gets its own session state inside its source.
  const next = (i: number, w: number): NextRequest => sources[w % 2]!(i, w);
  const floorAgent = createAgent(concurrency);
  const nullTarget = { origin: procs.nullProxy.url, agent: floorAgent };
  resetPeak(procs.nullProxy.pid);
  await runLoad(nullTarget, { concurrency, count: 640, next, path: '/v1/messages' });
  floorAgent.destroy();
  const nullPeak = readMemory(procs.nullProxy.pid).peakMb;

  const agent = createAgent(concurrency);
  const target = { origin: gateway.url, agent };
  const idle = readMemory(gateway.pid).rssMb;
  resetPeak(gateway.pid);
  const curve: Array<[number, number]> = [];
  const started = performance.now();
  const sampler = setInterval(() => curve.push([Math.round((performance.now() - started) / 1000), Math.round(readMemory(gateway.pid).rssMb)]), 1000);
  const results: LoadResult[] = [];
  const cpuBefore = treeCpuMs(gateway.pid);
  try {
    while (performance.now() - started < SOAK_S * 1000) {
      results.push(await runLoad(target, { concurrency, count: 256, next, path: '/v1/messages' }));
    }
  } finally {
    clearInterval(sampler);
    agent.destroy();
  }
  const cpuUsed = treeCpuMs(gateway.pid) - cpuBefore;
  const latencies = results.flatMap((r) => r.latencies);
  return {
    cpuMsPerRequest: cpuUsed / Math.max(1, latencies.length),
    seconds: Math.round((performance.now() - started) / 1000),
    concurrency,
    requests: latencies.length,
    errors: results.reduce((n, r) => n + r.errors, 0),
    errorSamples: results.flatMap((r) => r.errorSamples).slice(0, 3),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    curve,
    peakRssMb: readMemory(gateway.pid).peakMb,
    nullProxyPeakRssMb: nullPeak,
    idleRssMb: idle,
  };
}

// --- reporting ---------------------------------------------------------------------------------------

const f = (n: number | undefined, digits = 2): string => (n === undefined ? '—' : n.toFixed(digits));

function table(results: ScenarioResult[]): string {
  const head =
    '| scenario | direct p50 | null proxy added p50 / p99 ms | gateway added p50 / p99 ms | gw − null p50 ms | req/s direct / null / gw | CPU ms/req null / gw | overhead hdr p50 ms | gw RSS / peak MB |';
  const rule = '|---|---:|---:|---:|---:|---:|---:|---:|---:|';
  const rows = results.map(
    (r) =>
      `| ${r.scenario} | ${f(r.direct.p50)} | ${f(r.floor.p50)} / ${f(r.floor.p99)} | ${f(r.added.p50)} / ${f(r.added.p99)} | ` +
      `${f(r.gateway.p50 - r.nullProxy.p50)} | ${f(r.direct.rps, 0)} / ${f(r.nullProxy.rps, 0)} / ${f(r.gateway.rps, 0)} | ` +
      `${f(r.nullProxy.cpuMsPerRequest, 3)} / ${f(r.gateway.cpuMsPerRequest, 3)} | ${f(r.overheadHeader.p50)} | ` +
      `${f(r.gatewayRssMb, 0)} / ${f(r.gatewayPeakRssMb, 0)} |`,
  );
  if (!results.some((r) => r.baseline)) return [head, rule, ...rows].join('\n');
  const compare = [
    '',
    '| scenario | baseline added p50 / p99 ms | this tree added p50 / p99 ms | CPU ms/req baseline / this tree |',
    '|---|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.scenario} | ${f(r.baselineAdded?.p50)} / ${f(r.baselineAdded?.p99)} | ${f(r.added.p50)} / ${f(r.added.p99)} | ` +
        `${f(r.baseline?.cpuMsPerRequest, 3)} / ${f(r.gateway.cpuMsPerRequest, 3)} |`,
    ),
  ];
  return [head, rule, ...rows, ...compare].join('\n');
}

interface Verdict {
  name: string;
  met: boolean;
  detail: string;
}

/** The issue-14 targets, judged on the matching rows (worst of passthrough/translated where both apply). */
function targets(results: ScenarioResult[], soak: SoakResult | undefined): Verdict[] {
  const out: Verdict[] = [];
  const row = (name: string): ScenarioResult | undefined => results.find((r) => r.scenario === name);
  const check = (name: string, scenario: string, pick: (r: ScenarioResult) => number, limit: number): void => {
    const r = row(scenario);
    if (r) out.push({ name: `${scenario}: ${name} <= ${limit} ms`, met: pick(r) <= limit, detail: `${f(pick(r))} ms` });
  };
  check('added p50', 'passthrough 150 KB first json c=1', (r) => r.added.p50, 1.0);
  check('added p50', 'translated 150 KB first json c=1', (r) => r.added.p50, 1.5);
  for (const p of ['passthrough', 'translated']) {
    check('added p99', `${p} 150 KB first json c=1`, (r) => r.added.p99, 5);
    const json = row(`${p} 150 KB first json c=1`);
    const stream = row(`${p} 150 KB first stream c=1`);
    if (json && stream) {
      const d = stream.added.p50 - json.added.p50;
      out.push({ name: `${p} 150 KB: streamed added p50 within 0.3 ms of JSON`, met: d <= 0.3, detail: `${f(d)} ms` });
    }
    check('added p50', `${p} 150 KB follow-up json c=1`, (r) => r.added.p50, 0.5);
    check('added p50', `${p} 150 KB follow-up stream c=1`, (r) => r.added.p50, 0.5);
    check('added p50', `${p} 2 KB json c=1`, (r) => r.added.p50, 0.3);
  }
  if (soak) out.push({ name: 'peak RSS <= 150 MB at 64 concurrent 150 KB requests (soak)', met: soak.peakRssMb <= 150, detail: `${f(soak.peakRssMb, 0)} MB (null proxy ${f(soak.nullProxyPeakRssMb, 0)} MB)` });
  return out;
}

async function main(): Promise<void> {
  const started = Date.now();
  const m = machine();
  const profileDir = join(tmpdir(), `sekisho-bench-profile-${process.pid}`);
  console.log(`# bench:gateway ${new Date().toISOString()}`);
  console.log(`machine: ${m.cpu}, ${m.cores} cores, kernel ${m.kernel}, node ${m.node}, load ${loadAverage()}`);
  if (args['gateway-node-args']) console.log(`gateway node flags: ${args['gateway-node-args']}`);
  if (WORKERS > 1) console.log(`gateway workers: ${WORKERS} (node:cluster, one port)`);
  console.log(`groups: ${GROUPS.join(', ')}; ${BASE} measured requests per target at c=1, warm-up ${WARMUP}; soak ${SOAK_S} s\n`);

  const fake = await startChild(new URL('./support/fast-upstream.ts', import.meta.url), SOAK_STREAM_MS > 0 ? ['--stream-ms', String(SOAK_STREAM_MS)] : []);
  if (SOAK_STREAM_MS > 0) console.log(`fake upstream streams each answer over ${SOAK_STREAM_MS} ms (--soak-stream-ms; streamed soak)`);
  let nullProxy: Child | undefined;
  let gateway: Child | undefined;
  let baseline: Child | undefined;
  const results: ScenarioResult[] = [];
  let soak: SoakResult | undefined;
  let baselineSoak: SoakResult | undefined;
  try {
    nullProxy = await startChild(new URL('./support/null-proxy.ts', import.meta.url), [fake.url]);
    gateway = await startGatewayProcess(fake.url, profileDir);
    if (args.baseline) baseline = await startChild(new URL(`file://${args.baseline.replace(/\/+$/, '')}/bench/support/gateway-process.ts`), [fake.url], gatewayNodeArgs(undefined));
    const procs = { fake, nullProxy, gateway, ...(baseline ? { baseline } : {}) };
    console.log(`fake upstream ${fake.url} (pid ${fake.pid}), null proxy pid ${nullProxy.pid}, gateway ${gateway.url} (pid ${gateway.pid}, idle RSS ${f(readMemory(gateway.pid).rssMb, 0)} MB)\n`);
    const scenarios = [...(GROUPS.includes('anthropic') ? anthropicScenarios() : []), ...(GROUPS.includes('chat') ? chatScenarios() : [])].filter(
      (s) => args.match === undefined || s.name.includes(args.match),
    );
    let epoch = 0;
    for (const scenario of scenarios) {
      const r = await runScenario(procs, scenario, (epoch += 100));
      results.push(r);
      const errs = r.direct.errors + r.nullProxy.errors + r.gateway.errors;
      console.error(
        `  ${r.scenario.padEnd(40)} added p50 ${f(r.added.p50)} p99 ${f(r.added.p99)} ms (null ${f(r.floor.p50)}), ` +
          `CPU/req ${f(r.gateway.cpuMsPerRequest, 3)} ms (null ${f(r.nullProxy.cpuMsPerRequest, 3)})` +
          (r.baseline ? `; baseline added p50 ${f(r.baselineAdded?.p50)} p99 ${f(r.baselineAdded?.p99)}, CPU/req ${f(r.baseline.cpuMsPerRequest, 3)}` : '') +
          (errs > 0 ? `, ${errs} errors: ${[...r.direct.errorSamples, ...r.nullProxy.errorSamples, ...r.gateway.errorSamples].join('; ')}` : ''),
      );
    }
    if (GROUPS.includes('soak')) {
      if (baseline) {
        baselineSoak = await runSoak(procs, baseline);
        console.error(`  baseline soak c=64 ${baselineSoak.seconds} s: ${baselineSoak.requests} requests, p50 ${f(baselineSoak.p50)} p99 ${f(baselineSoak.p99)} ms, peak RSS ${f(baselineSoak.peakRssMb, 0)} MB, CPU/req ${f(baselineSoak.cpuMsPerRequest, 3)} ms`);
      }
      soak = await runSoak(procs, gateway);
      console.error(`  soak c=64 ${soak.seconds} s: ${soak.requests} requests, p50 ${f(soak.p50)} p99 ${f(soak.p99)} ms, peak RSS ${f(soak.peakRssMb, 0)} MB, CPU/req ${f(soak.cpuMsPerRequest, 3)} ms` + (soak.errors > 0 ? `, ${soak.errors} errors: ${soak.errorSamples.join('; ')}` : ''));
    }
  } finally {
    await gateway?.stop();
    await baseline?.stop();
    await nullProxy?.stop();
    await fake.stop();
  }

  const verdicts = targets(results, soak);
  const elapsedS = (Date.now() - started) / 1000;
  console.log('');
  if (results.length > 0) {
    console.log(table(results));
    console.log('');
    console.log('added = percentile through the proxy − percentile direct; latency = request start to last response byte.');
    console.log('CPU ms/req from /proc (10 ms ticks) over the measured slices; overhead hdr = x-sekisho-overhead-ms.');
    console.log('');
  }
  if (soak) {
    console.log(`soak: c=${soak.concurrency}, ${soak.seconds} s, ${soak.requests} requests (${soak.errors} errors), latency p50 ${f(soak.p50)} / p99 ${f(soak.p99)} ms`);
    console.log(`gateway RSS: idle ${f(soak.idleRssMb, 0)} MB, peak ${f(soak.peakRssMb, 0)} MB; null proxy peak ${f(soak.nullProxyPeakRssMb, 0)} MB`);
    if (baselineSoak) console.log(`baseline: ${baselineSoak.requests} requests, p50 ${f(baselineSoak.p50)} / p99 ${f(baselineSoak.p99)} ms, RSS idle ${f(baselineSoak.idleRssMb, 0)} peak ${f(baselineSoak.peakRssMb, 0)} MB; curve ${baselineSoak.curve.filter((_, i) => i % 5 === 0).map(([t, mb]) => `${t}:${mb}`).join(' ')}`);
    console.log(`RSS curve (s:MB): ${soak.curve.filter((_, i) => i % 5 === 0 || i === soak!.curve.length - 1).map(([s, mb]) => `${s}:${mb}`).join(' ')}`);
    console.log('');
  }
  for (const v of verdicts) console.log(`${v.met ? 'MET    ' : 'MISSED '} ${v.name}: ${v.detail}`);
  console.log(`\n${elapsedS.toFixed(0)} s total, load ${loadAverage()}`);

  const errors = results.reduce((n, r) => n + r.direct.errors + r.nullProxy.errors + r.gateway.errors, 0) + (soak?.errors ?? 0);
  if (!args['no-write']) {
    const dir = new URL('./results/', import.meta.url);
    mkdirSync(dir, { recursive: true });
    const out = {
      date: new Date(started).toISOString(),
      command: `npm run bench:gateway${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`,
      machine: m,
      settings: { requestsBase: BASE, warmup: WARMUP, groups: GROUPS, soakSeconds: SOAK_S, soakStreamMs: SOAK_STREAM_MS, profile: args.profile, gatewayNodeArgs: args['gateway-node-args'] ?? '', workers: WORKERS },
      targets: verdicts,
      results,
      soak,
      baselineSoak,
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

/** The gateway process under test (one place to change how it is started: flags, workers). */
function startGatewayProcess(upstream: string, profileDir: string): Promise<Child> {
  return startChild(new URL('./support/gateway-process.ts', import.meta.url), [upstream, String(WORKERS)], gatewayNodeArgs(profileDir), 20_000 * WORKERS);
}

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

function gatewayNodeArgs(profileDir: string | undefined): string[] {
  return [
    ...(args['gateway-node-args']?.split(/\s+/).filter(Boolean) ?? []),
    ...(args.profile && profileDir !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
  ];
}

function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}

await main();
