#!/usr/bin/env node
// A loopback proxy in front of the recording fake upstream, for the redact scenarios: it forwards each
// request unchanged and, in the answer, appends to the fake's reply marker every redaction placeholder
// (`REDACTED_…`) the request carried — as a model that quotes the redacted value back would. The client
// must then show the original value (restored by the gateway), while the fake's recordings prove the
// value itself never left.
//
//   PORT=… TARGET=http://127.0.0.1:<fake port> MARKER=FAKE_REPLY_OK node echo-proxy.mjs
import http from 'node:http';

const PORT = Number(process.env.PORT);
const TARGET = process.env.TARGET;
const MARKER = process.env.MARKER || 'FAKE_REPLY_OK';

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
    res.end(JSON.stringify({ error: { message: `echo-proxy: ${err.message}` } }));
    return;
  }
  let text = await upstream.text();
  if (placeholders.length > 0) text = text.split(MARKER).join(`${MARKER} ${placeholders.join(' ')}`);
  const out = {};
  upstream.headers.forEach((v, k) => {
    if (k !== 'content-length' && k !== 'content-encoding' && k !== 'transfer-encoding') out[k] = v;
  });
  res.writeHead(upstream.status, out);
  res.end(text);
});
server.listen(PORT, '127.0.0.1');
