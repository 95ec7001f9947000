/**
 * The worker side of `sekisho serve --workers N` (the primary: server/cluster.ts): tells the primary
 * when the gateway listens, answers its metric collections with this process's exposition, and asks it
 * for the merged `/metrics` and for the workers' status shown in `/healthz`.
 */
import { isClusterMessage, WORKER_SLOT_ENV, type PrimaryToWorker, type WorkersStatus, type WorkerToPrimary } from './cluster-protocol.ts';

/** What the gateway asks of the cluster (GatewayOptions.cluster). */
export interface ClusterLink {
  /** This worker's slot (0 … N-1). */
  slot: number;
  /** Every worker's metrics, merged by the primary (each sample labelled `worker`). */
  metrics(): Promise<string>;
  workers(): Promise<WorkersStatus>;
}

/** How long a question to the primary may take before the worker answers for itself. */
const ASK_TIMEOUT_MS = 3_000;

/**
 * Connects this worker process to its primary. `render` gives this process's own exposition (collected
 * by the primary for every worker's `/metrics`). Returns the link and `ready(url)`, to call once listening.
 */
export function connectWorker(render: () => string): { link: ClusterLink; ready(url: string): void } {
  const slot = Number(process.env[WORKER_SLOT_ENV] ?? 0);
  let nextId = 1;
  const waiting = new Map<number, (m: Extract<PrimaryToWorker, { t: 'answer' }> | undefined) => void>();
  const send = (m: WorkerToPrimary): void => {
    if (process.connected) process.send!(m, undefined, undefined, (err: Error | null) => void err);
  };
  process.on('message', (message: unknown) => {
    if (!isClusterMessage(message)) return;
    const m = message as PrimaryToWorker;
    if (m.t === 'collect') send({ sekisho: 1, t: 'collected', id: m.id, text: render() });
    else if (m.t === 'answer') waiting.get(m.id)?.(m);
  });
  const ask = (what: 'metrics' | 'workers') =>
    new Promise<Extract<PrimaryToWorker, { t: 'answer' }> | undefined>((resolve) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        resolve(undefined);
      }, ASK_TIMEOUT_MS);
      waiting.set(id, (m) => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(m);
      });
      send({ sekisho: 1, t: 'ask', id, what });
    });
  return {
    link: {
      slot,
      async metrics() {
        const answer = await ask('metrics');
        if (answer?.metrics === undefined) throw new Error('the primary process did not answer with the metrics in time');
        return answer.metrics;
      },
      async workers() {
        const answer = await ask('workers');
        if (answer?.workers === undefined) throw new Error('the primary process did not answer with the workers status in time');
        return answer.workers;
      },
    },
    ready: (url) => send({ sekisho: 1, t: 'ready', url }),
  };
}
