/**
 * What one large prompt does to the other requests of a gateway: small Chat requests (each on a new
 * connection, so `--workers N` hands them out in turn) are sent every 20 ms while one large prompt is
 * inspected; their latencies during the large request are reported, for 1 and 2 gateway workers.
 *
 *   node bench/large-prompt-stall.ts [--mb 8] [--runs 3]
 *
 * The large prompt is mixed prose and code without secrets (inspected in full, nothing found), in one
 * user message. Runs alternate 1 and 2 workers; medians over the runs are printed. Bounded: a run sends
 * one large request and at most 500 small ones.
 */
import { parseArgs } from 'node:util';
import { request } from 'node:http';
import { machine, startChild, type Child } from './support/processes.ts';

const { values: args } = parseArgs({ options: { mb: { type: 'string', default: '8' }, runs: { type: 'string', default: '3' } } });
const MB = Number(args.mb);
const RUNS = Number(args.runs);

function post(url: string, body: Buffer): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${url}/v1/chat/completions`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': body.length, connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function largePrompt(mb: number): Buffer {
  const words = 'the gateway inspects every string of the request before it is forwarded to a model backend and'.split(' ');
  const code = 'function settle(batch) {\n  for (const entry of batch) ledger.commit(entry.id, entry.amount);\n  return batch.length;\n}\n';
  const parts: string[] = [];
  let n = 0;
  let i = 0;
  while (n < mb * 1024 * 1024) {
    const line = i % 5 === 4 ? code : `${words.map((w, j) => (j === i % words.length ? `${w}${i}` : w)).join(' ')}.\n`;
    parts.push(line);
    n += line.length;
    i++;
  }
  return Buffer.from(JSON.stringify({ model: 'bench-chat', messages: [{ role: 'user', content: parts.join('') }] }));
}

const small = Buffer.from(JSON.stringify({ model: 'bench-chat', messages: [{ role: 'user', content: 'hello, how are you?' }] }));
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface RunResult {
  largeMs: number;
  probes: number;
  p50: number;
  max: number;
  over100: number;
}

async function run(upstream: string, workers: number, large: Buffer): Promise<RunResult> {
  const gateway: Child = await startChild(new URL('./support/gateway-process.ts', import.meta.url), [upstream, String(workers)], [], 40_000);
  try {
    for (let i = 0; i < 20; i++) await post(gateway.url, small); // warm-up, both workers
    await post(gateway.url, large); // warm-up of the large path on one worker
    const latencies: number[] = [];
    let done = false;
    const probes: Promise<void>[] = [];
    const ticker = (async () => {
      for (let i = 0; !done && i < 500; i++) {
        probes.push(post(gateway.url, small).then((ms) => void latencies.push(ms)));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    const largeMs = await post(gateway.url, large);
    done = true;
    await ticker;
    await Promise.all(probes);
    return { largeMs, probes: latencies.length, p50: median(latencies), max: Math.max(...latencies), over100: latencies.filter((ms) => ms > 100).length };
  } finally {
    await gateway.stop();
  }
}

async function main(): Promise<void> {
  const m = machine();
  console.log(`machine: ${m.cpu}, ${m.cores} cores, node ${m.node}, kernel ${m.kernel}; load ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`large prompt: ${MB} MB in one message; probes: small Chat requests every 20 ms on new connections`);
  const upstream = await startChild(new URL('./support/fast-upstream.ts', import.meta.url));
  const large = largePrompt(MB);
  const results = new Map<number, RunResult[]>([[1, []], [2, []]]);
  try {
    for (let r = 0; r < RUNS; r++) {
      for (const workers of [1, 2]) {
        const result = await run(upstream.url, workers, large);
        results.get(workers)!.push(result);
        console.log(`run ${r + 1}, ${workers} worker(s): large ${result.largeMs.toFixed(0)} ms; ${result.probes} probes: p50 ${result.p50.toFixed(1)} ms, max ${result.max.toFixed(0)} ms, ${result.over100} over 100 ms`);
      }
    }
  } finally {
    await upstream.stop();
  }
  for (const [workers, rs] of results) {
    console.log(
      `median of ${rs.length}, ${workers} worker(s): large ${median(rs.map((r) => r.largeMs)).toFixed(0)} ms; probe p50 ${median(rs.map((r) => r.p50)).toFixed(1)} ms, ` +
        `max ${median(rs.map((r) => r.max)).toFixed(0)} ms, share over 100 ms ${(100 * median(rs.map((r) => r.over100 / r.probes))).toFixed(0)} %`,
    );
  }
}

await main();
