/**
 * forward(): `onCommitted` is called exactly once, for the attempt whose answer is relayed, after that
 * backend answered and before anything of the answer reaches the client; never for an attempt that
 * failed over to the next candidate.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forward } from './forward.ts';
import { Backend } from './backend.ts';
import type { BackendExchange } from './exchange.ts';
import { defaultBackend } from '../config/defaults.ts';
import { silentLogger } from '../log.ts';

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test('onCommitted: once, for the answering backend, before the answer is written', async () => {
  const seen: string[] = [];
  const failing = await listen((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push('failing answered 503');
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"message":"busy"}}');
    });
  });
  const answering = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push(`answering got ${Buffer.concat(chunks).length} bytes`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"m","stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}');
    });
  });
  const backends = [
    new Backend({ ...defaultBackend('failing', 'anthropic', `${failing.url}/v1`) }),
    new Backend({ ...defaultBackend('answering', 'anthropic', `${answering.url}/v1`) }),
  ];
  const body = Buffer.from(JSON.stringify({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x'.repeat(4000) }] }));
  const gateway = await listen((req, res) => {
    req.resume();
    const ctx: BackendExchange = {
      id: 'req_test',
      req,
      res,
      endpoint: { api: 'messages', dialect: 'anthropic-messages', upstreamPath: 'messages', generation: true },
      search: '',
      log: silentLogger,
      bodyText: body.toString('utf8'),
      bodyBytes: body,
      json: {},
      model: 'm',
      stream: false,
      candidates: backends.map((backend) => ({ backend, model: 'm', role: 'primary' as const })),
      upstreamMs: 0,
      clientAbort: new AbortController(),
      reply: { gatewayHeaders: () => ({}), sendJson: () => assert.fail('no JSON answer of its own'), startEventStream: () => assert.fail('no stream'), sendError: (e) => assert.fail(String(e)) },
      onCommitted: () => seen.push(`committed (headers sent: ${res.headersSent}, served by ${ctx.served?.backend})`),
    };
    forward(ctx, 3).then(
      () => seen.push('relayed'),
      (err: unknown) => {
        seen.push(`failed: ${String(err)}`);
        res.writeHead(500).end();
      },
    );
  });
  try {
    const answer = await fetch(`${gateway.url}/v1/messages`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    assert.equal(answer.status, 200);
    assert.equal(((await answer.json()) as { id: string }).id, 'msg_1');
    // forward() settles after the client has its answer: wait for it (bounded).
    for (let waited = 0; !seen.includes('relayed') && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(seen, ['failing answered 503', `answering got ${body.length} bytes`, 'committed (headers sent: false, served by answering)', 'relayed']);
  } finally {
    for (const b of backends) b.close();
    for (const s of [failing.server, answering.server, gateway.server]) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  }
});
