import { readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { Detector } from '../inspection/detector.ts';
import type { Confidence } from '../inspection/finding.ts';
import { scanText, toContent, type Content } from './scan-file.ts';
import type { ScanFinding, ScanStats } from './scan-finding.ts';
import { walkFiles } from './walk-files.ts';

/** What to scan and with what. `-` in `paths` stands for standard input, given as `stdin`. */
export interface ScanRequest {
  paths: readonly string[];
  stdin?: Uint8Array;
  cwd: string;
  detectors: readonly Detector[];
  maxFileSize: number;
  minConfidence: Confidence;
  /** Absolute paths left out of directory walks (the scan's own baseline and report files). */
  exclude?: ReadonlySet<string>;
}

export interface ScanOutcome {
  findings: ScanFinding[];
  stats: ScanStats;
  /** Paths that could not be read: the scan is incomplete, the command exits 2. */
  errors: string[];
}

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/** Whether a finding's confidence reaches the `--min-confidence` floor. */
export function meetsConfidence(confidence: Confidence, floor: Confidence): boolean {
  return RANK[confidence] >= RANK[floor];
}

/**
 * Scans files, directories (walked with `.gitignore` rules) and standard input. Why synchronous: a CLI
 * run has nothing else to do meanwhile, and it keeps memory to one file at a time. A path named
 * explicitly is scanned even when a `.gitignore` would skip it.
 */
export function runScan(request: ScanRequest): ScanOutcome {
  const stats: ScanStats = { files: 0, bytes: 0, skippedBinary: 0, skippedTooLarge: 0 };
  const findings: ScanFinding[] = [];
  const errors: string[] = [];
  const display = (abs: string): string => {
    const rel = relative(request.cwd, abs);
    return (rel === '' ? '.' : rel).split(sep).join('/');
  };
  const scanContent = (content: Content, path: string, size: number): void => {
    if (content.kind === 'binary') stats.skippedBinary++;
    else if (content.kind === 'too-large') stats.skippedTooLarge++;
    else {
      stats.files++;
      stats.bytes += size;
      for (const f of scanText(content.text, path, request.detectors)) if (meetsConfidence(f.confidence, request.minConfidence)) findings.push(f);
    }
  };
  const done = new Set<string>();
  const scanFile = (abs: string, size?: number): void => {
    if (done.has(abs)) return; // named twice, or both named and inside a named directory
    done.add(abs);
    try {
      const bytes = size !== undefined && size > request.maxFileSize ? undefined : readFileSync(abs);
      scanContent(bytes === undefined ? { kind: 'too-large' } : toContent(bytes, request.maxFileSize), display(abs), bytes?.length ?? 0);
    } catch (err) {
      errors.push(`${display(abs)}: ${describe(err)}`);
    }
  };
  for (const path of request.paths) {
    if (path === '-') {
      const bytes = request.stdin ?? new Uint8Array();
      scanContent(toContent(bytes, request.maxFileSize), 'stdin', bytes.length);
      continue;
    }
    const abs = resolve(request.cwd, path);
    let st;
    try {
      st = statSync(abs);
    } catch (err) {
      errors.push(`${path}: ${describe(err)}`);
      continue;
    }
    if (st.isDirectory()) {
      const files = walkFiles(abs, { ...(request.exclude ? { exclude: request.exclude } : {}), onError: (p, err) => errors.push(`${display(p)}: ${describe(err)}`) });
      for (const file of files) scanFile(file, statSize(file));
    } else if (st.isFile()) {
      scanFile(abs, st.size);
    } else {
      errors.push(`${path}: not a regular file or directory`);
    }
  }
  return { findings, stats, errors };
}

function statSize(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined; // reading it will report the problem
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file or directory';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message : String(err);
}
