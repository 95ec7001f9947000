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

export interface LoadOptions {
  body: Buffer;
  concurrency: number;
  count: number;
  /** Expected response body size in bytes (checked, so a broken relay is not measured as fast). */
  expectBytes: number;
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

function once(target: LoadTarget, options: LoadOptions): Promise<{ ms: number; overhead?: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      `${target.origin}${options.path ?? '/v1/chat/completions'}`,
      {
        method: 'POST',
        agent: target.agent,
        headers: { 'content-type': 'application/json', 'content-length': options.body.length },
      },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('error', reject);
        res.on('end', () => {
          const ms = performance.now() - started;
          if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
          if (bytes !== options.expectBytes) return reject(new Error(`got ${bytes} bytes, expected ${options.expectBytes}`));
          const header = res.headers['x-sekisho-overhead-ms'];
          resolve(typeof header === 'string' ? { ms, overhead: Number(header) } : { ms });
        });
      },
    );
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}

export async function runLoad(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const overheads: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let issued = 0;
  const eluStart = performance.eventLoopUtilization();
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (issued < options.count) {
      issued++;
      try {
        const r = await once(target, options);
        latencies.push(r.ms);
        if (r.overhead !== undefined) overheads.push(r.overhead);
      } catch (err) {
        errors++;
        if (errorSamples.length < 3) errorSamples.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, worker));
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
