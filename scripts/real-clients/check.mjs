// Evaluates one scenario directory written by run.sh: the client's exit code and output, the
// requests the fake upstream recorded, the gateway's access log and (if present) the strace log.
// Prints one table row and writes result.json. Exit code 0 = pass (with or without notes).
//
//   node check.mjs DIR SCENARIO CLIENT EXPECTED_MODE EXPECTED_UPSTREAM_PATH KEY REPLY
import fs from 'node:fs';
import path from 'node:path';
import { jsonl, runDir } from './run-dir.mjs';

const [dir, scenario, client, expectMode, expectPath, KEY, REPLY] = process.argv.slice(2);
const { read, exit, elapsed } = runDir(dir);
const notes = [];


// ---- what the client printed -------------------------------------------------------------
const stdout = read('stdout.txt');
let answer = false;
let clientTool = null; // did the client itself run the tool and see the file?
if (client === 'claude') {
  try {
    const r = JSON.parse(stdout);
    answer = !r.is_error && String(r.result ?? '').includes(REPLY);
    clientTool = r.num_turns >= 2;
    if (r.is_error) notes.push(`claude is_error: ${String(r.result).slice(0, 200)}`);
  } catch { notes.push('claude stdout is not JSON'); }
} else if (client.startsWith('codex')) {
  const ev = jsonl(stdout);
  answer = ev.some((e) => e.type === 'item.completed' && e.item?.type === 'agent_message' && String(e.item.text).includes(REPLY));
  const cmd = ev.find((e) => e.type === 'item.completed' && e.item?.type === 'command_execution');
  clientTool = !!cmd && String(cmd.item.aggregated_output ?? '').includes(KEY);
  if (!cmd) notes.push('codex ran no command_execution');
  for (const e of ev) if (e.type === 'error' || e.type === 'turn.failed') notes.push(`codex ${e.type}: ${JSON.stringify(e).slice(0, 200)}`);
} else if (client.startsWith('opencode')) {
  const ev = jsonl(stdout);
  answer = ev.some((e) => e.type === 'text' && String(e.part?.text ?? '').includes(REPLY));
  const tool = ev.find((e) => e.type === 'tool_use');
  clientTool = !!tool && tool.part?.state?.status === 'completed' && String(tool.part.state.output ?? '').includes(KEY);
  for (const e of ev) if (e.type === 'error') notes.push(`opencode error: ${JSON.stringify(e).slice(0, 200)}`);
}
if (!answer && exit !== '0') notes.push(`stderr: ${read('stderr.txt').trim().split('\n').slice(-3).join(' | ').slice(0, 300)}`);

// ---- what the fake upstream saw -----------------------------------------------------------
const index = jsonl(read('fake/index.jsonl'));
const posts = index.filter((r) => r.method === 'POST');
const others = index.filter((r) => r.method !== 'POST' && !/\/models$/.test(r.url)); // GET /models = gateway health checks
if (others.length) notes.push(`unexpected upstream requests: ${others.map((r) => `${r.method} ${r.url}`).join(', ')}`);
const reqSummary = posts.map((r) => `${r.url.replace(/\?.*/, '')}→${r.reply}`);
const wrongPath = posts.filter((r) => r.url.replace(/\?.*/, '') !== expectPath);
if (wrongPath.length) notes.push(`expected every upstream request on ${expectPath}`);
const bodies = posts.map((r) => JSON.parse(fs.readFileSync(path.join(dir, 'fake', r.file), 'utf8')).body ?? {});

const text = (c) => typeof c === 'string' ? c : Array.isArray(c) ? c.map((p) => typeof p === 'string' ? p : p?.text ?? text(p?.content) ?? '').join('\n') : '';

/** Tool-call/result pairing in one request body, by upstream dialect. */
function pairing(url, body) {
  const calls = [];   // {id, name}
  const results = []; // {id, content, ok}
  if (/chat\/completions/.test(url)) {
    const msgs = body.messages ?? [];
    msgs.forEach((m, i) => {
      if (m.role === 'assistant') for (const tc of m.tool_calls ?? []) {
        // Chat requires the tool messages directly after the assistant message that made the calls.
        let j = i + 1;
        while (j < msgs.length && msgs[j].role === 'tool' && msgs[j].tool_call_id !== tc.id) j++;
        calls.push({ id: tc.id, name: tc.function?.name, answered: j < msgs.length && msgs[j].role === 'tool' });
      }
      if (m.role === 'tool') results.push({ id: m.tool_call_id, content: text(m.content) });
    });
  } else if (/messages/.test(url)) {
    const msgs = body.messages ?? [];
    msgs.forEach((m, i) => {
      if (!Array.isArray(m.content)) return;
      for (const b of m.content) {
        if (b.type === 'tool_use') {
          const next = msgs[i + 1];
          const answered = next?.role === 'user' && Array.isArray(next.content) && next.content.some((x) => x.type === 'tool_result' && x.tool_use_id === b.id);
          calls.push({ id: b.id, name: b.name, answered });
        }
        if (b.type === 'tool_result') results.push({ id: b.tool_use_id, content: text(b.content) });
      }
    });
  } else if (/responses/.test(url)) {
    const items = Array.isArray(body.input) ? body.input : [];
    items.forEach((it, i) => {
      if (it.type === 'function_call' || it.type === 'custom_tool_call') {
        const answered = items.slice(i + 1).some((x) => /_call_output$/.test(x.type ?? '') && x.call_id === it.call_id);
        calls.push({ id: it.call_id, name: it.name, type: it.type, answered });
      }
      if (/_call_output$/.test(it.type ?? '')) results.push({ id: it.call_id, type: it.type, content: text(it.output) });
    });
  }
  return { calls, results };
}

