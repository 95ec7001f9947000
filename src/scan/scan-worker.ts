/**
 * Entry point of one `sekisho scan` worker thread: builds its own detectors (they hold compiled regexes
 * and caches, which cannot cross threads) from the same inspection config as the main thread, then
 * scans the files it is given.
 */
import { workerData } from 'node:worker_threads';
import { buildDetectors } from '../inspection/build-detectors.ts';
import { runTask, type ScanTask, type TaskSettings } from './scan-task.ts';
import { serveTasks } from './worker-serve.ts';
import type { ScanWorkerData } from './run-scan.ts';

const data = workerData as ScanWorkerData;
const { detectors } = buildDetectors(data.inspection, data.build);
const settings: TaskSettings = data.settings;
serveTasks((task: ScanTask) => runTask(task, detectors, settings));
