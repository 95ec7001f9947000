/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and tells where the time went: self and total
 * (inclusive) time per function, and self time per file / category. Usable on its own:
 *
 *   node bench/support/profile-summary.ts <file.cpuprofile> [top N]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionTime {
  name: string;
  where: string;
  selfMs: number;
  totalMs: number;
}

export interface ProfileSummary {
  /** Sampled time, ms (idle included). */
  sampledMs: number;
  idleMs: number;
  functions: FunctionTime[];
  /** Self time per source file or category (`(garbage collector)`, `node:internal/...`). */
  files: { where: string; selfMs: number }[];
}

function shortUrl(url: string): string {
  if (url === '') return '';
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  const bench = url.indexOf('/bench/');
  if (bench >= 0) return url.slice(bench + 1);
  return url.replace(/^file:\/\//, '');
}

export function summarizeProfile(path: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const keyOf = (n: ProfileNode): string => {
    const cf = n.callFrame;
    return `${cf.functionName || '(anonymous)'}\t${shortUrl(cf.url)}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const files = new Map<string, number>();
  let sampledMs = 0;
  let idleMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    sampledMs += ms;
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      idleMs += ms;
      continue;
    }
    const key = keyOf(node);
    self.set(key, (self.get(key) ?? 0) + ms);
    const file = node.callFrame.url ? shortUrl(node.callFrame.url) : name || '(native)';
    files.set(file, (files.get(file) ?? 0) + ms);
    // Inclusive time: every distinct function on the stack gets the sample once (recursion counted once).
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const k = keyOf(byId.get(id)!);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + ms);
    }
  }
  const functions = [...total.entries()].map(([key, totalMs]) => {
    const [name, where] = key.split('\t') as [string, string];
    return { name, where, selfMs: self.get(key) ?? 0, totalMs };
  });
  return {
    sampledMs,
    idleMs,
    functions,
    files: [...files.entries()].map(([where, selfMs]) => ({ where, selfMs })).sort((a, b) => b.selfMs - a.selfMs),
  };
}

export function formatProfileSummary(s: ProfileSummary, top = 25): string {
  const busy = s.sampledMs - s.idleMs;
  const pct = (ms: number): string => `${((100 * ms) / Math.max(busy, 1e-9)).toFixed(1)}%`;
  const lines: string[] = [];
  lines.push(`sampled ${(s.sampledMs / 1000).toFixed(1)} s, busy ${(busy / 1000).toFixed(1)} s (percentages are of busy time)`);
  lines.push('', `### top ${top} functions by self time`, '', '| self | % | function | where |', '|---:|---:|---|---|');
  for (const fn of [...s.functions].sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) {
    lines.push(`| ${fn.selfMs.toFixed(0)} ms | ${pct(fn.selfMs)} | ${fn.name} | ${fn.where} |`);
  }
  const ours = s.functions.filter((fn) => fn.where.startsWith('src/'));
  lines.push('', `### top ${top} gateway (src/) functions by total (inclusive) time`, '', '| total | % | self | function | where |', '|---:|---:|---:|---|---|');
  for (const fn of ours.sort((a, b) => b.totalMs - a.totalMs).slice(0, top)) {
    lines.push(`| ${fn.totalMs.toFixed(0)} ms | ${pct(fn.totalMs)} | ${fn.selfMs.toFixed(0)} ms | ${fn.name} | ${fn.where} |`);
  }
  lines.push('', `### self time by file / category (top ${top})`, '', '| self | % | file |', '|---:|---:|---|');
  for (const file of s.files.slice(0, top)) lines.push(`| ${file.selfMs.toFixed(0)} ms | ${pct(file.selfMs)} | ${file.where} |`);
  return lines.join('\n');
}

if (import.meta.main) {
  const path = process.argv[2];
  if (!path) {
    console.error('usage: profile-summary.ts <file.cpuprofile> [top N]');
    process.exit(2);
  }
  console.log(formatProfileSummary(summarizeProfile(path), Number(process.argv[3] ?? 25)));
}
