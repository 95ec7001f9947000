/**
 * The floor for bench:gateway: an HTTP proxy that does the least a body-inspecting gateway must do —
 * read the whole request body into one Buffer, forward it to the upstream over a keep-alive agent, and
 * relay the answer (streamed as it arrives) — and nothing else: no parsing, no inspection, no audit.
 *
 *   node bench/support/null-proxy.ts <upstream origin>   -> prints {"url","pid"} on stdout once listening
 *
 * The gateway's added latency over this process is what Sekisho itself costs.
 */
import { Agent, createServer, request } from 'node:http';
import { serveAsChild } from './processes.ts';

function main(): void {
  const upstream = new URL(process.argv[2] ?? '');
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      chunks.push(c);
      size += c.length;
    });
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      const out = request(
        new URL(req.url ?? '/', upstream),
        { method: req.method, agent, headers: { 'content-type': req.headers['content-type'] ?? 'application/json', 'content-length': body.length } },
        (up) => {
          const headers: Record<string, string | number> = { 'content-type': up.headers['content-type'] ?? 'application/json' };
          if (up.headers['content-length'] !== undefined) headers['content-length'] = up.headers['content-length'];
          res.writeHead(up.statusCode ?? 502, headers);
          up.pipe(res);
        },
      );
      out.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      out.end(body);
    });
  });
  serveAsChild(server);
}

if (import.meta.main) main();
