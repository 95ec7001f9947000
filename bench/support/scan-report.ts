/**
 * What `bench:scan` prints (Markdown tables, pasted into docs/benchmarks.md) and the shape of
 * bench/results/scan-latest.json. No values of findings are ever written to the JSON: the corpus
 * holds real example keys from installed packages, and a results file should not carry them.
 */
import type { CorpusFile } from './scan-corpus.ts';
import type { FileFinding, RuleCount, Score } from './scan-score.ts';
import type { GitleaksResult } from './scan-gitleaks.ts';
import type { LatencyResult } from './scan-latency.ts';

export interface GitleaksRulesResult {
  note?: string;
  secretRules?: number;
  buildMs?: number;
  sliceFiles?: number;
  sliceBytes?: number;
  mbPerSecond?: number;
  planted?: number;
  found?: number;
  foundByDefaults?: number;
  truePositives?: number;
  falsePositives?: number;
  unplantedByRule?: RuleCount[];
}

export interface ScanResults {
  command: string;
  date: string;
  machine: { cpu: string; cores: number; node: string; kernel: string; loadavg: number[] };
  seed: number;
  corpus: { files: number; bytes: number; bySource: Record<string, { files: number; bytes: number }> };
  detectors: { names: string[]; secretRules: number; buildMs: number };
  throughput?: {
    warmUpMBps: number;
    passesMBps: number[];
    bestMBps: number;
    /** The same passes by CPU time (less sensitive to other load on the machine). */
    bestCpuMBps?: number;
    perSourceMBps: Record<string, number>;
    slowestFiles: Array<{ path: string; kb: number; mbps: number }>;
    componentsMBps: Record<string, number>;
  };
  unplanted?: { findings: number; byRule: RuleCount[] };
  accuracy?: Score;
  gitleaksRules?: GitleaksRulesResult;
  gitleaksBinary?: GitleaksResult;
  latency?: LatencyResult;
}

const f1 = (n: number | undefined): string => (n === undefined ? '–' : n.toFixed(1));
const f2 = (n: number | undefined): string => (n === undefined ? '–' : n.toFixed(2));
const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

