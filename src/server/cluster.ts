/**
 * The primary of `sekisho serve --workers N`: forks N worker processes (node:cluster) that run the
 * whole gateway each and share the listening socket (HTTP or HTTPS: the primary holds the socket and
 * hands connections round-robin), and then only supervises:
 *
 * - a worker that dies is forked again in its slot after a backoff (250 ms, doubling to 8 s); a slot
 *   that dies `maxCrashes` times within `crashWindowMs` is a crash loop: the primary logs it, stops the
 *   other workers and exits 1 (a supervisor such as systemd then sees the failure);
 * - SIGTERM / SIGINT: each worker is told to shut down gracefully (it drains its requests within
 *   `server.shutdownGrace`), the primary exits once all have, killing any left after grace + 10 s;
 * - SIGHUP: a rolling restart, one slot at a time: a new worker is forked and, once it listens, the old
 *   one drains and stops (a new configuration or release is picked up without refusing a connection);
 * - `/metrics` and `/healthz` asked of any worker are answered with every worker's view: the worker
 *   asks the primary, which collects each worker's exposition and merges them (metrics/merge-exposition.ts).
 *
 * The primary opens no state itself during service; state is shared through the store (SQLite with
 * immediate transactions and a busy timeout, or PostgreSQL / Redis) — see docs/scale-out.md.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../log.ts';
import { mergeExpositions } from '../metrics/merge-exposition.ts';
import { isClusterMessage, WORKER_SLOT_ENV, type PrimaryToWorker, type WorkersStatus, type WorkerToPrimary } from './cluster-protocol.ts';

export interface ClusterOptions {
  workers: number;
  log: Logger;
  /** Environment added to every worker's (besides its slot). */
  env?: Record<string, string>;
  shutdownGraceMs: number;
  /** First restart delay; doubles per recent crash up to `maxRestartDelayMs`. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** A slot whose worker dies this often within `crashWindowMs` is a crash loop: give up. */
  maxCrashes?: number;
  crashWindowMs?: number;
  /** How long a worker may take to start listening. */
  startTimeoutMs?: number;
  /** Called once every worker listens (after the `sekisho listening` log line). */
  onListening?: (url: string) => void;
}

interface Slot {
  index: number;
  worker: Worker;
  ready: boolean;
  startedAt: string;
  restarts: number;
  crashes: number[];
}

