import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { iterateFiles } from '../fs/walk-files.ts';

/**
 * Below both bounds a scan runs in the main thread. Why: a worker thread costs ~0.3 CPU-s to start
 * (isolate, modules, detectors) and the main thread then only reads for it; the main thread scans
 * ~1 MB in well under that. Measured on this project's source: a 2-file scan took ~1.1 CPU-s with a
 * worker's worth of start-up and eager regexes, ~0.35 in the main thread (docs/scan.md).
 */
export const IN_THREAD_MAX_FILES = 64;
export const IN_THREAD_MAX_BYTES = 1 << 20;

/** Workers for a large scan on a machine with `cores` cores: all but one, at least one. */
export function defaultWorkers(cores: number): number {
  return Math.max(1, cores - 1);
}

/**
 * The worker threads `sekisho scan` uses when `--workers` is not given: none when what is to be scanned
 * is small (at most IN_THREAD_MAX_FILES files and IN_THREAD_MAX_BYTES bytes, standard input counted as
 * small), else `defaultWorkers`. The walk is looked at only until a bound is passed, so a large tree
 * costs a few directory reads here; `exclude` is the walk's. A path that cannot be listed counts as
 * nothing here (the scan itself reports it).
 */
export function chooseWorkers(paths: readonly string[], cwd: string, cores: number, exclude?: ReadonlySet<string>): number {
  let files = 0;
  let bytes = 0;
  const over = (): boolean => files > IN_THREAD_MAX_FILES || bytes > IN_THREAD_MAX_BYTES;
  const count = (abs: string): void => {
    files++;
    bytes += statSync(abs, { throwIfNoEntry: false })?.size ?? 0;
  };
  for (const path of paths) {
    if (path === '-') continue;
    const abs = resolve(cwd, path);
    const st = statSync(abs, { throwIfNoEntry: false });
    if (st?.isDirectory() === true) {
      for (const file of iterateFiles(abs, { ...(exclude ? { exclude } : {}), onError: () => {} })) {
        count(file);
        if (over()) break;
      }
    } else if (st !== undefined) count(abs);
    if (over()) return defaultWorkers(cores);
  }
  return 0;
}
