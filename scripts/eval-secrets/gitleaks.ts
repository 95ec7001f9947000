/**
 * The gitleaks binary (when installed) on the same material, for comparison: the generated cases written
 * one per directory, and the clean tree. gitleaks reports lines, so a case counts as found when a finding's
 * lines overlap the value's lines in that case's file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Case } from './cases.ts';

interface Entry {
  RuleID: string;
  File: string;
  StartLine: number;
  EndLine: number;
}

export function gitleaksBinary(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v gitleaks'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '' ? r.stdout.trim() : undefined;
}

/** Runs gitleaks over a directory; its findings (rule id, file, lines). */
export function runGitleaksOn(bin: string, dir: string): Entry[] {
  const report = join(mkdtempSync(join(tmpdir(), 'sekisho-eval-gl-')), 'report.json');
  try {
    const common = ['--report-format', 'json', '--report-path', report, '--no-banner', '--exit-code', '0', '--log-level', 'error'];
    let r = spawnSync(bin, ['detect', '--no-git', '--source', dir, ...common], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) r = spawnSync(bin, ['dir', dir, ...common], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`gitleaks failed: ${r.stderr.slice(0, 300)}`);
    return JSON.parse(readFileSync(report, 'utf8')) as Entry[];
  } finally {
    rmSync(dirname(report), { recursive: true, force: true });
  }
}

/** Which cases gitleaks finds (by case id). */
export function gitleaksOnCases(bin: string, cases: readonly Case[]): Set<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-eval-cases-'));
  try {
    for (const c of cases) {
      const path = join(dir, c.id, c.fileName);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, c.text);
    }
    const byCase = new Map<string, Entry[]>();
    for (const e of runGitleaksOn(bin, dir)) {
      const rel = e.File.startsWith(dir) ? e.File.slice(dir.length + 1) : e.File;
      const id = rel.split('/')[0]!;
      byCase.set(id, [...(byCase.get(id) ?? []), e]);
    }
    const hit = new Set<string>();
    for (const c of cases) {
      const first = lineOf(c.text, c.start);
      const last = lineOf(c.text, Math.max(c.start, c.end - 1));
      if ((byCase.get(c.id) ?? []).some((e) => e.StartLine <= last && e.EndLine >= first)) hit.add(c.id);
    }
    return hit;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
