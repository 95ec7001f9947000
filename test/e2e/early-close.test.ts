/**
 * Codex closes its connection as soon as it sees `response.completed`, before the upstream has closed
 * its own stream. The gateway must end the client's answer at the terminal event, so such a request is
 * a success (200), not a client abort — in passthrough and in translation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS, defaultBackend, defaultConfig } from '../../src/config/defaults.ts';
import { startGateway } from '../../src/server/gateway.ts';
import { createLogger } from '../../src/log.ts';
import type { BackendApi } from '../../src/config/types.ts';

/** An upstream that sends a complete stream for its path and then never ends the HTTP response. */
async function holdOpenUpstream(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (req.url!.endsWith('/responses')) {
      const response = { id: 'resp_1', object: 'response', created_at: 1, status: 'completed', model: 'm', output: [], usage: { input_tokens: 3, output_tokens: 0, total_tokens: 3 } };
      res.write(`event: response.created\ndata: ${JSON.stringify({ type: 'response.created', sequence_number: 0, response: { ...response, status: 'in_progress' } })}\n\n`);
      res.write(`event: response.completed\ndata: ${JSON.stringify({ type: 'response.completed', sequence_number: 1, response })}\n\n`);
    } else {
      const chunk = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(chunk({ role: 'assistant', content: 'hi' }, null) + chunk({}, 'stop') + 'data: [DONE]\n\n');
    }
    // ... and the response stays open.
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}

for (const [name, apis] of [['passthrough', ['chat', 'responses']], ['translation', ['chat']]] as Array<[string, BackendApi[]]>) {
  test(`${name}: a client that hangs up right after response.completed is logged as a success`, async () => {
    const upstream = await holdOpenUpstream();
    const dataDir = mkdtempSync(join(tmpdir(), 'sekisho-early-close-'));
    const logs: string[] = [];
    const gateway = await startGateway(
      {
        ...defaultConfig(dataDir),
        server: { ...DEFAULTS.server, port: 0 },
        backends: [{ ...defaultBackend('b', 'openai', upstream.url), apis, health: { ...defaultBackend('b', 'openai', upstream.url).health, enabled: false } }],
        routes: [{ match: ['*'], targets: [{ backend: 'b' }], fallbacks: [] }],
        retry: { attempts: 1 },
      },
      createLogger({ level: 'info', format: 'json', write: (l) => logs.push(l) }),
    );
    try {
      const controller = new AbortController();
      const res = await fetch(`${gateway.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', input: 'hi', stream: true }),
        signal: controller.signal,
      });
      // Read until the terminal event like Codex, then hang up. The stream must also end by itself.
      const reader = res.body!.getReader();
      let text = '';
      let ended = false;
      while (!text.includes('response.completed')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      const next = await Promise.race([reader.read(), new Promise<'pending'>((r) => setTimeout(() => r('pending'), 1000))]);
      ended = next !== 'pending' && next.done;
      controller.abort();
      assert.ok(ended, 'the gateway ended the answer at the terminal event');
      const until = Date.now() + 2000;
      while (gateway.inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      const line = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'request')!;
      assert.equal(line.status, 200);
      assert.equal(line.error, undefined);
    } finally {
      await gateway.close(200);
      upstream.server.closeAllConnections();
      upstream.server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