/** Runs the primary until it stops; resolves with the process exit code. */
export async function runPrimary(options: ClusterOptions): Promise<number> {
  const { log } = options;
  const restartDelayMs = options.restartDelayMs ?? 250;
  const maxRestartDelayMs = options.maxRestartDelayMs ?? 8_000;
  const maxCrashes = options.maxCrashes ?? 5;
  const crashWindowMs = options.crashWindowMs ?? 60_000;
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const slots: Slot[] = [];
  /** Workers being replaced on purpose (SIGHUP): their exit is not a crash. */
  const retiring = new Set<Worker>();
  let stopping = false;
  let url = '';
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const pending = new Map<number, { wanted: Set<number>; parts: Map<number, string>; reply: (text: string) => void; timer: NodeJS.Timeout }>();
  let nextCollect = 1;

  const status = (): WorkersStatus => ({
    configured: options.workers,
    ready: slots.filter((s) => s.ready).length,
    restarts: slots.reduce((n, s) => n + s.restarts, 0),
    workers: slots.map((s) => ({ slot: s.index, pid: s.worker.process.pid ?? 0, ready: s.ready, startedAt: s.startedAt, restarts: s.restarts })),
  });

  const primaryMetrics = (): string => {
    const st = status();
    return [
      '# HELP sekisho_workers Worker processes of this gateway, by state (configured, ready).',
      '# TYPE sekisho_workers gauge',
      `sekisho_workers{state="configured"} ${st.configured}`,
      `sekisho_workers{state="ready"} ${st.ready}`,
      '# HELP sekisho_worker_restarts_total Workers that died and were forked again.',
      '# TYPE sekisho_worker_restarts_total counter',
      `sekisho_worker_restarts_total ${st.restarts}`,
      '',
    ].join('\n');
  };

  const send = (worker: Worker, message: PrimaryToWorker): void => {
    if (worker.isConnected()) worker.send(message, (err: Error | null) => void err);
  };

  /** Answers a collection with what came in so far. */
  const complete = (id: number): void => {
    const entry = pending.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    pending.delete(id);
    const parts = [...entry.parts].sort((a, b) => a[0] - b[0]).map(([slot, text]) => ({ worker: String(slot), text }));
    entry.reply(mergeExpositions(parts, primaryMetrics()));
  };

  /** Collects every ready worker's exposition (at most 2 s; a worker that does not answer is left out). */
  const collect = (reply: (text: string) => void): void => {
    const id = nextCollect++;
    const live = slots.filter((s) => s.ready && s.worker.isConnected());
    pending.set(id, { wanted: new Set(live.map((s) => s.index)), parts: new Map(), reply, timer: setTimeout(() => complete(id), 2_000) });
    if (live.length === 0) return complete(id);
    for (const s of live) send(s.worker, { sekisho: 1, t: 'collect', id });
  };

  const onMessage = (slot: Slot, worker: Worker, message: unknown): void => {
    if (!isClusterMessage(message)) return;
    const m = message as WorkerToPrimary;
    if (m.t === 'ready') {
      if (slot.worker === worker) slot.ready = true;
      url ||= m.url;
    } else if (m.t === 'ask') {
      if (m.what === 'workers') send(worker, { sekisho: 1, t: 'answer', id: m.id, workers: status() });
      else collect((text) => send(worker, { sekisho: 1, t: 'answer', id: m.id, metrics: text }));
    } else if (m.t === 'collected') {
      const entry = pending.get(m.id);
      if (!entry) return;
      entry.parts.set(slot.index, m.text);
      entry.wanted.delete(slot.index);
      if (entry.wanted.size === 0) complete(m.id);
    }
  };

  /**
   * Forks a worker for `slot` (a new slot, or a restart that takes the slot at once; `beside`: a reload's
   * replacement, which the caller puts in the slot once it listens). Resolves with the worker when it
   * listens, rejects with its exit code if it dies first.
   */
  const fork = (slot: Slot | number, beside = false): Promise<Worker> => {
    const worker = cluster.fork({ ...options.env, [WORKER_SLOT_ENV]: String(typeof slot === 'number' ? slot : slot.index) });
    let s: Slot;
    if (typeof slot === 'number') {
      s = { index: slot, worker, ready: false, startedAt: new Date().toISOString(), restarts: 0, crashes: [] };
      slots[slot] = s;
    } else {
      s = slot;
      if (!beside) s.worker = worker;
    }
    return new Promise<Worker>((resolve, reject) => {
      const timer = setTimeout(() => {
        log.error('worker did not start listening in time; killing it', { slot: s.index, pid: worker.process.pid, ms: startTimeoutMs });
        worker.process.kill('SIGKILL');
      }, startTimeoutMs);
      // A send to a worker that just died fails with EPIPE: its exit is what counts.
      worker.on('error', (err) => log.debug('worker channel error', { slot: s.index, error: err.message }));
      worker.on('message', (message: unknown) => {
        if (isClusterMessage(message) && message.t === 'ready') {
          clearTimeout(timer);
          resolve(worker);
        }
        onMessage(s, worker, message);
      });
      worker.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(Object.assign(new Error(`worker exited with ${signal ?? code}`), { code: code ?? 1 }));
        onExit(s, worker, code, signal);
      });
    });
  };

  const onExit = (slot: Slot, worker: Worker, code: number | null, signal: string | null): void => {
    for (const [id, entry] of pending) if (entry.wanted.delete(slot.index) && entry.wanted.size === 0) complete(id);
    if (retiring.delete(worker)) return;
    if (slot.worker !== worker) return;
    if (!started) {
      // During the start any death (before or after that worker listened) stops the start.
      abortStart(Object.assign(new Error(`worker ${slot.index} exited with ${signal ?? code} during the start`), { code: code ?? 1 }));
      return;
    }
    slot.ready = false;
    if (stopping) {
      if (slots.every((s) => s.worker.isDead())) finish(0);
      return;
    }
    const now = Date.now();
    slot.crashes = slot.crashes.filter((t) => now - t < crashWindowMs);
    slot.crashes.push(now);
    if (slot.crashes.length >= maxCrashes) {
      log.error('worker crash loop: giving up and stopping the gateway', { slot: slot.index, crashes: slot.crashes.length, windowMs: crashWindowMs, exit: signal ?? code });
      process.stderr.write(`sekisho: worker ${slot.index} died ${slot.crashes.length} times within ${Math.round(crashWindowMs / 1000)} s (last: ${signal ?? `exit ${code}`}); stopping\n`);
      void shutdown('crash-loop', 1);
      return;
    }
    const delay = Math.min(maxRestartDelayMs, restartDelayMs * 2 ** (slot.crashes.length - 1));
    log.error('worker died; restarting it', { slot: slot.index, pid: worker.process.pid, exit: signal ?? code, delayMs: delay });
    setTimeout(() => {
      if (stopping) return;
      slot.restarts++;
      slot.startedAt = new Date().toISOString();
      slot.ready = false;
      fork(slot).then(
        () => log.info('worker restarted', { slot: slot.index, pid: slot.worker.process.pid }),
        () => {}, // its exit goes through onExit again
      );
    }, delay).unref();
  };

  /** All workers listened once: from then on a worker that dies is restarted. */
  let started = false;
  let abortStart: (err: Error) => void = () => {};
  const startAborted = new Promise<never>((_, reject) => (abortStart = reject));
  startAborted.catch(() => {});
  let exitCode = 0;
  const shutdown = async (why: string, code = 0): Promise<void> => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    log.info('shutting down workers', { signal: why, graceMs: options.shutdownGraceMs, workers: slots.length });
    const kill = setTimeout(() => {
      for (const s of slots) if (!s.worker.isDead()) s.worker.process.kill('SIGKILL');
      for (const w of retiring) if (!w.isDead()) w.process.kill('SIGKILL');
    }, options.shutdownGraceMs + 10_000);
    kill.unref();
    for (const s of slots) if (!s.worker.isDead()) s.worker.process.kill('SIGTERM');
    for (const w of retiring) if (!w.isDead()) w.process.kill('SIGTERM');
    if (slots.every((s) => s.worker.isDead())) finish(code);
  };

  let reloading = false;
  const reload = async (): Promise<void> => {
    if (reloading || stopping) return;
    reloading = true;
    log.info('SIGHUP: replacing the workers one at a time');
    try {
      for (const slot of slots) {
        if (stopping) break;
        const old = slot.worker;
        retiring.add(old);
        let fresh: Worker;
        try {
          fresh = await fork(slot, true);
        } catch (err) {
          retiring.delete(old);
          log.error('SIGHUP: a new worker did not start; keeping the running ones', { slot: slot.index, error: (err as Error).message });
          return;
        }
        // The new worker takes the slot; the old one drains its requests and stops.
        Object.assign(slot, { worker: fresh, ready: true, startedAt: new Date().toISOString(), crashes: [] });
        const gone = new Promise<void>((resolve) => old.once('exit', () => resolve()));
        if (!old.isDead()) old.process.kill('SIGTERM');
        await gone;
      }
      log.info('SIGHUP: workers replaced', { workers: slots.length });
    } finally {
      reloading = false;
    }
  };

  const onTerm = (): void => void shutdown('SIGTERM');
  const onInt = (): void => void shutdown('SIGINT');
  const onHup = (): void => void reload();
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  process.on('SIGHUP', onHup);

  // Start: every worker must come up; one that dies first stops the start with its exit code (a port
  // in use, an invalid policy) as a single process would.
  const starts: Array<Promise<Worker>> = [];
  for (let i = 0; i < options.workers; i++) {
    starts.push(fork(i));
  }
  try {
    await Promise.race([Promise.all(starts), startAborted]);
    started = true;
  } catch (err) {
    const code = (err as { code?: number }).code ?? 1;
    stopping = true;
    for (const s of slots) if (!s.worker.isDead()) s.worker.process.kill('SIGTERM');
    await Promise.all(slots.map((s) => (s.worker.isDead() ? undefined : new Promise<void>((resolve) => s.worker.once('exit', () => resolve())))));
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
    process.off('SIGHUP', onHup);
    return code === 0 ? 1 : code;
  }
  log.info('sekisho listening', { url, workers: options.workers, pids: slots.map((s) => s.worker.process.pid) });
  options.onListening?.(url);
  const code = await finished;
  process.off('SIGTERM', onTerm);
  process.off('SIGINT', onInt);
  process.off('SIGHUP', onHup);
  return code === 0 ? exitCode : code;
}
