#!/usr/bin/env node
// A loopback proxy between a client and the gateway, for the policy scenarios: it records each request
// exactly as the client sent it (DIR/NNN.json: method, url, content-encoding, body in base64) and streams the answer back
// untouched, so a check can compare what the client sent with what reached the upstream.
//
//   PORT=… TARGET=http://127.0.0.1:<gateway port> DIR=… node tap-proxy.mjs
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const PORT = Number(process.env.PORT);
const TARGET = new URL(process.env.TARGET);
const DIR = process.env.DIR;
fs.mkdirSync(DIR, { recursive: true });
let seq = 0;

const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  const n = String(++seq).padStart(3, '0');
  fs.writeFileSync(path.join(DIR, `${n}.json`), JSON.stringify({ method: req.method, url: req.url, encoding: req.headers['content-encoding'] ?? null, body64: body.toString('base64') }));
  const headers = { ...req.headers, host: TARGET.host };
  const up = http.request({ host: TARGET.hostname, port: TARGET.port, method: req.method, path: req.url, headers }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  up.on('error', (err) => {
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `tap-proxy: ${err.message}` } }));
  });
  up.end(body);
});
server.listen(PORT, '127.0.0.1');