let paired = false;
let keyInResult = false;
let toolDetail = '';
const withResult = posts.map((r, i) => ({ r, p: pairing(r.url, bodies[i]) })).filter((x) => x.p.results.length > 0);
if (withResult.length === 0) {
  notes.push('no upstream request carried a tool result');
} else {
  const { p } = withResult[withResult.length - 1];
  const ids = new Set(p.calls.map((c) => c.id));
  paired = p.calls.length > 0 && p.calls.every((c) => c.answered) && p.results.every((r) => ids.has(r.id));
  keyInResult = p.results.some((r) => r.content.includes(KEY));
  toolDetail = p.calls.map((c) => `${c.type ?? ''}${c.type ? ':' : ''}${c.name}(${c.id})`).join(',');
  if (!paired) notes.push(`tool calls/results not paired: calls=${JSON.stringify(p.calls)} results=${JSON.stringify(p.results.map((r) => r.id))}`);
  if (!keyInResult) notes.push(`tool result lacks the file contents: ${JSON.stringify(p.results.map((r) => r.content.slice(0, 120)))}`);
}
if (clientTool === false) notes.push('the client did not show the file contents from its tool run');

// ---- gateway access log -------------------------------------------------------------------
const gw = jsonl(read('gateway.log'));
const reqLines = gw.filter((l) => l.msg === 'request');
const statuses = reqLines.map((l) => l.status);
const modes = [...new Set(reqLines.map((l) => l.mode))];
if (modes.length !== 1 || modes[0] !== expectMode) notes.push(`gateway mode ${modes.join('/') || 'none'}, expected ${expectMode}`);
const bad = reqLines.filter((l) => l.status !== 200);
if (bad.length) notes.push(`gateway logged status ${bad.map((l) => l.status + (l.error ? ` ${l.error}` : '')).join(', ')} for requests the client completed`);
for (const l of gw.filter((l) => l.level === 'warn' || l.level === 'error')) notes.push(`gateway ${l.level}: ${l.msg}`);
if (reqLines.length !== posts.length) notes.push(`gateway logged ${reqLines.length} requests, upstream saw ${posts.length}`);

// ---- outside connections (strace) ---------------------------------------------------------
const strace = read('strace.txt');
const outside = new Set();
for (const m of strace.matchAll(/sin6?_port=htons\((\d+)\).*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")/g)) {
  const addr = m[2] ?? m[3];
  if (!/^127\.|^::1$|^::ffff:127\./.test(addr)) outside.add(`${addr}:${m[1]}`);
}
if (outside.size) notes.push(`client connected outside loopback: ${[...outside].join(', ')}`);

const pass = exit === '0' && answer && paired && keyInResult && clientTool !== false && wrongPath.length === 0 &&
  modes.length === 1 && modes[0] === expectMode && outside.size === 0;
const verdict = pass ? (bad.length ? 'pass*' : 'pass') : 'FAIL';
const yn = (b) => (b ? 'yes' : 'NO');
console.log(`${scenario.padEnd(32)} ${exit.padEnd(4)} ${(elapsed + 's').padEnd(6)} ${yn(answer).padEnd(6)} ${yn(paired).padEnd(6)} ${yn(keyInResult).padEnd(6)} ${verdict.padEnd(7)} ` +
  `${reqSummary.join(' ; ')} | gw ${statuses.join(',') || '-'} ${modes.join('/')}`);
for (const n of notes) console.log(`${''.padEnd(34)}- ${n}`);
fs.writeFileSync(path.join(dir, 'result.json'), JSON.stringify({
  scenario, client, exit, elapsedS: elapsed, answer, clientTool, paired, keyInResult, toolCalls: toolDetail,
  upstreamRequests: reqSummary, gatewayStatuses: statuses, gatewayModes: modes, outside: [...outside], verdict, notes,
}, null, 2));
process.exit(pass ? 0 : 1);
