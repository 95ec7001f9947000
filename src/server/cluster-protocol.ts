/**
 * The messages between the `sekisho serve --workers N` primary (server/cluster.ts) and its workers
 * (server/cluster-worker.ts), over node:cluster's IPC channel. Every message carries `sekisho: 1` so
 * that nothing else on the channel is mistaken for one. Types only.
 */

/** One worker as the primary sees it (the operators' `/healthz` lists them). */
export interface WorkerStatus {
  /** Slot number, 0 … N-1; a restarted worker keeps its slot. */
  slot: number;
  pid: number;
  /** Listening and answering. */
  ready: boolean;
  /** ISO 8601 UTC, when this process was forked. */
  startedAt: string;
  /** How often this slot's worker died and was forked again since the primary started. */
  restarts: number;
}

export interface WorkersStatus {
  configured: number;
  ready: number;
  restarts: number;
  workers: WorkerStatus[];
}

export type WorkerToPrimary =
  | { sekisho: 1; t: 'ready'; url: string }
  /** A request for the primary: the merged metrics exposition, or the workers' status. */
  | { sekisho: 1; t: 'ask'; id: number; what: 'metrics' | 'workers' }
  /** This worker's own exposition, answering `collect`. */
  | { sekisho: 1; t: 'collected'; id: number; text: string };

export type PrimaryToWorker =
  | { sekisho: 1; t: 'answer'; id: number; metrics?: string; workers?: WorkersStatus }
  | { sekisho: 1; t: 'collect'; id: number };

export function isClusterMessage(m: unknown): m is { sekisho: 1; t: string } {
  return typeof m === 'object' && m !== null && (m as { sekisho?: unknown }).sekisho === 1 && typeof (m as { t?: unknown }).t === 'string';
}

/** The environment variables the primary gives each worker. */
export const WORKER_SLOT_ENV = 'SEKISHO_WORKER_SLOT';
/** The redaction vault key (base64), drawn by the primary at start: it exists only in this process family's memory. */
export const VAULT_KEY_ENV = 'SEKISHO_WORKER_VAULT_KEY';
