/**
 * Entry point of one `sekisho scan` worker thread: builds its own detectors (they hold compiled regexes
 * and caches, which cannot cross threads) from the same inspection config as the main thread, then
 * scans the files it is given. The pool's bootstrap (worker-pool.ts) turns the thread's compile cache on
 * before this module loads; the call here covers a worker started some other way. Loading the
 * detectors' code is most of a worker's start-up.
 */
import { enableCompileCache } from 'node:module';
import { workerData } from 'node:worker_threads';
import type { ScanWorkerData } from './run-scan.ts';
import type { ScanTask, TaskSettings } from './scan-task.ts';

enableCompileCache?.();
const [{ buildDetectors }, { runTask }, { serveTasks }] = await Promise.all([import('../inspection/build-detectors.ts'), import('./scan-task.ts'), import('./worker-serve.ts')]);
const data = workerData as ScanWorkerData;
// Lazily compiled regexes: the rules were checked before any thread started (built-ins by their tests,
// rule files on the main thread), and most rules never run on a given worker's files.
const { detectors } = buildDetectors(data.inspection, { ...data.build, lazyRegexes: true });
const settings: TaskSettings = data.settings;
serveTasks((batch: ScanTask[]) => batch.map((task) => runTask(task, detectors, settings)));
