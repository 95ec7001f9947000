// Judges one block scenario written by run.sh: the tool result (block set) or the prompt (policy set)
// carries a private key, policy blocks that request. Pass = the client shows the policy message (rule name and the blocked request's id), does
// not call it an authentication failure, and sends the blocked request once (no retries).
// Prints one row and writes result.json.
//
//   node check-block.mjs DIR SCENARIO CLIENT
import fs from 'node:fs';
import path from 'node:path';
import { jsonl, runDir } from './run-dir.mjs';

const [dir, scenario, client] = process.argv.slice(2);
const { read, exit, elapsed } = runDir(dir);
const notes = [];


// ---- gateway: one access-log line per request (and one audit event) --------------------------
const lines = jsonl(read('gateway.log')).filter((l) => l.msg === 'request');
const blocked = lines.filter((l) => l.decision === 'block');
const ids = blocked.map((l) => l.requestId);
const statuses = lines.map((l) => `${l.status}${l.decision === 'block' ? '(block)' : ''}`);

// ---- what the client showed ----------------------------------------------------------------
const stdout = read('stdout.txt');
let shown = '';
if (client === 'claude') {
  try { shown = String(JSON.parse(stdout).result ?? ''); } catch { notes.push('claude stdout is not JSON'); }
} else if (client.startsWith('codex')) {
  const ev = jsonl(stdout);
  shown = ev.filter((e) => e.type === 'turn.failed').map((e) => e.error?.message ?? '').join('\n');
  const reconnects = ev.filter((e) => e.type === 'error' && /Reconnecting/.test(e.message ?? '')).length;
  if (reconnects) notes.push(`codex reconnected ${reconnects} times`);
} else {
  shown = jsonl(stdout).filter((e) => e.type === 'error').map((e) => e.error?.data?.message ?? JSON.stringify(e.error)).join('\n');
}
if (!shown) shown = read('stderr.txt').trim().split('\n').slice(-3).join(' | ');

const namesRule = shown.includes('no-private-keys');
// Every blocked request's id is shown; with a tap (opencode's title request is blocked too, silently),
// the id of one blocked request is.
const namesId = ids.length > 0 && (fs.existsSync(path.join(dir, 'tap')) ? ids.some((id) => shown.includes(id)) : ids.every((id) => shown.includes(id)));
const authWording = /authenticat|log ?in|api key/i.test(shown);
// With a tap (policy scenarios: the key is in the prompt, so opencode's title request is blocked too),
// "once" means no request body was sent twice; without one, exactly one request was blocked.
const tapDir = path.join(dir, 'tap');
let once = blocked.length === 1;
if (fs.existsSync(tapDir)) {
  const bodies = fs.readdirSync(tapDir).map((f) => JSON.parse(fs.readFileSync(path.join(tapDir, f), 'utf8'))).filter((r) => r.method === 'POST').map((r) => r.body64);
  const retries = bodies.length - new Set(bodies).size;
  once = blocked.length >= 1 && retries === 0;
  if (retries) notes.push(`the client sent ${retries} request(s) again (retries)`);
  if (!blocked.length) notes.push('no request was blocked');
} else if (!once) notes.push(`${blocked.length} blocked requests reached the gateway (expected 1)`);
if (!namesRule) notes.push('the rule name is not in what the client showed');
if (!namesId) notes.push('the blocked request id is not in what the client showed');
if (authWording) notes.push('the client calls it an authentication problem');

// ---- upstream: the blocked content never arrives ----------------------------------------------
const posts = jsonl(read('fake/index.jsonl')).filter((r) => r.method === 'POST');
const leaked = posts.some((r) => fs.readFileSync(path.join(dir, 'fake', r.file), 'utf8').includes('PRIVATE KEY-----'));
if (leaked) notes.push('the private key reached the upstream');

const pass = once && namesRule && namesId && !authWording && !leaked;
const yn = (b) => (b ? 'yes' : 'NO');
console.log(`${scenario.padEnd(32)} ${exit.padEnd(4)} ${(elapsed + 's').padEnd(6)} rule:${yn(namesRule)} id:${yn(namesId)} auth-wording:${authWording ? 'YES' : 'no'} ` +
  `blocked:${blocked.length} requests:${lines.length} upstream:${posts.length} ${pass ? 'pass' : 'FAIL'} | gw ${statuses.join(',')}`);
console.log(`${''.padEnd(34)}shown: ${shown.replace(/\s+/g, ' ').slice(0, 300)}`);
for (const n of notes) console.log(`${''.padEnd(34)}- ${n}`);
fs.writeFileSync(path.join(dir, 'result.json'), JSON.stringify({
  scenario, client, exit, elapsedS: elapsed, shown, namesRule, namesId, authWording, blockedRequests: blocked.length,
  gatewayRequests: lines.length, gatewayStatuses: statuses, upstreamRequests: posts.length, leaked, verdict: pass ? 'pass' : 'FAIL', notes,
}, null, 2));
process.exit(pass ? 0 : 1);
