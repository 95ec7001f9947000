/**
 * `npm run bench:index`: the own-code index at ~1 M lines of real source (this repo's node_modules
 * JavaScript/TypeScript, topped up with Python's standard library) — build time and peak RSS, index file
 * size and load time, memory per 1 M indexed lines at query time (measured in a separate process that
 * only loads and queries), and own-code lookup latency (wall, and thread CPU time) of distinct (uncached)
 * 150 KB prompts, a follow-up turn (its segments freshly parsed strings) and an identical prompt again.
 *
 *   node bench/index.ts                  full run (~1 min on 2 cores), writes bench/results/index-latest.json
 *   node bench/index.ts --quick          200 k lines, 30 prompts, writes nothing
 *   node bench/index.ts --lines 500000   another corpus size
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { OwnCodeIndexBuilder } from '../src/inspection/own-code/index-builder.ts';
import { writeIndexFile } from '../src/inspection/own-code/index-file.ts';
import { defaultRoots, prng, readSources, type SourceFile } from './support/owncode-corpus.ts';
import { makePrompt } from './support/owncode-prompts.ts';
import { machine, readMemory, resetPeak } from './support/processes.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { quick: { type: 'boolean' }, lines: { type: 'string' }, prompts: { type: 'string' }, 'no-write': { type: 'boolean' } } });
const quick = args.quick === true;
const targetLines = Number(args.lines ?? (quick ? 200_000 : 1_000_000));
const promptCount = Number(args.prompts ?? (quick ? 30 : 110));
const WARM = 10;
const SEED = 20261124;
const log = (m: string): void => void process.stderr.write(`${m}\n`);
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

// --- corpus: the first `targetLines` lines; what is left over serves as unindexed code in prompts ---
let t0 = performance.now();
const all = readSources(defaultRoots(root));
const indexed: SourceFile[] = [];
let lines = 0;
for (const f of all) {
  if (lines >= targetLines) break;
  indexed.push(f);
  lines += f.lines;
}
const unindexed = all.slice(indexed.length).filter((f) => f.lines >= 40);
if (unindexed.length === 0) throw new Error('no unindexed files left for the prompts: lower --lines');
const chars = indexed.reduce((n, f) => n + f.text.length, 0);
log(`corpus: ${indexed.length} files, ${lines} lines, ${(chars / 1e6).toFixed(1)} MB indexed; ${unindexed.length} files held out (${(performance.now() - t0).toFixed(0)} ms)`);

// --- build, in this process (peak RSS reset after the corpus is in memory) ---
globalThis.gc?.();
const peakReset = resetPeak(process.pid);
const rssBefore = readMemory(process.pid).rssMb;
t0 = performance.now();
const builder = new OwnCodeIndexBuilder();
for (const f of indexed) builder.addFile(f.repo, f.path, f.text);
const fingerprintMs = performance.now() - t0;
t0 = performance.now();
const index = builder.build();
const mergeMs = performance.now() - t0;
const buildPeak = readMemory(process.pid).peakMb;
const dir = mkdtempSync(join(tmpdir(), 'sekisho-bench-index-'));
const indexPath = join(dir, 'own-code.idx');
t0 = performance.now();
writeIndexFile(indexPath, index);
const writeMs = performance.now() - t0;
const fileBytes = statSync(indexPath).size;
log(`build: fingerprint ${(fingerprintMs / 1000).toFixed(2)} s + merge ${(mergeMs / 1000).toFixed(2)} s, peak RSS ${buildPeak.toFixed(0)} MB (${rssBefore.toFixed(0)} MB before), file ${(fileBytes / 2 ** 20).toFixed(1)} MiB`);

// --- prompts, then the query side in its own process ---
const rand = prng(SEED);
const prompts: string[][] = [];
const followUps: string[] = [];
for (let i = 0; i < promptCount; i++) {
  prompts.push(makePrompt(rand, indexed, unindexed, 150_000));
  followUps.push(makePrompt(rand, indexed, unindexed, 2_000).join('\n\n'));
}
const promptsPath = join(dir, 'prompts.json');
writeFileSync(promptsPath, JSON.stringify({ prompts, followUps }));
const child = spawnSync(process.execPath, ['--expose-gc', join(root, 'bench/support/owncode-query.ts'), indexPath, promptsPath, String(WARM)], {
  encoding: 'utf8',
  maxBuffer: 64 * 2 ** 20,
  stdio: ['ignore', 'pipe', 'inherit'],
});
rmSync(dir, { recursive: true, force: true });
if (child.status !== 0) throw new Error(`query process failed (status ${child.status})`);
const q = JSON.parse(child.stdout) as {
  rssBeforeMb: number;
  rssAfterLoadMb: number;
  rssAfterQueriesMb: number;
  peakRssMb: number;
  loadMs: number;
  promptChars: number[];
  segments: number[];
  whole: number[];
  identical: number[];
  perSegment: number[];
  followUp: number[];
  wholeCpu: number[];
  followUpCpu: number[];
  findingsPerPrompt: number;
  segmentFindingsPerPrompt: number;
};

const perMillion = (mb: number): number => (mb * 1e6) / lines;
const results = {
  date: new Date().toISOString(),
  machine: machine(),
  corpus: { files: indexed.length, lines, chars, heldOutFiles: unindexed.length },
  build: {
    fingerprintMs,
    mergeMs,
    totalMs: fingerprintMs + mergeMs,
    writeMs,
    rssBeforeMb: rssBefore,
    peakRssMb: peakReset ? buildPeak : undefined,
    threads: 1,
  },
  index: {
    fileBytes,
    fileMbPerMillionLines: perMillion(fileBytes / 2 ** 20),
    structureEntries: index.structure.count,
    identifierEntries: index.identifiers.count,
    prunedStructure: index.stats.prunedStructure,
    prunedIdentifiers: index.stats.prunedIdentifiers,
  },
  query: {
    loadMs: q.loadMs,
    rssBeforeLoadMb: q.rssBeforeMb,
    rssAfterLoadMb: q.rssAfterLoadMb,
    rssAfterQueriesMb: q.rssAfterQueriesMb,
    peakRssMb: q.peakRssMb,
    indexRssMb: q.rssAfterLoadMb - q.rssBeforeMb,
    indexRssMbPerMillionLines: perMillion(q.rssAfterLoadMb - q.rssBeforeMb),
    rssGrowthMbPerMillionLinesAfterQueries: perMillion(q.rssAfterQueriesMb - q.rssBeforeMb),
  },
  lookup: {
    prompts: q.whole.length,
    warmUp: WARM,
    promptChars: { min: Math.min(...q.promptChars), max: Math.max(...q.promptChars) },
    segmentsPerPrompt: q.segments.reduce((a, b) => a + b, 0) / q.segments.length,
    findingsPerPrompt: q.findingsPerPrompt,
    wholeCold: { p50: pct(q.whole, 50), p99: pct(q.whole, 99), max: Math.max(...q.whole) },
    segmentsCold: { p50: pct(q.perSegment, 50), p99: pct(q.perSegment, 99) },
    followUp: { p50: pct(q.followUp, 50), p99: pct(q.followUp, 99) },
    wholeColdCpu: { p50: pct(q.wholeCpu, 50), mean: q.wholeCpu.reduce((a, b) => a + b, 0) / q.wholeCpu.length },
    followUpCpu: { p50: pct(q.followUpCpu, 50), mean: q.followUpCpu.reduce((a, b) => a + b, 0) / q.followUpCpu.length },
    identical: { p50: pct(q.identical, 50), p99: pct(q.identical, 99) },
  },
};

const f2 = (x: number | undefined): string => (x === undefined ? 'n/a' : x.toFixed(2));
const l = results.lookup;
console.log(`
own-code index, ${lines.toLocaleString('en')} lines / ${indexed.length} files (${(chars / 1e6).toFixed(1)} MB), 1 thread
  build            ${(results.build.totalMs / 1000).toFixed(2)} s (fingerprint ${(fingerprintMs / 1000).toFixed(2)} s, merge ${(mergeMs / 1000).toFixed(2)} s), peak RSS ${f2(results.build.peakRssMb)} MB
  index file       ${(fileBytes / 2 ** 20).toFixed(1)} MiB = ${results.index.fileMbPerMillionLines.toFixed(1)} MiB per 1 M lines (${index.structure.count} + ${index.identifiers.count} postings)
  load             ${q.loadMs.toFixed(1)} ms; RSS +${results.query.indexRssMb.toFixed(1)} MB = ${results.query.indexRssMbPerMillionLines.toFixed(1)} MB per 1 M lines (after ${l.prompts + WARM} prompts: +${(q.rssAfterQueriesMb - q.rssBeforeMb).toFixed(1)} MB)
  150 KB prompt    whole text, uncached   p50 ${f2(l.wholeCold.p50)} ms  p99 ${f2(l.wholeCold.p99)} ms  (${l.prompts} distinct prompts, ${l.findingsPerPrompt.toFixed(1)} findings each)
                   per segment, uncached  p50 ${f2(l.segmentsCold.p50)} ms  p99 ${f2(l.segmentsCold.p99)} ms  (${l.segmentsPerPrompt.toFixed(0)} segments)
                   whole, uncached, CPU   p50 ${f2(l.wholeColdCpu.p50)} ms  mean ${f2(l.wholeColdCpu.mean)} ms  (thread CPU time)
                   follow-up (+1 segment) p50 ${f2(l.followUp.p50)} ms  p99 ${f2(l.followUp.p99)} ms  (fresh strings, as a new request parses)
                   follow-up, CPU         p50 ${f2(l.followUpCpu.p50)} ms  mean ${f2(l.followUpCpu.mean)} ms
                   identical, cached      p50 ${f2(l.identical.p50)} ms  p99 ${f2(l.identical.p99)} ms
targets: build ≤ 60 s ${results.build.totalMs <= 60_000 ? 'met' : 'MISSED'}; ≤ 50 MB per 1 M lines ${results.query.indexRssMbPerMillionLines <= 50 ? 'met' : 'MISSED'}; 150 KB lookup ≤ 2 ms (p50, uncached) ${l.wholeCold.p50 <= 2 ? 'met' : 'MISSED'}`);
if (!quick && args['no-write'] !== true) writeFileSync(join(root, 'bench/results/index-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