export function printReport(r: ScanResults): void {
  const out: string[] = [];
  out.push(`corpus: ${r.corpus.files} files, ${(r.corpus.bytes / 1e6).toFixed(1)} MB; detectors ${r.detectors.names.join(', ')} (${r.detectors.secretRules} secret rules, built in ${f1(r.detectors.buildMs)} ms)`);
  const t = r.throughput;
  if (t !== undefined) {
    out.push('', '| throughput (clean corpus, per file, 1 thread) | MB/s |', '|---|---:|');
    out.push(`| defaults, best of ${t.passesMBps.length} (passes: ${t.passesMBps.map(f1).join(' / ')}; untimed-first pass ${f1(t.warmUpMBps)}) | ${f1(t.bestMBps)} |`);
    if (t.bestCpuMBps !== undefined) out.push(`| defaults, best of ${t.passesMBps.length} by CPU time of the process | ${f1(t.bestCpuMBps)} |`);
    for (const [k, v] of Object.entries(t.perSourceMBps)) out.push(`| … ${k} files | ${f1(v)} |`);
    for (const [k, v] of Object.entries(t.componentsMBps)) out.push(`| ${k} | ${f1(v)} |`);
    const g = r.gitleaksRules;
    if (g?.mbPerSecond !== undefined) out.push(`| defaults + gitleaks.toml (${g.secretRules} rules), ${f1((g.sliceBytes ?? 0) / 1e6)} MB slice | ${f1(g.mbPerSecond)} |`);
    out.push('', 'slowest files (≥ 20 KB): ' + t.slowestFiles.map((s) => `${s.path.replace(/^.*node_modules\//, '')} ${s.kb} KB ${f1(s.mbps)} MB/s`).join('; '));
  }
  const a = r.accuracy;
  if (a !== undefined) {
    out.push('', '| planted kind | planted | found | recall | plain | json | base64 | found by |', '|---|---:|---:|---:|---:|---:|---:|---|');
    for (const k of a.kinds) {
      const enc = (e: 'plain' | 'json' | 'base64'): string => {
        const v = k.byEncoding[e];
        return v === undefined ? '–' : `${v[1]}/${v[0]}`;
      };
      out.push(`| ${k.kind} | ${k.planted} | ${k.found} | ${pct(k.recall)} | ${enc('plain')} | ${enc('json')} | ${enc('base64')} | ${Object.entries(k.rules).map(([id, n]) => `${id} ${n}`).join(', ')} |`);
    }
    out.push(`| **all** | ${a.planted} | ${a.found} | ${pct(a.found / a.planted)} | | | | |`);
    const c = a.byConfidence;
    out.push('', `precision (planted + unplanted): ${a.truePositives} findings on plants, ${a.falsePositives} elsewhere → ${pct(a.precision)}; ` +
      `by confidence: high ${c.high.tp}/${c.high.fp}, medium ${c.medium.tp}/${c.medium.fp}, low ${c.low.tp}/${c.low.fp} (on plants / elsewhere)`);
  }
  if (r.unplanted !== undefined) {
    out.push('', `findings on unplanted text: ${r.unplanted.findings}`, '', '| rule | findings | files | high / medium / low | via decoding |', '|---|---:|---:|---|---:|');
    for (const x of r.unplanted.byRule) out.push(`| ${x.ruleId} | ${x.count} | ${x.files} | ${x.byConfidence.high ?? 0} / ${x.byConfidence.medium ?? 0} / ${x.byConfidence.low ?? 0} | ${x.decoded} |`);
  }
  const g = r.gitleaksRules;
  if (g !== undefined) out.push('', g.mbPerSecond === undefined ? `gitleaks rule set: ${g.note}` : `gitleaks rule set on the slice: build ${f1(g.buildMs)} ms, ${f1(g.mbPerSecond)} MB/s, found ${g.found}/${g.planted} planted (defaults: ${g.foundByDefaults}/${g.planted}), ${g.falsePositives} findings elsewhere`);
  const b = r.gitleaksBinary;
  if (b !== undefined) out.push(b.seconds === undefined ? `gitleaks binary: ${b.note}` : `gitleaks ${b.version}: ${f1(b.seconds)} s, ${f1(b.mbPerSecond)} MB/s, found ${b.found}/${b.planted}, ${b.findings} findings`);
  const l = r.latency;
  if (l !== undefined) {
    out.push('', `| latency, ${f1(l.requestBytes / 1000)} KB request, ${l.segments} segments | p50 ms | p99 ms | runs |`, '|---|---:|---:|---:|');
    out.push(`| JSON.parse + protocol parse (context, not inspection) | ${f2(l.parseMs.p50)} | ${f2(l.parseMs.p99)} | ${l.parseMs.runs} |`);
    out.push(`| inspect, cold (fresh Inspector) | ${f2(l.cold.p50)} | ${f2(l.cold.p99)} | ${l.cold.runs} |`);
    out.push(`| inspect, follow-up +${f1(l.followUpBytes / 1000)} KB (same Inspector; ${l.followUp.cachedSegments}/${l.followUp.segments} segments cached) | ${f2(l.followUp.p50)} | ${f2(l.followUp.p99)} | ${l.followUp.runs} |`);
    out.push(`| inspect, identical request again (same Inspector: the per-request floor) | ${f2(l.repeat.p50)} | ${f2(l.repeat.p99)} | ${l.repeat.runs} |`);
    if (l.followUpFullCache !== undefined) {
      out.push(`| inspect, follow-up with the cache turning over (cacheEntries ${l.followUpFullCache.cacheEntries}) | ${f2(l.followUpFullCache.p50)} | ${f2(l.followUpFullCache.p99)} | ${l.followUpFullCache.runs} |`);
    }
    if (l.coldCpu !== undefined) out.push(`| inspect, cold, CPU time | ${f2(l.coldCpu.p50)} | ${f2(l.coldCpu.p99)} | ${l.coldCpu.runs} |`);
    if (l.followUpCpu !== undefined) out.push(`| inspect, follow-up, CPU time | ${f2(l.followUpCpu.p50)} | ${f2(l.followUpCpu.p99)} | ${l.followUpCpu.runs} |`);
    out.push(`| first inspect in the process (JIT cold, 1 sample) | ${f2(l.firstCallMs)} | | 1 |`);
  }
  process.stdout.write(out.join('\n') + '\n');
}

/** Up to 10 examples per rule of findings on the unplanted corpus, spread evenly, for a person to judge. */
export function printSamples(found: FileFinding[], files: CorpusFile[]): void {
  const perRule = new Map<string, FileFinding[]>();
  for (const f of found) perRule.set(f.d.ruleId, [...(perRule.get(f.d.ruleId) ?? []), f]);
  for (const [rule, all] of perRule) {
    process.stdout.write(`\n## ${rule} (${all.length})\n`);
    const step = Math.max(1, Math.floor(all.length / 10));
    for (let k = 0; k < all.length; k += step) {
      const { file, d } = all[k] as FileFinding;
      const text = (files[file] as CorpusFile).text;
      const ls = text.lastIndexOf('\n', d.start - 1) + 1;
      const le = text.indexOf('\n', d.end);
      const line = text.slice(Math.max(ls, d.start - 80), Math.min(le === -1 ? text.length : le, d.end + 80)).replace(/\s+/g, ' ');
      process.stdout.write(`- ${(files[file] as CorpusFile).path} [${d.confidence}${d.encodings ? ' ' + d.encodings.join('/') : ''}] ${line}\n`);
    }
  }
}
