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
    const { openReadOnlyStore } = await import('../store/open-store.ts');
    const store = openReadOnlyStore(data.source.path);
    return { audit: store.audit, close: store.close };
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
