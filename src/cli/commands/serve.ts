import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { loadConfig, type ConfigFlags } from '../../config/load-config.ts';
import { ConfigError } from '../../config/config-error.ts';
import { createLogger, type Logger, type LogLevel } from '../../log.ts';
import type { Config } from '../../config/types.ts';
import { startGateway } from '../../server/gateway.ts';
import { Backend } from '../../backends/backend.ts';
import { checkBackendsAtStart } from '../../routing/health-checker.ts';
import { ListenError } from '../../server/listen-error.ts';
import { openStore, type SqliteStore } from '../../store/open-store.ts';
import { openStateStore } from '../../store/open-state-store.ts';
import { describeUrl } from '../../store/describe-url.ts';
import type { StateStore } from '../../store/ports.ts';
import { logTightened, tightenIfPresent } from '../../store/private-files.ts';
import { loadSecretKey } from '../../store/secret-key.ts';
import { buildDetectors } from '../../inspection/build-detectors.ts';
import { INDEX_FILE_NAME } from '../../inspection/own-code/store/rebuild-index.ts';
import { DataDirIndexSource } from '../../inspection/own-code/data-dir-index-source.ts';
import { sharedIndexSync } from '../../fanout/shared-index.ts';
import { reloadingOwnCodeDetector } from '../../inspection/own-code/index-source.ts';
import { localIndexRecord, readIndexGeneration } from '../../inspection/own-code/store/index-generation.ts';
import { usageError } from '../usage-error.ts';
import { runPrimary } from '../../server/cluster.ts';
import { connectWorker } from '../../server/cluster-worker.ts';
import { VaultStore } from '../../redaction/vault.ts';
import { VAULT_KEY_ENV, WORKER_SLOT_ENV } from '../../server/cluster-protocol.ts';
import { SqliteVault, VAULT_FILE_NAME } from '../../store/sqlite/shared-vault.ts';
import { SqliteTurnTails, TURN_TAILS_FILE_NAME } from '../../store/sqlite/shared-turn-tails.ts';
import { TurnTailStore } from '../../inspection/turn-tail-store.ts';
import { defaultSigningKeyPath, loadOrCreateSigningKey } from '../../audit/signing-key.ts';

const help = `Usage: sekisho serve [options]

Runs the gateway. With no config file it runs on embedded defaults; --upstream adds one backend.

Options:
  --config FILE          YAML configuration (env SEKISHO_CONFIG)
  --host HOST            Listen address (default 127.0.0.1; env SEKISHO_HOST)
  --port PORT            Listen port (default 8787; env SEKISHO_PORT)
  --data-dir DIR         State directory (env SEKISHO_DATA_DIR)
  --store URL            Keep keys, audit trail, limits and sticky sessions in PostgreSQL,
                         e.g. postgres://sekisho@db:5432/sekisho (env SEKISHO_STORE; password:
                         store.password in the config). Default: SQLite in the data directory
  --redis URL            Keep limit counters and sticky sessions in Redis, shared by every
                         instance, e.g. redis://cache:6379 (env SEKISHO_REDIS; password:
                         redis.password in the config). Unreachable: refused with 503 (fail closed)
  --upstream URL         An OpenAI- or Anthropic-compatible server, e.g. http://127.0.0.1:8000/v1
  --upstream-type TYPE   openai (default) or anthropic
  --upstream-model NAME  Send every request to this model name on the upstream
  --workers N|auto       Worker processes sharing the listener (server.workers; auto: one per
                         core; default 1). A crashed worker is restarted; SIGHUP replaces them
                         one at a time (docs/scale-out.md)
  --log-level LEVEL      debug, info, warn, error
  -h, --help             Show this help
`;

/** `sekisho serve`: load config, open the store, listen, and shut down gracefully on SIGTERM/SIGINT. */
export async function serveCommand(argv: string[]): Promise<number> {
  const code = await serve(argv);
  // A worker's IPC channel to its primary would keep the process alive after the gateway stopped.
  if (cluster.isWorker) process.exit(code);
  return code;
}

