/**
 * `npm run eval:tool-output`: do secrets and personal data survive detection when they reach the model the
 * ordinary way — inside the terminal output an agent sends back as a tool result? Generates values of ~24
 * kinds (scripts/eval-tool-output/kinds.ts), prints each in ~30 tool-output forms (forms.ts: ANSI colours
 * around and inside the value, OSC 8 links, overstrike, cat -A, hexdump/xxd, wrapped base64, kubectl, docker
 * inspect, curl -v, tracebacks, util.inspect, tables, hard wraps, ...), wraps the text as a tool result of
 * each wire format (Anthropic tool_result, Responses function_call_output, Chat tool message) and runs the
 * request through the gateway's inspector (same detectors: build-detectors.ts; same surfaces:
 * wire-surfaces.ts). A positive counts when a secret/pii finding at medium or above is in the tool result.
 * Negatives (negatives.ts, plus every form printed with a harmless value) count any such finding.
 * A measurement: prints tables, exits 0.
 *
 *   node scripts/eval-tool-output.ts                  seed 4242, 2 values per kind and form
 *   node scripts/eval-tool-output.ts --misses         also list each missed (kind, form) and false positive
 *   node scripts/eval-tool-output.ts --json           summary as JSON
 */
import { parseArgs } from 'node:util';
import { buildDetectors } from '../src/inspection/build-detectors.ts';
import { defaultInspection } from '../src/config/defaults.ts';
import { Inspector } from '../src/inspection/inspector.ts';
import { collectWireSurfaces, type WireApi } from '../src/inspection/wire-surfaces.ts';
import { Rng } from './eval-heldout3/rng.ts';
import { KINDS } from './eval-tool-output/kinds.ts';
import { FORMS } from './eval-tool-output/forms.ts';
import { NEGATIVES } from './eval-tool-output/negatives.ts';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '4242' },
    per: { type: 'string', default: '2' },
    misses: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const inspector = new Inspector({ detectors: buildDetectors(defaultInspection()).detectors, hashKey: Buffer.alloc(32, 7), cacheEntries: 0 });
const WIRES: Array<{ id: string; api: WireApi; body(text: string): unknown }> = [
  { id: 'messages', api: 'messages', body: (t) => ({ model: 'm', max_tokens: 64, messages: [{ role: 'user', content: 'run it' }, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'run' } }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: t }] }] }) },
  { id: 'responses', api: 'responses', body: (t) => ({ model: 'm', input: [{ type: 'message', role: 'user', content: 'run it' }, { type: 'function_call', call_id: 'call_1', name: 'shell', arguments: '{"command":["run"]}' }, { type: 'function_call_output', call_id: 'call_1', output: t }] }) },
  { id: 'chat', api: 'chat', body: (t) => ({ model: 'm', messages: [{ role: 'user', content: 'run it' }, { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'bash', arguments: '{"command":"run"}' } }] }, { role: 'tool', tool_call_id: 'call_1', content: t }] }) },
];

/** Findings at medium or above, in any tool-result location (the tool output is the only place holding values). */
function found(wire: (typeof WIRES)[number], text: string): string[] {
  const res = inspector.inspectSurfaces(collectWireSurfaces({ api: wire.api, body: wire.body(text) }));
  return res.detections.filter((p) => (p.detection.type === 'secret' || p.detection.type === 'pii') && p.detection.confidence !== 'low' && p.text.includes(text.slice(0, 20))).map((p) => p.detection.ruleId);
}

const r = new Rng(Number(args.seed));
const per = Number(args.per);
interface Tally { total: number; hit: number }
const byForm = new Map<string, Tally>();
const byKind = new Map<string, Tally>();
const misses: string[] = [];
const bump = (m: Map<string, Tally>, k: string, hit: boolean): void => {
  const t = m.get(k) ?? { total: 0, hit: 0 };
  t.total++;
  if (hit) t.hit++;
  m.set(k, t);
};
let total = 0;
let hits = 0;
for (const form of FORMS) {
  for (const kind of KINDS) {
    for (let k = 0; k < per; k++) {
      const text = form.render(kind.name, kind.gen(r), r);
      for (const wire of WIRES) {
        const hit = found(wire, text).length > 0;
        bump(byForm, form.id, hit);
        bump(byKind, kind.id, hit);
        total++;
        if (hit) hits++;
        else if (wire.id === 'messages') misses.push(`${form.id} × ${kind.id}: ${JSON.stringify(text.slice(0, 160))}`);
      }
    }
  }
}

const fps: string[] = [];
let negTotal = 0;
const negByGroup = new Map<string, Tally>();
const harmless = ['hello-world', 'true', '/usr/local/bin', '3000'];
const negTexts: Array<[string, string]> = [];
for (const [group, gen] of NEGATIVES) for (let k = 0; k < per * 3; k++) negTexts.push([group, gen(r)]);
for (const form of FORMS) for (const v of harmless) negTexts.push([`form:${form.id}`, form.render(r.pick(['LOG_LEVEL', 'NODE_ENV', 'PORT', 'APP_NAME']), v, r)]);
for (const [group, text] of negTexts) {
  for (const wire of WIRES) {
    const rules = found(wire, text);
    negTotal++;
    bump(negByGroup, group.startsWith('form:') ? 'forms with harmless values' : group, rules.length > 0);
    if (rules.length > 0 && wire.id === 'messages') fps.push(`${group} [${rules.join(',')}]: ${JSON.stringify(text.slice(0, 160))}`);
  }
}

const pct = (t: Tally): string => `${((100 * t.hit) / t.total).toFixed(1)}%`;
if (args.json) {
  const obj = (m: Map<string, Tally>): Record<string, string> => Object.fromEntries([...m].map(([k, t]) => [k, `${t.hit}/${t.total}`]));
  console.log(JSON.stringify({ recall: `${hits}/${total}`, byForm: obj(byForm), byKind: obj(byKind), negatives: obj(negByGroup) }, null, 1));
} else {
  console.log(`tool-output eval: seed ${args.seed}, ${per} per (kind, form), ${WIRES.length} wire formats, ${KINDS.length} kinds, ${FORMS.length} forms`);
  console.log(`\nrecall (≥ medium) overall: ${hits}/${total} = ${pct({ total, hit: hits })}\n\nper form:`);
  for (const [k, t] of byForm) console.log(`  ${k.padEnd(26)} ${String(t.hit).padStart(4)}/${String(t.total).padEnd(4)} ${pct(t).padStart(6)}`);
  console.log('\nper kind:');
  for (const [k, t] of byKind) console.log(`  ${k.padEnd(26)} ${String(t.hit).padStart(4)}/${String(t.total).padEnd(4)} ${pct(t).padStart(6)}`);
  console.log(`\nnegatives (requests with any finding ≥ medium; lower is better), ${negTotal} requests:`);
  for (const [k, t] of negByGroup) console.log(`  ${k.padEnd(28)} ${String(t.hit).padStart(4)}/${String(t.total).padEnd(4)}`);
  if (args.misses) {
    console.log('\nmisses (messages wire):');
    for (const m of misses) console.log('  ' + m);
    console.log('\nfalse positives (messages wire):');
    for (const f of fps) console.log('  ' + f);
  }
}
