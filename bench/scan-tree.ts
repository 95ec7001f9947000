/**
 * `npm run bench:scan-tree`: `sekisho scan` against the gitleaks binary on the same ~50 MB tree of real
 * code on disk, both timed end to end as separate processes (start-up, walk, read, scan, report), runs
 * interleaved so both see the same machine load; reports medians, the ratio and both tools' finding
 * counts. gitleaks is optional: `bench/setup-gitleaks.sh` installs Debian trixie's package.
 *
 *   node bench/scan-tree.ts                 3 interleaved runs, writes bench/results/scan-tree-latest.json
 *   node bench/scan-tree.ts --runs 5 --mb 50
 *   node bench/scan-tree.ts --profile       also the single-file path in one thread, by phase
 *   node bench/scan-tree.ts --json          the results as JSON on stdout
 *   node bench/scan-tree.ts --workers 2     sekisho's interleaved runs with that many workers (default: the CLI's)
 *   node bench/scan-tree.ts --compare DIR   also runs another checkout's `bin/sekisho.js` (e.g. main's, from
 *                                           `git worktree add`), interleaved: before/after under the same load
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gitleaksPath, gitleaksVersion as gitleaksVersionOf } from './support/scan-gitleaks.ts';
import { machine } from './support/processes.ts';
import { prepareTree } from './support/scan-tree-build.ts';
import { profileSingleFile } from './support/scan-tree-profile.ts';
import { defaultWorkers } from '../src/cli/commands/scan.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: { mb: { type: 'string', default: '50' }, runs: { type: 'string', default: '3' }, profile: { type: 'boolean' }, json: { type: 'boolean' }, 'no-write': { type: 'boolean' }, 'no-gitleaks': { type: 'boolean' }, workers: { type: 'string' }, compare: { type: 'string' } },
});
const log = (m: string): void => void process.stderr.write(`${m}\n`);

interface Timed {
  seconds: number[];
  cpuSeconds: number[];
  findings: number;
  byRule: Record<string, number>;
}

const tree = prepareTree(repo, Number(args.mb));
log(`tree: ${tree.root} — ${tree.files} files, ${(tree.bytes / 1e6).toFixed(1)} MB (${tree.built ? 'written now' : 'reused'})`);
const scratch = mkdtempSync(join(tmpdir(), 'sekisho-scan-tree-run-'));
const runs = Math.max(1, Number(args.runs));

/**
 * Runs a command through `sh -c '…; times'`: wall time, and the CPU time (user + system) the shell's
 * children used — on a machine others are loading, CPU time says more about the work than wall time.
 */
function timed(cmd: string, argv: string[]): { status: number | null; stderr: string; seconds: number; cpuSeconds: number } {
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', '"$@" 2>&1 1>/dev/null | tail -c 2000 >&2; times', 'sh', cmd, ...argv], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  const lines = r.stdout.trim().split('\n');
  const child = (lines.at(-1) ?? '').match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
  const cpuSeconds = child === null ? NaN : Number(child[1]) * 60 + Number(child[2]) + Number(child[3]) * 60 + Number(child[4]);
  // `"$@"`'s own exit status is lost in the pipe: the report file tells whether it ran.
  return { status: r.status, stderr: r.stderr, seconds, cpuSeconds };
}

