import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { InspectionConfig } from '../config/types.ts';
import type { BuildDetectorsOptions } from '../inspection/build-detectors.ts';
import type { Detector } from '../inspection/detector.ts';
import type { ScanFinding, ScanStats } from './scan-finding.ts';
import { describeError, readAhead, runTask, type ScanTask, type TaskResult, type TaskSettings } from './scan-task.ts';
import { iterateFiles } from '../fs/walk-files.ts';
import { runOrdered } from './worker-pool.ts';

/** The worker's module: `.ts` when run from source, `.js` in a release (compiled; see scripts/dist/). */
const WORKER_SCRIPT = import.meta.url.endsWith('.ts') ? './scan-worker.ts' : './scan-worker.js';

/** What each worker thread needs to build the same detectors as the main thread (plain data). */
export interface ScanWorkerData {
  inspection: InspectionConfig;
  build: BuildDetectorsOptions;
  settings: TaskSettings;
}

/** What to scan and with what. `-` in `paths` stands for standard input, given as `stdin`. */
export interface ScanRequest {
  paths: readonly string[];
  stdin?: Uint8Array;
  cwd: string;
  settings: TaskSettings;
  /** Absolute paths left out of directory walks (the scan's own baseline and report files). */
  exclude?: ReadonlySet<string>;
  /** Detectors for scanning in this thread (`workers` 0). */
  detectors: readonly Detector[];
  /** Worker threads, and how they build their detectors; 0 scans in this thread. */
  workers: number;
  build?: { inspection: InspectionConfig; options: BuildDetectorsOptions };
  signal?: AbortSignal;
  /**
   * Called once per scanned file with its findings (possibly none), in a fixed order whatever the
   * threads do: the paths as given, each directory's files in name order.
   */
  onFile: (path: string, findings: ScanFinding[]) => void;
}

export interface ScanOutcome {
  stats: ScanStats;
  /** Paths that could not be read: the scan is incomplete, the command exits 2. */
  errors: string[];
}

/**
 * Scans files, directories (walked with `.gitignore` rules) and standard input, on worker threads when
 * `workers` > 0. The walk feeds the threads lazily and results come back in walk order (in batches of files), so a text report
 * streams while the walk goes on, and memory is bounded by the pool's window, not the tree. A path named
 * explicitly is scanned even when a `.gitignore` would skip it.
 */
export async function runScan(request: ScanRequest): Promise<ScanOutcome> {
  const stats: ScanStats = { files: 0, bytes: 0, skippedBinary: 0, skippedTooLarge: 0 };
  const errors: string[] = [];
  const record = (task: ScanTask, result: TaskResult): void => {
    if (result.kind === 'binary') stats.skippedBinary++;
    else if (result.kind === 'too-large') stats.skippedTooLarge++;
    else if (result.kind === 'error') errors.push(`${task.display}: ${result.message}`);
    else {
      stats.files++;
      stats.bytes += result.bytes;
      request.onFile(task.display, result.findings);
    }
  };
  const tasks = listTasks(request, errors);
  if (request.workers <= 0 || request.build === undefined) {
    for (const task of tasks) {
      request.signal?.throwIfAborted();
      record(task, runTask(task, request.detectors, request.settings));
    }
  } else {
    const workerData: ScanWorkerData = { inspection: request.build.inspection, build: request.build.options, settings: request.settings };
    const { maxFileSize } = request.settings;
    await runOrdered<ScanTask[], TaskResult[]>(
      { script: new URL(WORKER_SCRIPT, import.meta.url), workerData, workers: request.workers, transfer: transferables, ...(request.signal ? { signal: request.signal } : {}) },
      // Read here as the pool asks for the next batch (a worker has room), so at most two batches per
      // worker are held read and not yet scanned.
      batches(tasks, (task) => readAhead(task, maxFileSize)),
      (results, batch) => batch.forEach((task, i) => record(task, results[i]!)),
    );
  }
  // Listing errors are found at dispatch, read errors at delivery: sorted, the order is the same every run.
  return { stats, errors: errors.sort() };
}

/**
 * Files per message to a worker, and bytes. Why batches: one message per file cost more CPU than scanning
 * a small file (measured: 6,000 files, ~1.2 CPU-s of messaging and wake-ups). Even batched, each reply
 * cost the worker ~1 ms of CPU whatever its size (measured with process.threadCpuUsage around
 * postMessage, 51 MB bench tree): 32 files per batch made ~220 replies (~0.2 CPU-s), 128 make ~55. The
 * byte bound, reached first by files over ~32 KB, keeps a batch a small unit (the threads stay evenly
 * loaded to the end) and keeps large files read ahead and waiting in memory to 4 MB per batch.
 */
const BATCH_FILES = 128;
const BATCH_BYTES = 4 << 20;

/** Tasks in batches of at most BATCH_FILES files and (from the second file on) BATCH_BYTES bytes. */
function* batches(tasks: Iterable<ScanTask>, prepare: (task: ScanTask) => ScanTask): Generator<ScanTask[]> {
  let batch: ScanTask[] = [];
  let bytes = 0;
  for (const listed of tasks) {
    const task = prepare(listed);
    batch.push(task);
    bytes += 'bytes' in task ? task.bytes.length : 0;
    if (batch.length >= BATCH_FILES || bytes >= BATCH_BYTES) {
      yield batch;
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

/** The buffers of files read ahead: moved to the worker, not copied (the main thread never reads them again). */
function transferables(batch: ScanTask[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const task of batch) if ('path' in task && 'bytes' in task) out.push(task.bytes.buffer as ArrayBuffer);
  return out;
}

/** The tasks in report order; paths that cannot be listed go to `errors`. */
function* listTasks(request: ScanRequest, errors: string[]): Generator<ScanTask> {
  const display = (abs: string): string => {
    const rel = relative(request.cwd, abs);
    return (rel === '' ? '.' : rel).split(sep).join('/');
  };
  // Only needed when several paths could overlap; one directory's walk never repeats a file.
  const done = request.paths.length > 1 ? new Set<string>() : undefined;
  const once = (abs: string): boolean => {
    if (done === undefined) return true;
    if (done.has(abs)) return false;
    done.add(abs);
    return true;
  };
  for (const path of request.paths) {
    if (path === '-') {
      yield { display: 'stdin', bytes: request.stdin ?? new Uint8Array() };
      continue;
    }
    const abs = resolve(request.cwd, path);
    let st;
    try {
      st = statSync(abs);
    } catch (err) {
      errors.push(`${path}: ${describeError(err)}`);
      continue;
    }
    if (st.isDirectory()) {
      const walk = iterateFiles(abs, { ...(request.exclude ? { exclude: request.exclude } : {}), onError: (p, err) => errors.push(`${display(p)}: ${describeError(err)}`) });
      for (const file of walk) if (once(file)) yield { display: display(file), path: file };
    } else if (st.isFile()) {
      if (once(abs)) yield { display: display(abs), path: abs };
    } else {
      errors.push(`${path}: not a regular file or directory`);
    }
  }
}
