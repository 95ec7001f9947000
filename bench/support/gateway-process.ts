/**
 * Runs one gateway in its own process for benchmarks:
 *
 *   node bench/support/gateway-process.ts <upstream origin> [workers]
 *     -> prints {"url":"http://127.0.0.1:PORT","pid":N} on stdout once listening
 *
 * With `workers` > 1 it runs like `sekisho serve --workers N`: this process is the node:cluster
 * primary (server/cluster.ts) and N workers run one gateway each on one data directory, one port.
 *
 * The config is built like test/support/gateway-harness.ts: two backends at the same upstream — an
 * anthropic one (model `bench-anthropic`: Anthropic clients pass through) and an openai one (model
 * `bench-chat` and every other name: Anthropic clients are translated to Chat, Chat clients pass
 * through) — health checks off, log level `warn` (so the per-request access log is not written:
 * the numbers measure the gateway, not stderr). It shuts down cleanly on SIGTERM, SIGINT or when its
 * stdin closes, so `--cpu-prof` (passed by the bench) gets to write its profile. `kill -USR2` prints
 * its heap figures on stderr (after a full GC when started with --expose-gc).
 *
 * Memory sampling for the bench (environment, inherited from bench/gateway.ts):
 *   SEKISHO_BENCH_MEMORY_LOG=FILE   one JSON line a second: process.memoryUsage() and V8's heap spaces (MB)
 *   SEKISHO_BENCH_HEAP_SNAPSHOT=DIR `kill -USR2` also writes a heap snapshot there (slow: seconds)
 * Ablations (bench/support/fixed-costs.ts): SEKISHO_BENCH_CONFIG_PATCH='{"audit":{"enabled":false}}' merges
 * these top-level sections into the config (one level deep).
 */
import type { Config } from '../../src/config/types.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultBackend, defaultConfig, DEFAULTS } from '../../src/config/defaults.ts';
import { startGateway } from '../../src/server/gateway.ts';
import { createLogger } from '../../src/log.ts';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { appendFileSync } from 'node:fs';
import cluster from 'node:cluster';
import { openStore } from '../../src/store/open-store.ts';
import { defaultSigningKeyPath, loadOrCreateSigningKey } from '../../src/audit/signing-key.ts';
import { runPrimary } from '../../src/server/cluster.ts';
import { connectWorker } from '../../src/server/cluster-worker.ts';

async function main(): Promise<void> {
  const upstream = process.argv[2];
  if (!upstream) throw new Error('usage: gateway-process.ts <upstream origin, e.g. http://127.0.0.1:41234> [workers]');
  const workers = Number(process.argv[3] ?? 1);
  const dataDir = process.env.SEKISHO_BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'sekisho-bench-'));
  if (workers > 1 && cluster.isPrimary) {
    process.env.SEKISHO_BENCH_DATA_DIR = dataDir;
    // Created once here, as `serve --workers` does: the workers would race to migrate and to write the key.
    openStore(dataDir).close();
    loadOrCreateSigningKey(defaultSigningKeyPath(dataDir));
    const log = createLogger({ level: 'warn', format: 'json' });
    const stopOnStdin = (): void => void process.kill(process.pid, 'SIGTERM');
    process.stdin.on('end', stopOnStdin);
    process.stdin.on('error', stopOnStdin);
    process.stdin.resume();
    const code = await runPrimary({ workers, log, shutdownGraceMs: 2_000, onListening: (url) => process.stdout.write(JSON.stringify({ url, pid: process.pid }) + '\n') });
    process.exit(code);
  }
  const v1 = `${upstream.replace(/\/+$/, '')}/v1`;
  const chat = defaultBackend('bench', 'openai', v1);
  const anthropic = defaultBackend('bench-anthropic', 'anthropic', v1);
  const config: Config = {
    ...defaultConfig(dataDir),
    server: { ...DEFAULTS.server, port: 0, shutdownGraceMs: 2_000 },
    log: { level: 'warn', format: 'json' },
    backends: [
      { ...chat, health: { ...chat.health, enabled: false } },
      { ...anthropic, health: { ...anthropic.health, enabled: false } },
    ],
    routes: [
      { match: ['bench-anthropic'], targets: [{ backend: 'bench-anthropic' }], fallbacks: [] },
      { match: ['*'], targets: [{ backend: 'bench' }], fallbacks: [] },
    ],
  };
  const patch = process.env.SEKISHO_BENCH_CONFIG_PATCH;
  if (patch) {
    for (const [section, values] of Object.entries(JSON.parse(patch) as Record<string, Record<string, unknown>>)) {
      (config as unknown as Record<string, unknown>)[section] = { ...(config as unknown as Record<string, Record<string, unknown>>)[section], ...values };
    }
  }
  const log = createLogger({ level: config.log.level, format: config.log.format });
  const worker = cluster.isWorker ? connectWorker(() => gateway.metrics.render()) : undefined;
  const gateway = await startGateway(config, log, worker ? { cluster: worker.link } : {});
  if (worker) worker.ready(gateway.url);
  else process.stdout.write(JSON.stringify({ url: gateway.url, pid: process.pid }) + '\n');

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    gateway.close(500).finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (!worker) {
    process.stdin.on('end', stop);
    process.stdin.on('error', stop);
    process.stdin.resume();
  }
  const memoryLog = process.env.SEKISHO_BENCH_MEMORY_LOG;
  if (memoryLog) {
    const mb = (n: number): number => Math.round(n / 104857.6) / 10;
    const started = performance.now();
    setInterval(() => {
      const m = process.memoryUsage();
      const spaces = Object.fromEntries(getHeapSpaceStatistics().map((sp) => [sp.space_name.replace(/_space$/, ''), mb(sp.space_size)]));
      const line = { t: Math.round((performance.now() - started) / 100) / 10, pid: process.pid, rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers), inFlight: gateway.inFlight, spaces };
      appendFileSync(memoryLog, JSON.stringify(line) + '\n');
    }, 1000).unref();
  }
  // Memory diagnosis: `kill -USR2 <pid>` prints heap figures (after a full GC when run with --expose-gc).
  process.on('SIGUSR2', () => {
    (globalThis as { gc?: () => void }).gc?.();
    const mb = (n: number): string => (n / 1048576).toFixed(1);
    const m = process.memoryUsage();
    process.stderr.write(
      `gateway-process memory: rss ${mb(m.rss)} heapTotal ${mb(m.heapTotal)} heapUsed ${mb(m.heapUsed)} ` +
        `external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)} MB, inFlight ${gateway.inFlight}\n` +
        getHeapSpaceStatistics()
          .map((sp) => `  ${sp.space_name}: size ${mb(sp.space_size)} used ${mb(sp.space_used_size)} MB\n`)
          .join(''),
    );
    const snapshotDir = process.env.SEKISHO_BENCH_HEAP_SNAPSHOT;
    if (snapshotDir) process.stderr.write(`heap snapshot: ${writeHeapSnapshot(join(snapshotDir, `gateway-${process.pid}-${Date.now()}.heapsnapshot`))}\n`);
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`gateway-process: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
