/**
 * `npm run eval:heldout`: recall and false positives on the held-out set (scripts/eval-heldout/), a
 * second evaluation written apart from scripts/eval-secrets (which the rules were tuned on): other
 * placements (the sample shapes of other scanners' test suites), other value shapes, more numbering
 * plans, and clean code. A measurement, not a test: prints tables and exits 0.
 *
 *   node scripts/eval-heldout.ts                 seed 424242, 5 placements per format
 *   node scripts/eval-heldout.ts --misses        also list every miss and false positive
 *   node scripts/eval-heldout.ts --json          the summary as JSON
 *   node scripts/eval-heldout.ts --seed 7 --per-format 8
 */
import { parseArgs } from 'node:util';
import { RANK, detectCase, evalDetectors, printRecallTable, tally, type CaseResult, type Row } from './eval-common/detect-case.ts';
import { generateHeldout, HELDOUT_SEED, type HeldoutCase } from './eval-heldout/cases.ts';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: String(HELDOUT_SEED) },
    'per-format': { type: 'string', default: '5' },
    misses: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const cases = generateHeldout(Number(args.seed), Number(args['per-format']));
const { secrets, pii } = evalDetectors();
type Result = CaseResult<HeldoutCase>;
const detect = detectCase<HeldoutCase>;

const positives = cases.filter((c) => c.kind === 'positive').map((c) => detect(c.type === 'secret' ? secrets : pii, c, false));
// A negative is reported when anything at all is found in its text (secrets by default; personal data with --pii).
const negSecret = cases.filter((c) => c.kind === 'negative').map((c) => detect(secrets, c, true));
const negPii = cases.filter((c) => c.kind === 'negative').map((c) => detect(pii, c, true));


const families = tally(positives, (r) => (r.c.type === 'pii' ? `pii:${r.c.format.replace(/^(phone-e164|phone-national|card|iban|ssn-[a-z]+)-.*$/, '$1')}` : r.c.family));
const all = (type: 'secret' | 'pii'): Row => [...tally(positives.filter((r) => r.c.type === type), () => 'x').values()][0] ?? { total: 0, any: 0, medium: 0 };
const negRows = (rs: Result[]): Map<string, Row> => tally(rs, (r) => r.c.family);

const summary = {
  seed: Number(args.seed),
  cases: cases.length,
  secrets: all('secret'),
  pii: all('pii'),
  families: Object.fromEntries(families),
  negativesSecret: Object.fromEntries(negRows(negSecret)),
  negativesPii: Object.fromEntries(negRows(negPii)),
  misses: positives.filter((r) => r.best === undefined).map((r) => r.c.id),
  lowOnly: positives.filter((r) => r.best === 'low').map((r) => r.c.id),
  falsePositives: [...negSecret, ...negPii].filter((r) => r.best !== undefined && RANK[r.best] >= RANK.medium).map((r) => ({ id: r.c.id, best: r.best, rules: r.rules })),
};

if (args.json) {
  process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
} else {
  printRecallTable(families, all);
  console.log('\nNegatives (anything found in the text; ≥ medium is a false positive)\n');
  console.log('| group | cases | secret rules any / ≥ medium | personal data any / ≥ medium |\n|---|---:|---:|---:|');
  const ns = negRows(negSecret);
  const np = negRows(negPii);
  for (const [k, t] of ns) console.log(`| ${k} | ${t.total} | ${t.any} / ${t.medium} | ${np.get(k)!.any} / ${np.get(k)!.medium} |`);
  if (args.misses) {
    console.log('\nMissed:');
    for (const r of positives.filter((x) => x.best === undefined)) console.log(`  ${r.c.id}: ${JSON.stringify(r.c.text.slice(0, 160))}`);
    console.log('\nLow only:');
    for (const r of positives.filter((x) => x.best === 'low')) console.log(`  ${r.c.id} (${r.rules.join(',')}): ${JSON.stringify(r.c.text.slice(0, 160))}`);
    console.log('\nFalse positives (≥ medium):');
    for (const r of [...negSecret, ...negPii].filter((x) => x.best !== undefined && RANK[x.best] >= RANK.medium)) console.log(`  ${r.c.id} (${r.best}, ${r.rules.join(',')}): ${JSON.stringify(r.c.text.slice(0, 160))}`);
  }
  console.log(`\nseed ${summary.seed}; ${cases.length} cases`);
}
