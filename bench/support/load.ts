/**
 * Closed-loop HTTP load generator: `concurrency` workers, each sending its next request as soon as the
 * previous one has fully arrived, over a keep-alive Agent with exactly `concurrency` sockets, until
 * `count` requests have been issued. Latency is from just before `http.request` to the response's
 * last byte (`end`), so streams are timed until they finish.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadTarget {
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  agent: Agent;
}

/** One request of a run: its body and headers, and whether its latency counts (false: a session's warm-up turn). */
export interface NextRequest {
  body: Buffer;
  headers?: Record<string, string>;
  measure?: boolean;
  /** Answers of different kinds (e.g. passthrough vs translated) have their own learned size. */
  kind?: string;
}

export interface LoadOptions {
  /** The same body every request (`next` unset). */
  body?: Buffer;
  /** Request `i` of the run, sent by worker `worker` (0..concurrency-1): a different body per request. */
  next?: (i: number, worker: number) => NextRequest;
  concurrency: number;
  count: number;
  /**
   * Expected response body size in bytes (checked, so a broken relay is not measured as fast). Unset:
   * the first answer's size is learned and every later answer must match it.
   */
  expectBytes?: number;
  path?: string;
  timeoutMs?: number;
}

export interface LoadResult {
  /** Per-request latency in ms, completed requests only. */
  latencies: number[];
  /** `x-sekisho-overhead-ms` values seen (gateway answers only). */
  overheads: number[];
  errors: number;
  /** Up to 3 example error messages. */
  errorSamples: string[];
  wallMs: number;
  /** Event-loop utilisation of this (load generator) process during the run, 0..1. */
  clientElu: number;
}

export function createAgent(concurrency: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency, scheduling: 'fifo' });
}

function once(target: LoadTarget, options: LoadOptions, next: NextRequest, expect: Map<string, number>): Promise<{ ms: number; overhead?: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      `${target.origin}${options.path ?? '/v1/chat/completions'}`,
      {
        method: 'POST',
        agent: target.agent,
        headers: { ...next.headers, 'content-type': 'application/json', 'content-length': next.body.length },
      },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('error', reject);
        res.on('end', () => {
          const ms = performance.now() - started;
          if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
          const kind = next.kind ?? '';
          const expected = options.expectBytes ?? expect.get(kind) ?? bytes;
          expect.set(kind, expected);
          if (bytes !== expected) return reject(new Error(`got ${bytes} bytes, expected ${expected}`));
          const header = res.headers['x-sekisho-overhead-ms'];
          resolve(typeof header === 'string' ? { ms, overhead: Number(header) } : { ms });
        });
      },
    );
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(next.body);
  });
}

export async function runLoad(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const overheads: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let issued = 0;
  const expect = new Map<string, number>();
  const fixed = options.body;
  const nextOf = options.next ?? ((): NextRequest => ({ body: fixed! }));
  const eluStart = performance.eventLoopUtilization();
  const started = performance.now();
  const worker = async (w: number): Promise<void> => {
    while (issued < options.count) {
      const next = nextOf(issued++, w);
      try {
        const r = await once(target, options, next, expect);
        if (next.measure === false) continue;
        latencies.push(r.ms);
        if (r.overhead !== undefined) overheads.push(r.overhead);
      } catch (err) {
        errors++;
        if (errorSamples.length < 3) errorSamples.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, (_, w) => worker(w)));
  const wallMs = performance.now() - started;
  const clientElu = performance.eventLoopUtilization(eluStart).utilization;
  return { latencies, overheads, errors, errorSamples, wallMs, clientElu };
}

/** Nearest-rank percentile of unsorted values (0 when empty). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}