async function serve(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        store: { type: 'string' },
        redis: { type: 'string' },
        upstream: { type: 'string' },
        'upstream-type': { type: 'string' },
        'upstream-model': { type: 'string' },
        'log-level': { type: 'string' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    return usageError('serve', (err as Error).message);
  }
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const flags: ConfigFlags = {};
  if (values.host !== undefined) flags.host = values.host;
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`sekisho serve: --port must be a number from 0 to 65535, got "${values.port}"\n`);
      return 2;
    }
    flags.port = port;
  }
  if (values['data-dir'] !== undefined) flags.dataDir = values['data-dir'];
  if (values.store !== undefined) flags.store = values.store;
  if (values.redis !== undefined) flags.redis = values.redis;
  if (values.upstream !== undefined) flags.upstream = values.upstream;
  if (values['upstream-type'] !== undefined) flags.upstreamType = values['upstream-type'] as ConfigFlags['upstreamType'];
  if (values['upstream-model'] !== undefined) flags.upstreamModel = values['upstream-model'];
  if (values['log-level'] !== undefined) flags.logLevel = values['log-level'];

  let config;
  try {
    config = await loadConfig({ ...(values.config !== undefined ? { configPath: values.config } : {}), env: process.env, flags });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`sekisho: invalid configuration\n  ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (values.workers !== undefined) {
    const n = values.workers === 'auto' ? availableParallelism() : Number(values.workers);
    if (!Number.isInteger(n) || n < 1 || n > 256) {
      process.stderr.write(`sekisho serve: --workers must be a number from 1 to 256 or auto, got "${values.workers}"\n`);
      return 2;
    }
    config.server.workers = n;
  }
  const slot = cluster.isWorker ? Number(process.env[WORKER_SLOT_ENV] ?? 0) : undefined;
  const log = withWorker(createLogger({ level: config.log.level as LogLevel, format: config.log.format }), slot);
  let built;
  try {
    built = buildDetectors(config.inspection);
  } catch (err) {
    process.stderr.write(`sekisho: invalid configuration\n  ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (slot === undefined) for (const warning of built.warnings) log.warn('rule file', { warning });
  if (slot === undefined) {
    // One look at each backend before listening (reachable? key accepted? which native APIs?), never
    // fatal; with workers, once, by the primary.
    const checked = config.backends.map((b) => new Backend(b));
    await checkBackendsAtStart(checked, log);
    for (const b of checked) b.close();
  }
  if (slot === undefined && config.server.workers > 1) return servePrimary(config, log);
  // A worker other than the first does not run retention purges: one purger per data directory.
  if (slot !== undefined && slot > 0) config.audit.retentionMs = config.audit.transcripts.retentionMs = 0;
  let store: StateStore;
  try {
    store = await openStateStore({ dataDir: config.dataDir, ...config.store, redis: config.redis, log }, logTightened(log));
  } catch (err) {
    process.stderr.write(`sekisho: cannot open the state store ${config.store.url === null ? `in ${config.dataDir}` : describeUrl(config.store.url)}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  // The own-code index sources stay in the data directory's SQLite database whatever the store (they
  // describe this host's index file); opened only when own-code inspection needs them.
  let local: SqliteStore | undefined = store.kind === 'sqlite' ? (store as SqliteStore) : undefined;
  const closeAll = async (): Promise<void> => {
    await store.close();
    if (local !== undefined && local !== store) await local.close();
  };
  // The own-code index holds fingerprints of company code: private like the rest (older versions wrote it 0644).
  tightenIfPresent(join(config.dataDir, INDEX_FILE_NAME), logTightened(log));
  // The own-code index: loaded now, then reloaded off the request path whenever `sekisho index add | rm`
  // rebuilds it (inspection/own-code/data-dir-index-source.ts); one that exists but cannot be loaded stops the start.
  let ownCode;
  if (config.inspection.ownCode.enabled) {
    const { minTokens, minLines, minCoverage } = config.inspection.ownCode;
    try {
      ownCode = await DataDirIndexSource.open({
        path: join(config.dataDir, INDEX_FILE_NAME),
        readGeneration: () => readIndexGeneration((local ??= openStore(config.dataDir, logTightened(log))).db),
        detector: { minTokens, minLines, minCoverage },
        log,
      });
    } catch (err) {
      await closeAll();
      process.stderr.write(`sekisho: invalid configuration\n  ${err instanceof Error ? err.message : String(err)}\n`);
      return 2;
    }
    built.detectors.push(reloadingOwnCodeDetector(ownCode));
  }
  // In a worker: the link to the primary, and the redaction vault and Responses turn tails the workers
  // share (their key from the primary) — unless the store shares them between instances (Redis,
  // PostgreSQL), which every worker uses.
  let worker: ReturnType<typeof connectWorker> | undefined;
  let vaults: VaultStore | undefined;
  let vaultTable: SqliteVault | undefined;
  let turnTails: TurnTailStore | undefined;
  let tailTable: SqliteTurnTails | undefined;
  if (slot !== undefined) {
    const vaultKey = process.env[VAULT_KEY_ENV];
    delete process.env[VAULT_KEY_ENV];
    if (vaultKey !== undefined && store.vault === undefined) {
      vaultTable = SqliteVault.open(join(config.dataDir, VAULT_FILE_NAME), logTightened(log));
      vaults = new VaultStore({ port: vaultTable, key: Buffer.from(vaultKey, 'base64') });
    }
    if (vaultKey !== undefined && store.turnTails === undefined) {
      tailTable = SqliteTurnTails.open(join(config.dataDir, TURN_TAILS_FILE_NAME), logTightened(log));
      turnTails = new TurnTailStore({ port: tailTable, key: Buffer.from(vaultKey, 'base64') });
    }
    worker = connectWorker(() => gateway!.metrics.render());
  }
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  try {
    const syncIndex = ownCode ? sharedIndexSync(store, join(config.dataDir, INDEX_FILE_NAME), localIndexRecord(() => (local ??= openStore(config.dataDir, logTightened(log))).db), log) : undefined;
    gateway = await startGateway(config, log, {
      detectors: built.detectors,
      secretKey: loadSecretKey(config.dataDir, logTightened(log)),
      store,
      ...(ownCode ? { ownCode } : {}),
      ...(syncIndex ? { syncIndex } : {}),
      ...(worker ? { cluster: worker.link } : {}),
      ...(vaults ? { vaults } : {}),
      ...(turnTails ? { turnTails } : {}),
    });
  } catch (err) {
    ownCode?.close();
    if (err instanceof ListenError) {
      await closeAll();
      process.stderr.write(`sekisho: cannot listen: ${err.message}\n`);
      return 1;
    }
    if (!(err instanceof ConfigError)) throw err;
    // The policy (policy.file or the inline section) or the TLS files are unusable: never serve without
    // the policy asked for, nor in plain HTTP when TLS was asked for.
    await closeAll();
    process.stderr.write(`sekisho: invalid configuration\n  ${err.message.replaceAll('\n', '\n  ')}\n`);
    return 2;
  }
  const loaded = ownCode?.current;
  worker?.ready(gateway.url);
  log.info(worker ? 'sekisho worker listening' : 'sekisho listening', {
    url: gateway.url,
    config: config.source ?? 'embedded defaults',
    dataDir: config.dataDir,
    store: store.location,
    ...(config.redis.url === null ? {} : { redis: `${describeUrl(config.redis.url)} (counters and sticky pins; failOpen: ${config.redis.failOpen})` }),
    backends: config.backends.map((b) => `${b.name} (${b.type}, ${b.zone}) ${b.url}`),
    inspection: config.inspection.mode,
    secretRules: built.secretRules,
    ownCode: loaded
      ? { index: loaded.path, generation: loaded.generation, bytes: loaded.bytes, loadMs: Number(loaded.loadMs.toFixed(1)), repositories: loaded.repositories, files: loaded.files }
      : undefined,
  });
  if (config.backends.length === 0) {
    log.warn('no backends configured: every model request will fail. Pass --upstream URL or a config file.');
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      log.info('shutting down', { signal, graceMs: config.server.shutdownGraceMs });
      void gateway!.close().then(async () => {
        await closeAll();
        vaultTable?.close();
        tailTable?.close();
        log.info('stopped');
        resolve(0);
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

/**
 * The primary of `serve --workers N` (server/cluster.ts): prepares what every worker would otherwise
 * race to create — the data directory and its database (migrated), the installation key, the audit
 * signing key — draws the key of the shared redaction vault and turn tails (memory only, handed to the
 * workers) and empties their files of an earlier run, then forks and supervises the workers.
 */
async function servePrimary(config: Config, log: Logger): Promise<number> {
  try {
    const store = await openStateStore({ dataDir: config.dataDir, ...config.store, redis: config.redis, log }, logTightened(log));
    await store.close();
  } catch (err) {
    process.stderr.write(`sekisho: cannot open the state store ${config.store.url === null ? `in ${config.dataDir}` : describeUrl(config.store.url)}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  loadSecretKey(config.dataDir, logTightened(log));
  if (config.audit.enabled) loadOrCreateSigningKey(config.audit.signingKey ?? defaultSigningKeyPath(config.dataDir), logTightened(log));
  SqliteVault.remove(join(config.dataDir, VAULT_FILE_NAME));
  SqliteTurnTails.remove(join(config.dataDir, TURN_TAILS_FILE_NAME));
  return runPrimary({
    workers: config.server.workers,
    log,
    shutdownGraceMs: config.server.shutdownGraceMs,
    env: { [VAULT_KEY_ENV]: randomBytes(32).toString('base64') },
  });
}

/** A worker's log lines carry its slot. */
function withWorker(log: Logger, slot: number | undefined): Logger {
  if (slot === undefined) return log;
  return {
    debug: (msg, fields) => log.debug(msg, { worker: slot, ...fields }),
    info: (msg, fields) => log.info(msg, { worker: slot, ...fields }),
    warn: (msg, fields) => log.warn(msg, { worker: slot, ...fields }),
    error: (msg, fields) => log.error(msg, { worker: slot, ...fields }),
  };
}
