/**
 * `npm run eval:heldout3`: a third, independent evaluation of the detectors (scripts/eval-heldout3/),
 * written apart from scripts/eval-secrets and scripts/eval-heldout: vendor token formats and placements
 * taken as facts from other projects' suites (trufflehog, Nosey Parker, Kingfisher, gitleaks,
 * detect-secrets, secretlint; Presidio, scrubadub, Google DLP for personal data), values generated here.
 * Recall per family (any tier, and ≥ medium), false positives on near misses, and default-confidence
 * findings on a clean corpus (the repository's own node_modules). A measurement: prints tables, exits 0.
 *
 *   node scripts/eval-heldout3.ts                       seed 31337, 4 cases per format, 8 MB clean corpus
 *   node scripts/eval-heldout3.ts --misses              also list misses and false positives
 *   node scripts/eval-heldout3.ts --json                summary as JSON
 *   node scripts/eval-heldout3.ts --seed 5 --per 6 --clean-mb 0
 */
import { parseArgs } from 'node:util';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RANK, detectCase, evalDetectors, printRecallTable, tally, type CaseResult, type Row } from './eval-common/detect-case.ts';
import { generateCases, HELDOUT3_SEED, type Case } from './eval-heldout3/cases.ts';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: String(HELDOUT3_SEED) },
    per: { type: 'string', default: '4' },
    'clean-mb': { type: 'string', default: '8' },
    misses: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const cases = generateCases(Number(args.seed), Number(args.per));
const { secrets, pii } = evalDetectors();
type Result = CaseResult<Case>;
const detect = detectCase<Case>;

const pos = cases.filter((c) => c.kind === 'positive').map((c) => detect(c.type === 'secret' ? secrets : pii, c, false));
const neg = cases.filter((c) => c.kind === 'negative').map((c) => detect(c.type === 'secret' ? secrets : pii, c, true));

const families = tally(pos, (r) => r.c.family);
const overall = (type: Case['type']): Row => tally(pos.filter((r) => r.c.type === type), () => 'x').get('x') ?? { total: 0, any: 0, medium: 0 };
const negatives = tally(neg, (r) => r.c.family);

/** Default-confidence findings on real code that holds no credentials: the repository's node_modules. */
function cleanCorpus(limitMb: number): { files: number; megabytes: number; secretsMedium: number; piiMedium: number; byRule: Record<string, number> } {
  const limit = limitMb * 1e6;
  const files: string[] = [];
  let bytes = 0;
  const walk = (dir: string): void => {
    if (bytes >= limit) return;
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      if (bytes >= limit) return;
      const p = join(dir, e);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st === undefined) continue;
      if (st.isDirectory()) walk(p);
      else if (/\.(?:js|mjs|cjs|ts|json|md|yml|yaml)$/.test(e) && st.size < 2e6) {
        files.push(p);
        bytes += st.size;
      }
    }
  };
  walk(join(import.meta.dirname, '..', 'node_modules'));
  let secretsMedium = 0;
  let piiMedium = 0;
  const byRule: Record<string, number> = {};
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const [dets, kind] of [[secrets, 's'], [pii, 'p']] as const) {
      for (const det of dets) {
        for (const d of det.scan(text)) {
          if ((d.type !== 'secret' && d.type !== 'pii') || RANK[d.confidence] < RANK.medium) continue;
          if (kind === 's') secretsMedium++;
          else piiMedium++;
          byRule[d.ruleId] = (byRule[d.ruleId] ?? 0) + 1;
        }
      }
    }
  }
  return { files: files.length, megabytes: Number((bytes / 1e6).toFixed(1)), secretsMedium, piiMedium, byRule };
}
const clean = Number(args['clean-mb']) > 0 ? cleanCorpus(Number(args['clean-mb'])) : null;

const summary = {
  seed: Number(args.seed),
  cases: cases.length,
  secrets: overall('secret'),
  pii: overall('pii'),
  families: Object.fromEntries(families),
  negatives: Object.fromEntries(negatives),
  clean,
  misses: pos.filter((r) => r.best === undefined).map((r) => r.c.id),
  falsePositives: neg.filter((r) => r.best !== undefined && RANK[r.best] >= RANK.medium).map((r) => ({ id: r.c.id, rules: r.rules })),
};

if (args.json) {
  process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
} else {
  printRecallTable(families, overall);
  console.log('\n| negative group | cases | reported (any) | ≥ medium (false positive) |\n|---|---:|---:|---:|');
  for (const [k, t] of negatives) console.log(`| ${k} | ${t.total} | ${t.any} | ${t.medium} |`);
  if (clean !== null) console.log(`\nclean corpus (node_modules, ${clean.files} files, ${clean.megabytes} MB): secrets ≥ medium ${clean.secretsMedium}, personal data ≥ medium ${clean.piiMedium} ${JSON.stringify(clean.byRule)}`);
  if (args.misses) {
    const byFormat = new Map<string, string[]>();
    for (const r of pos.filter((x) => x.best === undefined)) byFormat.set(r.c.format.split('@')[0]!, [...(byFormat.get(r.c.format.split('@')[0]!) ?? []), r.c.text.slice(0, 150)]);
    console.log('\nMissed:');
    for (const [f, ts] of byFormat) console.log(`  ${f} (${ts.length}): ${JSON.stringify(ts[0])}`);
    console.log('\nFalse positives (≥ medium):');
    for (const r of neg.filter((x) => x.best !== undefined && RANK[x.best] >= RANK.medium)) console.log(`  ${r.c.id} (${r.rules.join(',')}): ${JSON.stringify(r.c.text.slice(0, 150))}`);
  }
  console.log(`\nseed ${summary.seed}; ${cases.length} cases`);
}
