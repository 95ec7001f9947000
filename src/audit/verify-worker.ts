/**
 * Entry point of the audit verification worker thread (see verify-off-thread.ts): opens its own
 * connection to the store (SQLite read-only, or a one-connection PostgreSQL pool), reads the checkpoints
 * then streams every event through `verifyTrail`, posts the result and closes the connection.
 */
import { createPublicKey } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import type { AuditPort } from '../store/ports.ts';
import type { VerifyWorkerData, VerifyWorkerReply } from './verify-off-thread.ts';
import { verifyTrail } from './verify.ts';

const data = workerData as VerifyWorkerData;

async function openAudit(): Promise<{ audit: AuditPort; close: () => Promise<void> }> {
  if (data.source.kind === 'sqlite') {
    const [{ DatabaseSync }, { SqliteAudit }] = await Promise.all([import('node:sqlite'), import('../store/sqlite/audit.ts')]);
    const db = new DatabaseSync(data.source.path, { readOnly: true });
    db.exec('PRAGMA busy_timeout = 5000;');
    return { audit: new SqliteAudit(db), close: async () => db.close() };
  }
  const { openPostgresStore } = await import('../store/postgres/pg-store.ts');
  const store = await openPostgresStore({ ...data.source.options, poolMax: 1 });
  return { audit: store.audit, close: () => store.close() };
}

let reply: VerifyWorkerReply;
try {
  const { audit, close } = await openAudit();
  try {
    // Checkpoints first: one signed later covers only events already there when the range is read.
    const checkpoints = await audit.checkpoints();
    const result = await verifyTrail(audit.range(0), checkpoints, data.publicKeys.map((pem) => createPublicKey(pem)));
    reply = { ok: true, result };
  } finally {
    await close();
  }
} catch (err) {
  reply = { ok: false, message: err instanceof Error ? err.message : String(err) };
}
parentPort!.postMessage(reply);
