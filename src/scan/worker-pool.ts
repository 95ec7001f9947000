import { Worker, type TransferListItem } from 'node:worker_threads';

/** One task's answer from a worker (see `serveTasks`). */
export type TaskReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export interface PoolOptions<I = unknown> {
  /** The worker module; it calls `serveTasks` (worker-serve.ts). */
  script: URL;
  /** Given to every worker as `workerData` (structured-cloned: plain data only). */
  workerData?: unknown;
  workers: number;
  /**
   * Most tasks started and not yet delivered. Why a window: results are delivered in input order, so a
   * slow task holds back the ones after it; the window bounds what waits in memory meanwhile.
   */
  window?: number;
  /** Buffers in an input to move to its worker rather than copy (detached here once sent). */
  transfer?: (input: I) => TransferListItem[];
  /** Aborting terminates the workers; the run rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * How a worker starts: a few lines of plain JavaScript turn on V8's compile cache for the thread, then
 * import the worker module. Why not the module directly: run from source it is TypeScript, and Node
 * strips its types before any of its code runs — loading the type stripper (a WebAssembly module) cost
 * ~0.45 CPU-s per worker, more than the worker's whole scan of a small tree. With the cache on first,
 * the stripped text of every module comes from the cache (keyed by content) and the stripper never
 * loads. The cache is per thread (bin/sekisho.js turns it on for the main thread only); a cache that
 * cannot be written is skipped by Node, and NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
export function workerBootstrap(script: URL): string {
  return `require('node:module').enableCompileCache?.();\nimport(${JSON.stringify(script.href)});\n`;
}

/** Tasks given to one worker before it answers: two hides the message round trip behind work. */
const PER_WORKER = 2;

/**
 * Runs `inputs` through a pool of worker threads and calls `deliver` with each output in input order,
 * as soon as it and everything before it are done. Inputs are pulled lazily (a directory walk can feed
 * it). Fails closed: a task that throws in its worker, a worker that dies, or a `deliver` that throws
 * rejects the whole run (after terminating every worker) — a scan never passes with a hole in it.
 */
export async function runOrdered<I, O>(options: PoolOptions<I>, inputs: Iterable<I>, deliver: (output: O, input: I, index: number) => void): Promise<void> {
  const count = Math.max(1, Math.floor(options.workers));
  const window = Math.max(count * PER_WORKER, options.window ?? count * 16);
  options.signal?.throwIfAborted();
  const workers: Worker[] = [];
  const busy: number[] = [];
  const waiting = new Map<number, { input: I; worker: number; done: boolean; output?: O }>();
  const iterator = inputs[Symbol.iterator]();
  let exhausted = false;
  let dispatched = 0;
  let delivered = 0;
  let settled = false;

  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (err: unknown): void => {
        if (settled) return;
        settled = true;
        reject(err instanceof Error ? err : new Error(String(err)));
      };
      const onAbort = (): void => fail(options.signal?.reason ?? new Error('aborted'));
      options.signal?.addEventListener('abort', onAbort, { once: true });

      const pump = (): void => {
        try {
          while (!settled && !exhausted && dispatched - delivered < window) {
            let target = 0;
            for (let w = 1; w < count; w++) if (busy[w]! < busy[target]!) target = w;
            if (busy[target]! >= PER_WORKER) return;
            const next = iterator.next();
            if (next.done === true) {
              exhausted = true;
              break;
            }
            const id = dispatched++;
            waiting.set(id, { input: next.value, worker: target, done: false });
            busy[target]!++;
            workers[target]!.postMessage({ id, input: next.value }, options.transfer?.(next.value));
          }
          if (exhausted && delivered === dispatched && !settled) {
            settled = true;
            options.signal?.removeEventListener('abort', onAbort);
            resolve();
          }
        } catch (err) {
          fail(err);
        }
      };

      const onReply = (w: number, reply: TaskReply): void => {
        if (settled) return;
        const task = waiting.get(reply.id);
        if (task === undefined || task.worker !== w) return fail(new Error(`worker ${w} answered a task it was not given (${reply.id})`));
        busy[w]!--;
        if (!reply.ok) return fail(new Error(`worker ${w}: ${reply.error}`));
        task.done = true;
        task.output = reply.value as O;
        try {
          for (let t = waiting.get(delivered); t?.done === true; t = waiting.get(delivered)) {
            waiting.delete(delivered);
            deliver(t.output as O, t.input, delivered);
            delivered++;
          }
        } catch (err) {
          return fail(err);
        }
        pump();
      };

      for (let w = 0; w < count; w++) {
        const worker = new Worker(workerBootstrap(options.script), { eval: true, workerData: options.workerData });
        worker.on('message', (reply: TaskReply) => onReply(w, reply));
        worker.on('error', (err) => fail(new Error(`worker ${w} failed: ${err.message}`, { cause: err })));
        worker.on('exit', (code) => {
          if (!settled) fail(new Error(`worker ${w} exited (code ${code}) with tasks unfinished`));
        });
        workers.push(worker);
        busy.push(0);
      }
      pump();
    });
  } finally {
    settled = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
