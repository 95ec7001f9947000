// Judges one policy scenario written by run.sh (examples/policy.yaml as-is, an external backend):
//   benign: every request is allowed and reaches the upstream exactly as the client sent it (the tap's
//           record equals the fake's, as parsed JSON); the client shows the answer, no placeholder.
//   prompt: the secret typed in the prompt never reaches the upstream, a placeholder does, and the
//           answer (which quotes the placeholder) shows the secret restored.
//   write:  as prompt, and the model's streamed tool call writes the placeholder into a file (its
//           argument deltas cut at every character): the file on disk holds the secret, no placeholder.
// Prints one row and writes result.json.
//
//   node check-policy.mjs DIR SCENARIO CLIENT KIND SECRET REPLY [FILE]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { isDeepStrictEqual } from 'node:util';
import { jsonl, runDir } from './run-dir.mjs';

const [dir, scenario, client, kind, SECRET, REPLY, FILE] = process.argv.slice(2);
const { read, exit, elapsed } = runDir(dir);
const notes = [];
const PH = /REDACTED_[A-Z0-9_]+/;

// ---- gateway decisions ---------------------------------------------------------------------
const lines = jsonl(read('gateway.log')).filter((l) => l.msg === 'request');
const decisions = lines.map((l) => `${l.status}:${l.decision}`);
const bad = lines.filter((l) => l.status !== 200 || !['allow', 'redact'].includes(l.decision));
if (bad.length) notes.push(`unexpected gateway outcomes: ${bad.map((l) => `${l.status}:${l.decision}${l.rule ? `(${l.rule})` : ''}`).join(', ')}`);
if (lines.length === 0) notes.push('no request reached the gateway');
const redactedAny = lines.some((l) => l.decision === 'redact' && (l.redacted ?? 0) > 0);

// ---- what the client sent (tap) and what reached the upstream (fake) --------------------------
const decode = (rec) => {
  const raw = Buffer.from(rec.body64, 'base64');
  const e = rec.encoding;
  const bytes = e === 'gzip' ? zlib.gunzipSync(raw) : e === 'br' ? zlib.brotliDecompressSync(raw) : e === 'deflate' ? zlib.inflateSync(raw)
    : e === 'zstd' ? zlib.zstdDecompressSync(raw) : raw;
  return bytes.toString('utf8');
};
const tapDir = path.join(dir, 'tap');
const tapped = fs.existsSync(tapDir) ? fs.readdirSync(tapDir).sort().map((f) => JSON.parse(fs.readFileSync(path.join(tapDir, f), 'utf8')))
  .filter((r) => r.method === 'POST').map(decode) : [];
const posts = jsonl(read('fake/index.jsonl')).filter((r) => r.method === 'POST');
const sent = posts.map((r) => fs.readFileSync(path.join(dir, 'fake', r.file), 'utf8'));
const sentBodies = posts.map((r) => JSON.parse(fs.readFileSync(path.join(dir, 'fake', r.file), 'utf8')).body);
const leaked = sent.some((b) => b.includes(SECRET));
const placeholderSent = sent.some((b) => PH.test(b));

let unchanged = true;
if (kind === 'benign') {
  if (tapped.length === 0) { unchanged = false; notes.push('the tap recorded no request'); }
  const left = tapped.map((t) => JSON.parse(t));
  for (const body of sentBodies) {
    const i = left.findIndex((t) => isDeepStrictEqual(t, body));
    if (i < 0) { unchanged = false; notes.push('an upstream request differs from every request the client sent'); continue; }
    left.splice(i, 1);
  }
  if (left.length) { unchanged = false; notes.push(`${left.length} client request(s) did not reach the upstream unchanged`); }
  if (redactedAny) notes.push('a benign request was redacted');
  if (placeholderSent) notes.push('a placeholder reached the upstream');
} else {
  if (leaked) notes.push('THE SECRET REACHED THE UPSTREAM');
  if (!placeholderSent) notes.push('no placeholder reached the upstream');
  if (!redactedAny) notes.push('no request was redacted');
  if (!tapped.some((t) => t.includes(SECRET))) notes.push('the client never sent the secret (check the prompt)');
}

// ---- what the client showed -----------------------------------------------------------------
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
const placeholderShown = PH.test(shown);
if (!answered) notes.push(`no answer shown; stderr: ${read('stderr.txt').trim().split('\n').slice(-2).join(' | ').slice(0, 200)}`);
if (placeholderShown) notes.push('the client shows a placeholder');
const restored = kind === 'benign' || shown.includes(SECRET);
if (!restored) notes.push('the answer does not show the restored secret');

// ---- the file the model's tool call wrote ------------------------------------------------------
let fileOk = true;
let streamedOk = true;
let fileText = '';
if (kind === 'write') {
  // The scripted model really put the placeholder in the tool call, one character per delta.
  const streamed = jsonl(read('proxy.out')).filter((l) => l.filled && l.argDeltas >= 30);
  if (streamed.length === 0) { streamedOk = false; notes.push('script-proxy.mjs streamed no tool call holding a placeholder (proxy.out)'); }
  fileText = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '';
  fileOk = fileText.trim() === `DEPLOY_TOKEN=${SECRET}`;
  if (!fs.existsSync(FILE)) notes.push(`the tool call wrote no ${path.basename(FILE)}`);
  else if (!fileOk) notes.push(`${path.basename(FILE)} holds ${PH.test(fileText) ? 'a placeholder' : 'something else'}: ${JSON.stringify(fileText.slice(0, 120).replace(SECRET, '<secret>'))}`);
}

const pass = lines.length > 0 && bad.length === 0 && answered && !placeholderShown && restored && fileOk && streamedOk &&
  (kind === 'benign' ? unchanged && !redactedAny && !placeholderSent : !leaked && placeholderSent && redactedAny);
const yn = (b) => (b ? 'yes' : 'NO');
const cols = kind === 'benign' ? `unchanged:${yn(unchanged)}` : `leaked:${leaked ? 'YES' : 'no'} restored:${yn(restored)}${kind === 'write' ? ` file:${yn(fileOk)}` : ''}`;
console.log(`${scenario.padEnd(32)} ${exit.padEnd(4)} ${(elapsed + 's').padEnd(6)} answer:${yn(answered)} ${cols} ${pass ? 'pass' : 'FAIL'} | gw ${decisions.join(',')}`);
for (const n of notes) console.log(`${''.padEnd(34)}- ${n}`);
fs.writeFileSync(path.join(dir, 'result.json'), JSON.stringify({
  scenario, client, kind, exit, elapsedS: elapsed, decisions, unchanged, redacted: redactedAny, leaked, placeholderSent, answered, restored,
  placeholderShown, fileOk, verdict: pass ? 'pass' : 'FAIL', notes,
}, null, 2));
process.exit(pass ? 0 : 1);
