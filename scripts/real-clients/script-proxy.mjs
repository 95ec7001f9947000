#!/usr/bin/env node
// A loopback proxy in front of the recording fake upstream, for the policy scenarios. It plays a model
// that works with the redacted text it was given:
//   - every `@@PLACEHOLDER@@` in the fake's answer (the fake's forced tool arguments, TOOL_ARGS) becomes
//     the first redaction placeholder (`REDACTED_…`) the request carried, as a model that writes the
//     value it was shown into a file would;
//   - after MARKER in a text answer it appends every placeholder the request carried (echo-proxy.mjs);
//   - in a streamed answer, each tool-call argument delta (Anthropic `input_json_delta`, Chat
//     `tool_calls[].function.arguments`, Responses `function_call_arguments.delta` /
//     `custom_tool_call_input.delta`) is split into one-character deltas, so a placeholder is cut at
//     every position; Responses `sequence_number`s are renumbered;
//   - the stream's bytes are written in small pieces (1 to 7 bytes), so SSE lines are cut anywhere too.
// Requests go to the fake unchanged (the fake records them).
//
//   PORT=… TARGET=http://127.0.0.1:<fake port> MARKER=FAKE_REPLY_OK node script-proxy.mjs
import http from 'node:http';

const PORT = Number(process.env.PORT);
const TARGET = process.env.TARGET;
const MARKER = process.env.MARKER || 'FAKE_REPLY_OK';
const SLOT = '@@PLACEHOLDER@@';

/** The delta string of an argument-delta event, with a setter; undefined for other events. */
function argDelta(data) {
  if (data?.type === 'content_block_delta' && data.delta?.type === 'input_json_delta') {
    return { key: `a${data.index}`, get: () => data.delta.partial_json, set: (v) => { data.delta.partial_json = v; } };
  }
  if (data?.type === 'response.function_call_arguments.delta' || data?.type === 'response.custom_tool_call_input.delta') {
    return { key: `r${data.item_id}`, get: () => data.delta, set: (v) => { data.delta = v; } };
  }
  const call = data?.choices?.[0]?.delta?.tool_calls?.[0];
  if (call && typeof call.function?.arguments === 'string' && call.function.arguments !== '' && call.id === undefined) {
    return { key: `c${call.index}`, get: () => call.function.arguments, set: (v) => { call.function.arguments = v; } };
  }
  return undefined;
}

/** Re-emits an SSE body with every argument delta group joined, filled in and cut into one-char deltas. */
let split = 0;
let filled = false;
function resplit(text, placeholder) {
  const events = text.split(/\n\n/).filter((e) => e.trim() !== '').map((raw) => {
    const lines = raw.split('\n');
    const name = lines.find((l) => l.startsWith('event:'));
    const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
    let json;
    try { json = data === '[DONE]' ? undefined : JSON.parse(data); } catch { json = undefined; }
    return { name, data, json };
  });
  const out = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const d = argDelta(e.json);
    if (!d) { out.push(e); continue; }
    let whole = d.get();
    let j = i + 1;
    for (; j < events.length; j++) {
      const next = argDelta(events[j].json);
      if (!next || next.key !== d.key) break;
      whole += next.get();
    }
    i = j - 1;
    if (placeholder && whole.includes(SLOT)) {
      whole = whole.split(SLOT).join(placeholder);
      filled = true;
    }
    split += [...whole].length;
    for (const ch of whole) {
      d.set(ch);
      out.push({ name: e.name, json: JSON.parse(JSON.stringify(e.json)) });
    }
  }
  let sn = 0;
  return out.map((e) => {
    if (e.json && typeof e.json.sequence_number === 'number') e.json.sequence_number = sn++;
    const data = e.json ? JSON.stringify(e.json) : e.data;
    return `${e.name ? `${e.name}\n` : ''}data: ${data}\n\n`;
  }).join('');
}

const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  const placeholders = [...new Set(body.toString('utf8').match(/REDACTED_[A-Z0-9_]+/g) ?? [])];
  const headers = { ...req.headers };
  delete headers.host;
  delete headers['content-length'];
  delete headers['accept-encoding'];
  let upstream;
  try {
    upstream = await fetch(TARGET + req.url, { method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body });
  } catch (err) {
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `script-proxy: ${err.message}` } }));
    return;
  }
  let text = await upstream.text();
  if (placeholders.length > 0) text = text.split(MARKER).join(`${MARKER} ${placeholders.join(' ')}`);
  const sse = (upstream.headers.get('content-type') ?? '').includes('text/event-stream');
  if (sse) {
    split = 0;
    filled = false;
    text = resplit(text, placeholders[0]);
    // One line per streamed answer: how many one-character argument deltas it carried (the check reads it).
    console.log(JSON.stringify({ url: req.url, placeholders: placeholders.length, argDeltas: split, filled }));
  }
  else if (placeholders.length > 0) text = text.split(SLOT).join(placeholders[0]);
  const out = {};
  upstream.headers.forEach((v, k) => {
    if (k !== 'content-length' && k !== 'content-encoding' && k !== 'transfer-encoding') out[k] = v;
  });
  res.writeHead(upstream.status, out);
  if (!sse) { res.end(text); return; }
  const bytes = Buffer.from(text, 'utf8');
  let size = 1;
  for (let i = 0; i < bytes.length; i += size, size = (size % 7) + 1) {
    res.write(bytes.subarray(i, i + size));
    if (i % 64 < size) await new Promise((r) => setImmediate(r));
  }
  res.end();
});
server.listen(PORT, '127.0.0.1');
