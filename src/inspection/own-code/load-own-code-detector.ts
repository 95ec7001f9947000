import { existsSync } from 'node:fs';
import type { InspectionConfig } from '../../config/types.ts';
import type { Detector } from '../detector.ts';
import { loadIndexFile } from './index-file.ts';
import { createOwnCodeDetector } from './own-code-detector.ts';

/** What was loaded, for the start log line and `sekisho scan`. */
export interface LoadedOwnCode {
  detector: Detector;
  path: string;
  bytes: number;
  loadMs: number;
  files: number;
  repositories: number;
}

/**
 * The own-code detector over the index file at `path`, with the config's thresholds; undefined when
 * own-code is disabled or (unless `required`) no index has been built. A file that exists but cannot be
 * read or is not an index throws: the gateway must not silently run without a detector it was given.
 */
export function loadOwnCodeDetector(config: InspectionConfig['ownCode'], path: string, required = false): LoadedOwnCode | undefined {
  if (!config.enabled && !required) return undefined;
  if (!existsSync(path)) {
    if (required) throw new Error(`no own-code index at ${path} (build one with: sekisho index add PATH)`);
    return undefined;
  }
  const started = performance.now();
  let index;
  try {
    index = loadIndexFile(path);
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^own-code index: /, '') : String(err);
    throw new Error(`own-code index ${path}: ${why}`, { cause: err });
  }
  const loadMs = performance.now() - started;
  const detector = createOwnCodeDetector(index, { minTokens: config.minTokens, minLines: config.minLines, minCoverage: config.minCoverage });
  return { detector, path, bytes: index.bytes.byteLength, loadMs, files: index.files.length, repositories: new Set(index.files.map((f) => f.repository)).size };
}
