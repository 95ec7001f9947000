/**
 * The gitleaks binary on the same planted corpus, when it is installed: the corpus is written to a temp
 * directory (removed afterwards), scanned with `gitleaks dir` (v8.19+; older versions: `detect --no-git`),
 * timed end to end, and its JSON report matched to the ground truth by line (gitleaks reports lines and
 * columns, not offsets: a planted value is found when a finding's line range covers its lines).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { CorpusFile } from './scan-corpus.ts';
import type { Planted, PlantKind } from './scan-plant.ts';

export interface GitleaksResult {
  available: boolean;
  version?: string;
  note?: string;
  seconds?: number;
  mbPerSecond?: number;
  findings?: number;
  recall?: Partial<Record<PlantKind, [number, number]>>;
  found?: number;
  planted?: number;
}

interface ReportEntry {
  RuleID: string;
  File: string;
  StartLine: number;
  EndLine: number;
}

export function gitleaksPath(): string | undefined {
  const which = spawnSync('sh', ['-c', 'command -v gitleaks'], { encoding: 'utf8' });
  const path = which.stdout.trim();
  return which.status === 0 && path !== '' ? path : undefined;
}

export function runGitleaks(files: CorpusFile[], texts: string[], truth: Planted[]): GitleaksResult {
  const bin = gitleaksPath();
  if (bin === undefined) return { available: false, note: 'gitleaks not on PATH (Debian bookworm has no gitleaks package)' };
  const version = spawnSync(bin, ['version'], { encoding: 'utf8' }).stdout.trim();
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-scan-'));
  try {
    const root = join(dir, 'corpus');
    const names: string[] = [];
    let bytes = 0;
    texts.forEach((text, i) => {
      // Index in the directory name maps report paths back; the base name keeps what path rules look at.
      const sub = join(root, String(i).padStart(6, '0'));
      mkdirSync(sub, { recursive: true });
      const path = join(sub, basename((files[i] as CorpusFile).path));
      writeFileSync(path, text);
      names.push(path);
      bytes += Buffer.byteLength(text);
    });
    const report = join(dir, 'report.json');
    const common = ['--report-format', 'json', '--report-path', report, '--no-banner', '--exit-code', '0', '--log-level', 'error'];
    const t0 = performance.now();
    let run = spawnSync(bin, ['dir', root, ...common], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (run.status !== 0) run = spawnSync(bin, ['detect', '--no-git', '--source', root, ...common], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const seconds = (performance.now() - t0) / 1000;
    if (run.status !== 0) return { available: true, version, note: `gitleaks failed: ${run.stderr.slice(0, 300)}` };
    const entries = JSON.parse(readFileSync(report, 'utf8')) as ReportEntry[];
    return { available: true, version, seconds, mbPerSecond: bytes / 1e6 / seconds, findings: entries.length, ...matchByLine(entries, texts, truth) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function matchByLine(entries: ReportEntry[], texts: string[], truth: Planted[]): Pick<GitleaksResult, 'recall' | 'found' | 'planted'> {
  const byFile = new Map<number, ReportEntry[]>();
  for (const e of entries) {
    const m = /\/(\d{6})\/[^/]*$/.exec(e.File);
    if (m === null) continue;
    const i = Number(m[1]);
    byFile.set(i, [...(byFile.get(i) ?? []), e]);
  }
  const recall: Partial<Record<PlantKind, [number, number]>> = {};
  let found = 0;
  for (const t of truth) {
    const text = texts[t.file] as string;
    const first = lineAt(text, t.start);
    const last = lineAt(text, Math.max(t.start, t.end - 1));
    const hit = (byFile.get(t.file) ?? []).some((e) => e.StartLine <= last && e.EndLine >= first);
    const r = (recall[t.kind] ??= [0, 0]);
    r[0]++;
    if (hit) {
      r[1]++;
      found++;
    }
  }
  return { recall, found, planted: truth.length };
}

/** 1-based line of offset `at`. */
function lineAt(text: string, at: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** `gitleaks version`, or the Debian package's version when the binary was built without one. */
export function gitleaksVersion(bin: string): string {
  const own = spawnSync(bin, ['version'], { encoding: 'utf8' }).stdout.trim();
  if (/^v?\d+\.\d+/.test(own)) return own;
  const deb = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'gitleaks'], { encoding: 'utf8' });
  return deb.status === 0 && deb.stdout.trim() !== '' ? `${deb.stdout.trim()} (Debian package)` : own;
}