function runSekisho(extra: string[], checkout = repo): { seconds: number; cpuSeconds: number; findings: number; byRule: Record<string, number> } {
  const out = join(scratch, 'sekisho.json');
  rmSync(out, { force: true });
  const r = timed(process.execPath, [join(checkout, 'bin/sekisho.js'), 'scan', tree.root, '--format', 'json', '-o', out, ...extra]);
  const seconds = r.seconds;
  if (!existsSync(out)) throw new Error(`sekisho scan wrote no report: ${r.stderr.slice(0, 500)}`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as { findings: Array<{ ruleId: string }> };
  return { seconds, cpuSeconds: r.cpuSeconds, findings: report.findings.length, byRule: countRules(report.findings.map((f) => f.ruleId)) };
}

const gitleaksHasDir = (bin: string): boolean => spawnSync(bin, ['dir', '--help'], { encoding: 'utf8' }).status === 0;

function runGitleaks(bin: string): { seconds: number; cpuSeconds: number; findings: number; byRule: Record<string, number> } {
  const out = join(scratch, 'gitleaks.json');
  rmSync(out, { force: true });
  const common = ['--report-format', 'json', '--report-path', out, '--no-banner', '--exit-code', '0', '--log-level', 'error'];
  // `dir` from v8.19; Debian trixie ships 8.16, which has `detect --no-git`.
  const r = timed(bin, gitleaksHasDir(bin) ? ['dir', tree.root, ...common] : ['detect', '--no-git', '--source', tree.root, ...common]);
  if (!existsSync(out)) throw new Error(`gitleaks wrote no report: ${r.stderr.slice(0, 500)}`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as Array<{ RuleID: string }>;
  return { seconds: r.seconds, cpuSeconds: r.cpuSeconds, findings: report.length, byRule: countRules(report.map((f) => f.RuleID)) };
}

function countRules(ids: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of ids.sort()) out[id] = (out[id] ?? 0) + 1;
  return out;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function add(into: Timed | undefined, r: { seconds: number; cpuSeconds: number; findings: number; byRule: Record<string, number> }): Timed {
  if (into === undefined) return { seconds: [r.seconds], cpuSeconds: [r.cpuSeconds], findings: r.findings, byRule: r.byRule };
  into.seconds.push(r.seconds);
  into.cpuSeconds.push(r.cpuSeconds);
  if (into.findings !== r.findings) throw new Error(`finding count changed between runs: ${into.findings} then ${r.findings}`);
  return into;
}

const bin = args['no-gitleaks'] === true ? undefined : gitleaksPath();
const gitleaksVersion = bin === undefined ? undefined : gitleaksVersionOf(bin);
let sekisho: Timed | undefined;
let oneWorker: Timed | undefined;
let withPii: Timed | undefined;
let gitleaks: Timed | undefined;
let compared: Timed | undefined;
const compare = args.compare === undefined ? undefined : resolve(args.compare);
const workerArgs = args.workers === undefined ? [] : ['--workers', args.workers];
try {
  for (let i = 0; i < runs; i++) {
    if (compare !== undefined) compared = add(compared, runSekisho(workerArgs, compare));
    sekisho = add(sekisho, runSekisho(workerArgs));
    if (bin !== undefined) gitleaks = add(gitleaks, runGitleaks(bin));
    log(`run ${i + 1}/${runs}: sekisho ${sekisho.seconds.at(-1)!.toFixed(2)} s (cpu ${sekisho.cpuSeconds.at(-1)!.toFixed(2)})${compared ? `, compared checkout ${compared.seconds.at(-1)!.toFixed(2)} s (cpu ${compared.cpuSeconds.at(-1)!.toFixed(2)})` : ''}${gitleaks ? `, gitleaks ${gitleaks.seconds.at(-1)!.toFixed(2)} s (cpu ${gitleaks.cpuSeconds.at(-1)!.toFixed(2)})` : ''}`);
  }
  oneWorker = add(undefined, runSekisho(['--workers', '1']));
  withPii = add(undefined, runSekisho(['--pii', '--min-confidence', 'low']));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const mb = tree.bytes / 1e6;
const s = median(sekisho!.seconds);
const g = gitleaks === undefined ? undefined : median(gitleaks.seconds);
const sCpu = median(sekisho!.cpuSeconds);
const gCpu = gitleaks === undefined ? undefined : median(gitleaks.cpuSeconds);
const results = {
  date: new Date().toISOString(),
  machine: { ...machine(), availableParallelism: availableParallelism(), loadAverage: readFileSync('/proc/loadavg', 'utf8').trim() },
  tree: { files: tree.files, megabytes: Number(mb.toFixed(1)) },
  workers: args.workers === undefined ? defaultWorkers(availableParallelism()) : Number(args.workers),
  // The compared checkout by its folder's name only (no machine paths in results).
  compared: compared === undefined ? undefined : { checkout: basename(compare as string), medianSeconds: median(compared.seconds), seconds: compared.seconds, medianCpuSeconds: median(compared.cpuSeconds), cpuSeconds: compared.cpuSeconds, findings: compared.findings },
  sekisho: { command: 'sekisho scan TREE --format json -o FILE', medianSeconds: s, seconds: sekisho!.seconds, medianCpuSeconds: sCpu, cpuSeconds: sekisho!.cpuSeconds, mbPerSecond: mb / s, findings: sekisho!.findings, byRule: sekisho!.byRule },
  sekishoOneWorker: { command: '… --workers 1', seconds: oneWorker!.seconds[0], cpuSeconds: oneWorker!.cpuSeconds[0], findings: oneWorker!.findings },
  sekishoWithPii: { command: '… --pii --min-confidence low', seconds: withPii!.seconds[0], cpuSeconds: withPii!.cpuSeconds[0], findings: withPii!.findings, byRule: withPii!.byRule },
  gitleaks: gitleaks === undefined
    ? { available: false, note: 'gitleaks not on PATH (bench/setup-gitleaks.sh installs it)' }
    : { available: true, version: gitleaksVersion, command: 'gitleaks detect --no-git --source TREE', medianSeconds: g, seconds: gitleaks.seconds, medianCpuSeconds: gCpu, cpuSeconds: gitleaks.cpuSeconds, mbPerSecond: mb / g!, findings: gitleaks.findings, byRule: gitleaks.byRule },
  ratio: g === undefined ? undefined : g / s,
  cpuRatio: gCpu === undefined ? undefined : gCpu / sCpu,
  profile: args.profile === true ? profileSingleFile(tree.root) : undefined,
};

if (args.json === true) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
else {
  const row = (name: string, secs: number, cpu: number, findings: number): string => `| ${name} | ${secs.toFixed(2)} | ${cpu.toFixed(2)} | ${(mb / secs).toFixed(1)} | ${findings} |`;
  console.log(`\n${tree.files} files, ${mb.toFixed(1)} MB, ${results.machine.cores} cores (${results.machine.cpu}), load ${results.machine.loadAverage}\n`);
  console.log('| tool | wall s (median) | CPU s | MB/s (wall) | findings |\n|---|---:|---:|---:|---:|');
  console.log(row(`sekisho scan (${args.workers === undefined ? 'defaults, ' : ''}${results.workers} worker(s))`, s, sCpu, sekisho!.findings));
  if (compared !== undefined) console.log(row(`the compared checkout, same options`, median(compared.seconds), median(compared.cpuSeconds), compared.findings));
  console.log(row('sekisho scan --workers 1', oneWorker!.seconds[0]!, oneWorker!.cpuSeconds[0]!, oneWorker!.findings));
  console.log(row('sekisho scan --pii --min-confidence low', withPii!.seconds[0]!, withPii!.cpuSeconds[0]!, withPii!.findings));
  if (g !== undefined) console.log(row(`gitleaks ${gitleaksVersion}`, g, gCpu!, gitleaks!.findings));
  console.log(g === undefined ? '\ngitleaks: not installed (bench/setup-gitleaks.sh)' : `\nsekisho is ${(g / s).toFixed(1)}x gitleaks' speed (wall), ${(gCpu! / sCpu).toFixed(1)}x by CPU time`);
  if (compared !== undefined && g !== undefined) console.log(`the compared checkout is ${(g / median(compared.seconds)).toFixed(1)}x gitleaks' speed (wall), ${(gCpu! / median(compared.cpuSeconds)).toFixed(1)}x by CPU time`);
  console.log(`sekisho findings by rule: ${JSON.stringify(sekisho!.byRule)}`);
  if (gitleaks) console.log(`gitleaks findings by rule: ${JSON.stringify(gitleaks.byRule)}`);
  console.log(`sekisho --pii findings by rule: ${JSON.stringify(withPii!.byRule)}`);
  if (results.profile) console.log(`\nsingle-file path, one thread: ${JSON.stringify(results.profile, null, 2)}`);
}
if (args['no-write'] !== true) writeFileSync(join(repo, 'bench/results/scan-tree-latest.json'), JSON.stringify(results, null, 2) + '\n');
