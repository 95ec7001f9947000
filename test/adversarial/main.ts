/**
 * `npm run adversarial`: runs the whole matrix and prints the tables. Options: `--class a,b` runs only
 * those classes; `--failures N` lists up to N failing cases with what the backend got.
 */
import { parseArgs } from 'node:util';
import { formatReport } from './report.ts';
import { runSuite } from './run.ts';
import { runDecisionSuite } from './decision.ts';

const { values } = parseArgs({ options: { class: { type: 'string' }, failures: { type: 'string' } } });
const only = values.class?.split(',').map((s) => s.trim());
const started = Date.now();
const filter = only ? (c: { name: string }): boolean => only.includes(c.name) : undefined;
const results = [...(await runSuite(filter)), ...(await runDecisionSuite(filter))];
console.log(formatReport(results));
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
const show = Number(values.failures ?? 0);
for (const r of results.filter((x) => x.failure !== undefined).slice(0, show)) {
  const c = r.case;
  console.log(`- #${c.id} ${c.className} ${c.api} ${c.stream ? 'stream' : 'json'} ${c.route} ${c.setup} ${c.kind}: ${r.failure} — ${r.detail ?? ''}`);
}
