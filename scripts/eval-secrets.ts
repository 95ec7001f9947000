/**
 * `npm run eval:secrets`: recall and false positives of the built-in detectors on an evaluation set
 * generated from documented credential formats (scripts/eval-secrets/), and false positives on a clean
 * corpus of real code on this machine, each compared with the gitleaks binary when it is installed
 * (bench/setup-gitleaks.sh). A measurement, not a test: prints tables and exits 0.
 *
 *   node scripts/eval-secrets.ts                  seed 20261207, 6 placements per format, clean corpus 50 MB
 *   node scripts/eval-secrets.ts --json           the same as JSON on stdout (for the lead / CI trend)
 *   node scripts/eval-secrets.ts --misses         also list every missed positive and every false positive
 *   node scripts/eval-secrets.ts --seed 7 --per-format 10 --clean-mb 20 --no-clean --no-gitleaks
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildDetectors } from '../src/inspection/build-detectors.ts';
import { defaultInspection } from '../src/config/defaults.ts';
import { DEFAULT_SEED, generateSet, type Case } from './eval-secrets/cases.ts';
import { scoreCases, tally, type CaseResult, type Tally } from './eval-secrets/score.ts';
import { gitleaksBinary, gitleaksOnCases, runGitleaksOn } from './eval-secrets/gitleaks.ts';
import { prepareTree } from '../bench/support/scan-tree-build.ts';
import { machine } from '../bench/support/processes.ts';
import { gitleaksVersion as gitleaksVersionOf } from '../bench/support/scan-gitleaks.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    'per-format': { type: 'string', default: '6' },
    json: { type: 'boolean', default: false },
    misses: { type: 'boolean', default: false },
    'no-clean': { type: 'boolean', default: false },
    'clean-mb': { type: 'string', default: '50' },
    'no-gitleaks': { type: 'boolean', default: false },
  },
});
const log = (m: string): void => void process.stderr.write(`${m}\n`);

const seed = Number(args.seed);
const cases = generateSet({ seed, perFormat: Number(args['per-format']) });
log(`generated ${cases.length} cases (seed ${seed})`);
const secrets = buildDetectors({ ...defaultInspection(), pii: false });
const pii = buildDetectors({ ...defaultInspection(), pii: true, rules: { builtin: false, files: [], highEntropy: false } });
const results = scoreCases(cases, (type) => (type === 'secret' ? secrets.detectors : pii.detectors));
const bin = args['no-gitleaks'] ? undefined : gitleaksBinary();
const glHits = bin === undefined ? undefined : gitleaksOnCases(bin, cases);
const glHit = glHits === undefined ? undefined : (c: Case): boolean => glHits.has(c.id);

const pos = results.filter((r) => r.case.kind === 'positive');
const neg = results.filter((r) => r.case.kind === 'negative');
const secretPos = pos.filter((r) => r.case.type === 'secret');
const piiPos = pos.filter((r) => r.case.type === 'pii');
const byFamily = tally(secretPos, (r) => r.case.family, glHit);
const byFormat = tally(secretPos, (r) => r.case.format, glHit);
const piiByFormat = tally(piiPos, (r) => r.case.format.replace(/^(phone|card)-.*$/, '$1'), undefined);
const piiByPlan = tally(piiPos, (r) => r.case.format, undefined);
const negByGroup = tally(neg, (r) => (r.case.type === 'pii' ? `pii:${r.case.format}` : r.case.format.split(':')[0]!), glHit);
const overall = (rs: CaseResult[]): Tally => tally(rs, () => 'all', glHit).get('all') ?? { total: 0, any: 0, medium: 0, rules: {} };

// The clean corpus: real code, both tools, defaults.
let clean: Record<string, unknown> | undefined;
if (!args['no-clean']) {
  const tree = prepareTree(repo, Number(args['clean-mb']));
  log(`clean corpus: ${tree.files} files, ${(tree.bytes / 1e6).toFixed(1)} MB at ${tree.root}`);
  const run = (extra: string[]): { findings: number; byRule: Record<string, number>; seconds: number } => {
    const dir = mkdtempSync(join(tmpdir(), 'sekisho-eval-clean-'));
    try {
      const out = join(dir, 'r.json');
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [join(repo, 'bin/sekisho.js'), 'scan', tree.root, '-f', 'json', '-o', out, ...extra], { encoding: 'utf8' });
      if (r.status !== 0 && r.status !== 1) throw new Error(`sekisho scan exited ${r.status}: ${r.stderr.slice(0, 400)}`);
      const findings = (JSON.parse(readFileSync(out, 'utf8')) as { findings: Array<{ ruleId: string }> }).findings;
      return { findings: findings.length, byRule: count(findings.map((f) => f.ruleId)), seconds: (performance.now() - t0) / 1000 };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const defaults = run([]);
  const everything = run(['--pii', '--min-confidence', 'low']);
  const gl = bin === undefined ? undefined : runGitleaksOn(bin, tree.root);
  clean = {
    files: tree.files,
    megabytes: Number((tree.bytes / 1e6).toFixed(1)),
    sekishoDefaults: defaults,
    sekishoPiiAllTiers: everything,
    gitleaks: gl === undefined ? null : { findings: gl.length, byRule: count(gl.map((e) => e.RuleID)) },
  };
}

function count(ids: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of ids.sort()) out[id] = (out[id] ?? 0) + 1;
  return out;
}

const pct = (n: number, d: number): string => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);
const gitleaksVersion = bin === undefined ? null : gitleaksVersionOf(bin);
const summary = {
  date: new Date().toISOString(),
  machine: machine(),
  command: `node scripts/eval-secrets.ts --seed ${seed} --per-format ${args['per-format']}`,
  seed,
  cases: { total: cases.length, positives: pos.length, negatives: neg.length },
  secrets: { ...overall(secretPos), recallAny: overall(secretPos).any / secretPos.length, recallMedium: overall(secretPos).medium / secretPos.length },
  pii: { ...overall(piiPos), recallAny: overall(piiPos).any / piiPos.length },
  families: Object.fromEntries(byFamily),
  formats: Object.fromEntries(byFormat),
  pii_formats: Object.fromEntries(piiByPlan),
  negatives: Object.fromEntries(negByGroup),
  gitleaks: gitleaksVersion === null ? null : { version: gitleaksVersion, secretsFound: glHits === undefined ? 0 : secretPos.filter((r) => glHits.has(r.case.id)).length },
  clean: clean ?? null,
  misses: pos.filter((r) => r.confidence === undefined).map((r) => ({ id: r.case.id, value: r.case.value.slice(0, 80) })),
  falsePositives: neg.filter((r) => r.confidence !== undefined).map((r) => ({ id: r.case.id, confidence: r.confidence, rules: r.rules, value: r.case.value.slice(0, 80) })),
};

if (args.json) {
  process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
} else {
  const table = (title: string, rows: Map<string, Tally>, withGitleaks: boolean, showRules = true): void => {
    console.log(`\n${title}\n`);
    console.log(`| | cases | found (any tier) | recall | ≥ medium |${withGitleaks ? ' gitleaks |' : ''}${showRules ? ' found by |' : ''}`);
    console.log(`|---|---:|---:|---:|---:|${withGitleaks ? '---:|' : ''}${showRules ? '---|' : ''}`);
    for (const [k, t] of rows) {
      const rules = Object.entries(t.rules).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([id, n]) => `${id} ${n}`).join(', ');
      console.log(`| ${k} | ${t.total} | ${t.any} | ${pct(t.any, t.total)} | ${pct(t.medium, t.total)} |${withGitleaks ? ` ${pct(t.gitleaks ?? 0, t.total)} |` : ''}${showRules ? ` ${rules} |` : ''}`);
    }
  };
  const gl = glHits !== undefined;
  table('Secrets by family', byFamily, gl, false);
  const s = overall(secretPos);
  console.log(`| **all secrets** | ${s.total} | ${s.any} | **${pct(s.any, s.total)}** | ${pct(s.medium, s.total)} |${gl ? ` ${pct(s.gitleaks ?? 0, s.total)} |` : ''}`);
  table('Secrets by format (≈ per rule)', byFormat, gl);
  table('Personal data by kind (detectors with --pii)', piiByFormat, false);
  const p = overall(piiPos);
  console.log(`| **all personal data** | ${p.total} | ${p.any} | **${pct(p.any, p.total)}** | ${pct(p.medium, p.total)} |`);
  table('Personal data by format', piiByPlan, false, false);
  console.log('\nNegatives (a "found" here is a false positive)\n');
  console.log(`| group | cases | false positives (any tier) | ≥ medium |${gl ? ' gitleaks |' : ''} by |\n|---|---:|---:|---:|${gl ? '---:|' : ''}---|`);
  for (const [k, t] of negByGroup) {
    const rules = Object.entries(t.rules).map(([id, n]) => `${id} ${n}`).join(', ');
    console.log(`| ${k} | ${t.total} | ${t.any} | ${t.medium} |${gl ? ` ${t.gitleaks ?? 0} |` : ''} ${rules} |`);
  }
  if (clean !== undefined) {
    const c = clean as { files: number; megabytes: number; sekishoDefaults: { findings: number; byRule: object }; sekishoPiiAllTiers: { findings: number; byRule: object }; gitleaks: { findings: number; byRule: object } | null };
    console.log(`\nClean corpus (${c.files} files, ${c.megabytes} MB of real code)\n`);
    console.log('| | findings | by rule |\n|---|---:|---|');
    console.log(`| sekisho scan (defaults) | ${c.sekishoDefaults.findings} | ${JSON.stringify(c.sekishoDefaults.byRule)} |`);
    console.log(`| sekisho scan --pii --min-confidence low | ${c.sekishoPiiAllTiers.findings} | ${JSON.stringify(c.sekishoPiiAllTiers.byRule)} |`);
    console.log(c.gitleaks === null ? '| gitleaks | not installed | |' : `| gitleaks ${gitleaksVersion} | ${c.gitleaks.findings} | ${JSON.stringify(c.gitleaks.byRule)} |`);
  }
  if (args.misses) {
    console.log('\nMissed positives:');
    for (const m of summary.misses) console.log(`  ${m.id}: ${m.value}`);
    console.log('\nFalse positives:');
    for (const f of summary.falsePositives) console.log(`  ${f.id} (${f.confidence}, ${f.rules.join(', ')}): ${f.value}`);
  }
  console.log(`\nseed ${seed}; ${cases.length} cases; ${machine().cpu}, ${machine().cores} cores, Node ${process.version}`);
}
