// Judges one redact scenario written by run.sh, under the worked example policy (examples/policy.yaml):
// the tool result carries an API key; policy redacts it on the way out. Pass = the first request (a
// plain question, sent with everything the client adds on its own) is allowed, not kept internal; a
// later request is redacted; the key never reaches the upstream, a placeholder does; and the client
// shows the original key where the model quoted the placeholder (restored in the answer).
// Prints one row and writes result.json.
//
//   node check-redact.mjs DIR SCENARIO CLIENT SECRET REPLY
import fs from 'node:fs';
import path from 'node:path';
import { jsonl, runDir } from './run-dir.mjs';

const [dir, scenario, client, SECRET, REPLY] = process.argv.slice(2);
const { read, exit, elapsed } = runDir(dir);
const notes = [];

// ---- gateway decisions ---------------------------------------------------------------------
const lines = jsonl(read('gateway.log')).filter((l) => l.msg === 'request');
const decisions = lines.map((l) => `${l.status}:${l.decision}`);
const firstAllowed = lines.length > 0 && lines[0].decision === 'allow';
const redacted = lines.some((l) => l.decision === 'redact' && (l.redacted ?? 0) > 0);
const internal = lines.filter((l) => l.decision === 'route-internal');
if (!firstAllowed) notes.push(`first request: ${lines[0]?.decision ?? 'none'} (expected allow)`);
if (internal.length) notes.push(`${internal.length} requests kept internal`);
if (!redacted) notes.push('no request was redacted');

// ---- upstream: the key never arrives, a placeholder does --------------------------------------
const posts = jsonl(read('fake/index.jsonl')).filter((r) => r.method === 'POST');
const sent = posts.map((r) => fs.readFileSync(path.join(dir, 'fake', r.file), 'utf8'));
const leaked = sent.some((b) => b.includes(SECRET));
const placeholder = sent.some((b) => /REDACTED_[A-Z0-9_]+/.test(b));
if (leaked) notes.push('THE KEY REACHED THE UPSTREAM');
if (!placeholder) notes.push('no placeholder reached the upstream');

// ---- client: the answer shows the original key ----------------------------------------------
const stdout = read('stdout.txt');
let shown = '';
if (client === 'claude') {
  try { shown = String(JSON.parse(stdout).result ?? ''); } catch { notes.push('claude stdout is not JSON'); }
} else if (client.startsWith('codex')) {
  shown = jsonl(stdout).filter((e) => e.type === 'item.completed' && e.item?.type === 'agent_message').map((e) => e.item.text).join('\n');
} else {
  shown = jsonl(stdout).filter((e) => e.type === 'text').map((e) => e.part?.text ?? '').join('\n');
}
const answered = shown.includes(REPLY);
const restored = shown.includes(SECRET);
const placeholderShown = /REDACTED_[A-Z0-9_]+/.test(shown);
if (!answered) notes.push(`no answer shown; stderr: ${read('stderr.txt').trim().split('\n').slice(-2).join(' | ').slice(0, 200)}`);
if (!restored) notes.push('the answer does not show the restored key');
if (placeholderShown) notes.push('the client shows a placeholder');

const pass = firstAllowed && internal.length === 0 && redacted && !leaked && placeholder && answered && restored && !placeholderShown;
const yn = (b) => (b ? 'yes' : 'NO');
console.log(`${scenario.padEnd(32)} ${exit.padEnd(4)} ${(elapsed + 's').padEnd(6)} first-allowed:${yn(firstAllowed)} redacted:${yn(redacted)} ` +
  `leaked:${leaked ? 'YES' : 'no'} restored:${yn(restored)} ${pass ? 'pass' : 'FAIL'} | gw ${decisions.join(',')}`);
for (const n of notes) console.log(`${''.padEnd(34)}- ${n}`);
fs.writeFileSync(path.join(dir, 'result.json'), JSON.stringify({
  scenario, client, exit, elapsedS: elapsed, decisions, firstAllowed, redacted, leaked, placeholderSent: placeholder, answered, restored,
  placeholderShown, verdict: pass ? 'pass' : 'FAIL', notes,
}, null, 2));
process.exit(pass ? 0 : 1);
