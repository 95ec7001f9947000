/**
 * Audit trail verification off the gateway's event loop: `verifyTrail` over a large trail is CPU-bound
 * (a hash and a JSON parse per event), so the admin API runs it in a worker thread (verify-worker.ts)
 * that opens the store itself: the SQLite database read-only, or PostgreSQL (`store.url`) through its
 * own one-connection pool. One verification runs at a time per process; a second request waits for the
 * first to finish, then runs its own (so it sees the events appended meanwhile).
 */
import { Worker } from 'node:worker_threads';
import type { KeyObject } from 'node:crypto';
import type { StoreConfig } from '../config/types.ts';
import type { AuditPort, StateStore } from '../store/ports.ts';
import type { PostgresOptions } from '../store/postgres/pg-store.ts';
import { SqliteStore } from '../store/open-store.ts';
import { verifyTrail, type VerifyResult } from './verify.ts';

/** The worker's module: `.ts` when run from source, `.js` in a release (compiled; see scripts/dist/). */
const WORKER_SCRIPT = import.meta.url.endsWith('.ts') ? './verify-worker.ts' : './verify-worker.js';

/** Where the worker reads the trail. */
export type VerifySource = { kind: 'sqlite'; path: string } | { kind: 'postgres'; options: PostgresOptions };

export interface VerifyWorkerData {
  source: VerifySource;
  /** SPKI PEM of the public keys checkpoints may be signed with. */
  publicKeys: string[];
}

export type VerifyWorkerReply = { ok: true; result: VerifyResult } | { ok: false; message: string };

/**
 * Where a worker can open the same trail as `store`: the SQLite file behind it, or the configured
 * PostgreSQL URL. Undefined when it cannot (an in-memory database, a store handed in without its URL).
 */
export function verifySource(store: StateStore, config: StoreConfig): VerifySource | undefined {
  if (store instanceof SqliteStore) {
    const path = store.db.location();
    return path ? { kind: 'sqlite', path } : undefined;
  }
  if (store.kind === 'postgres' && config.url !== null) {
    const options: PostgresOptions = { url: config.url, connectTimeoutMs: config.connectTimeoutMs, statementTimeoutMs: config.statementTimeoutMs, idleTimeoutMs: config.idleTimeoutMs };
    if (config.password !== undefined) options.password = config.password;
    return { kind: 'postgres', options };
  }
  return undefined;
}

/** The verification running now; the next one starts when it settles. */
let running: Promise<unknown> = Promise.resolve();

/**
 * Verifies the trail in `source` on a worker thread (one at a time per process). Without a source it
 * verifies `audit` on this thread, as before (only stores a worker cannot open: in-memory tests).
 */
export function verifyOffThread(source: VerifySource | undefined, audit: AuditPort, publicKeys: KeyObject[]): Promise<VerifyResult> {
  const run = async (): Promise<VerifyResult> => {
    if (!source) return verifyTrail(audit.range(0), await audit.checkpoints(), publicKeys);
    const data: VerifyWorkerData = { source, publicKeys: publicKeys.map((k) => k.export({ type: 'spki', format: 'pem' }).toString()) };
    return runWorker(data);
  };
  const next = running.then(run, run);
  running = next.catch(() => {});
  return next;
}

function runWorker(workerData: VerifyWorkerData): Promise<VerifyResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(WORKER_SCRIPT, import.meta.url), { workerData });
    let settled = false;
    worker.once('message', (reply: VerifyWorkerReply) => {
      settled = true;
      if (reply.ok) resolve(reply.result);
      else reject(new Error(`audit verification failed: ${reply.message}`));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`audit verification worker exited (code ${code}) without a result`));
    });
  });
}
