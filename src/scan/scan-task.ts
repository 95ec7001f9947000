import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import type { Detector } from '../inspection/detector.ts';
import type { Confidence } from '../inspection/finding.ts';
import { scanText, toContent } from './scan-file.ts';
import type { ScanFinding } from './scan-finding.ts';

/**
 * One unit of work: a file to read, bytes already read (standard input), or a file already read by the
 * main thread for a worker (`readAhead`; the bytes are then the task's own, moved to the worker).
 */
export type ScanTask = { display: string; path: string } | { display: string; bytes: Uint8Array } | { display: string; path: string; bytes: Uint8Array };

/** What became of one task. */
export type TaskResult =
  | { kind: 'text'; bytes: number; findings: ScanFinding[] }
  | { kind: 'binary' }
  | { kind: 'too-large' }
  | { kind: 'error'; message: string };

export interface TaskSettings {
  maxFileSize: number;
  /** Findings below this are dropped where they are found (never sent between threads). */
  minConfidence: Confidence;
  /**
   * Keep the masked and raw line texts (text reports) and the values (`--show-values`). Why drop them
   * otherwise: a JSON or SARIF report buffers its findings, and these are most of a finding's size.
   */
  keepLines: boolean;
  keepValues: boolean;
}

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/** Whether a finding's confidence reaches a floor (`--min-confidence`, `--fail-on`). */
export function meetsConfidence(confidence: Confidence, floor: Confidence): boolean {
  return RANK[confidence] >= RANK[floor];
}

/** The lower of two confidence levels. */
export function lowerConfidence(a: Confidence, b: Confidence): Confidence {
  return RANK[a] <= RANK[b] ? a : b;
}

/**
 * Reads and scans one file (or stdin's bytes). A file that cannot be read is a result, not a throw: the
 * scan goes on and reports it (and exits 2). The size is checked on the open file, so a file over the
 * limit is never read, and a file swapped between the walk and the read is judged by what is read.
 */
export function runTask(task: ScanTask, detectors: readonly Detector[], settings: TaskSettings): TaskResult {
  let bytes: Uint8Array;
  if ('bytes' in task) bytes = task.bytes;
  else {
    try {
      const read = readLimited(task.path, settings.maxFileSize);
      if (read === undefined) return { kind: 'too-large' };
      bytes = read;
    } catch (err) {
      return { kind: 'error', message: describeError(err) };
    }
  }
  const content = toContent(bytes, settings.maxFileSize);
  if (content.kind !== 'text') return { kind: content.kind };
  const findings: ScanFinding[] = [];
  for (const f of scanText(content.text, task.display, detectors)) {
    if (!meetsConfidence(f.confidence, settings.minConfidence)) continue;
    if (!settings.keepLines) f.maskedLine = f.rawLine = '';
    if (!settings.keepValues) f.value = '';
    findings.push(f);
  }
  return { kind: 'text', bytes: bytes.length, findings };
}

/**
 * The task with its file read into a buffer of its own (transferable to a worker without a copy), or the
 * task unchanged when the file is over `maxSize`, empty by its size (a special file: the worker reads it
 * to the end) or cannot be read — the worker then meets the same outcome and reports it. Why the main
 * thread reads: with workers scanning, it is otherwise idle, and reading was ~10% of a worker's time.
 */
export function readAhead(task: ScanTask, maxSize: number): ScanTask {
  if ('bytes' in task) return task;
  let fd: number;
  try {
    fd = openSync(task.path, 'r');
  } catch {
    return task;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0 || size > maxSize) return task;
    const bytes = new Uint8Array(size);
    let got = 0;
    for (let n = -1; got < size && n !== 0; got += n) n = readSync(fd, bytes, got, size - got, null);
    // A file that shrank since fstat: what was read is the file (readFileSync judges the same way).
    return { display: task.display, path: task.path, bytes: got === size ? bytes : bytes.slice(0, got) };
  } catch {
    return task;
  } finally {
    closeSync(fd);
  }
}

function readLimited(path: string, maxSize: number): Buffer | undefined {
  const fd = openSync(path, 'r');
  try {
    if (fstatSync(fd).size > maxSize) return undefined;
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A read error as a short message for the report. */
export function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file or directory';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(err);
}
