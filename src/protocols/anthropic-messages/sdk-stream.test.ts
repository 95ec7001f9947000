import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import type { StreamEvent } from '../../conversation/index.ts';
import { encodeSseAll } from '../../sse/encoder.ts';
import { anthropicMessagesProtocol } from './index.ts';

interface Served {
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** Serves `payload` (SSE text or a JSON error) once per request from 127.0.0.1 on an ephemeral port. */
async function serve(
  respond: () => { status: number; type: string; payload: string },
  run: (baseURL: string, seen: Served[]) => Promise<void>,
): Promise<void> {
  const seen: Served[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      const r = respond();
      res.writeHead(r.status, { 'content-type': r.type });
      // Write in small pieces so the SDK's own SSE parser sees split events.
      const bytes = Buffer.from(r.payload, 'utf8');
      for (let i = 0; i < bytes.length; i += 13) res.write(bytes.subarray(i, i + 13));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await run(`http://127.0.0.1:${port}`, seen);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function encoded(events: StreamEvent[]): string {
  const enc = anthropicMessagesProtocol.createStreamEncoder({ model: 'claude-opus-5-5', requestId: 'req_sdk' });
  return encodeSseAll(events.flatMap((e) => enc.push(e)));
}

const ANSWER: StreamEvent[] = [
  { type: 'start', id: 'chatcmpl-1', model: 'qwen3', usage: { inputTokens: 40, outputTokens: 0 } },
  { type: 'reasoning-start', index: 0, origin: 'anthropic' },
  { type: 'reasoning-delta', index: 0, text: 'plan' },
  { type: 'reasoning-signature', index: 0, signature: 'c2ln' },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Reading ' },
  { type: 'text-delta', index: 1, text: 'the file 📄' },
  { type: 'text-end', index: 1 },
  { type: 'tool-call-start', index: 2, id: 'toolu_1', name: 'Read', kind: 'function' },
  { type: 'tool-call-delta', index: 2, delta: '{"file_' },
  { type: 'tool-call-delta', index: 2, delta: 'path":"/srv/app/conf' },
  { type: 'tool-call-delta', index: 2, delta: 'ig.env"}' },
  { type: 'tool-call-end', index: 2 },
  { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 40, outputTokens: 12, cachedInputTokens: 30 } },
];

test('@anthropic-ai/sdk messages.stream() accepts the encoder output, including a tool_use block', async () => {
  await serve(
    () => ({ status: 200, type: 'text/event-stream', payload: encoded(ANSWER) }),
    async (baseURL, seen) => {
      const client = new Anthropic({ apiKey: 'test-key', baseURL, maxRetries: 0 });
      const stream = client.messages.stream({
        model: 'claude-opus-5-5',
        max_tokens: 1024,
        messages: [{ role: 'user', content: 'read config' }],
        tools: [{ name: 'Read', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } }],
      });
      let text = '';
      stream.on('text', (t) => {
        text += t;
      });
      const message = await stream.finalMessage();
      assert.equal(text, 'Reading the file 📄');
      assert.equal(message.id, 'msg_sdk');
      assert.equal(message.model, 'claude-opus-5-5');
      assert.equal(message.stop_reason, 'tool_use');
      assert.equal(message.usage.output_tokens, 12);
      assert.equal(message.usage.input_tokens, 10);
      assert.equal(message.usage.cache_read_input_tokens, 30);
      assert.equal(message.content.length, 3);
      const [thinking, textBlock, toolUse] = message.content;
      assert.equal(thinking?.type, 'thinking');
      if (thinking?.type === 'thinking') assert.equal(thinking.signature, 'c2ln');
      assert.equal(textBlock?.type, 'text');
      assert.equal(toolUse?.type, 'tool_use');
      if (toolUse?.type === 'tool_use') {
        assert.equal(toolUse.id, 'toolu_1');
        assert.deepEqual(toolUse.input, { file_path: '/srv/app/config.env' });
      }
      // What the SDK sends: a normal Messages body (parseable by our own parser) and its headers.
      assert.equal(seen.length, 1);
      const parsed = anthropicMessagesProtocol.parseRequest(seen[0]?.body);
      assert.ok(parsed.ok);
      assert.equal(parsed.value.stream, true);
      assert.equal(seen[0]?.headers['anthropic-version'], '2026-10-21');
      assert.equal(seen[0]?.headers['authorization'], 'Bearer test-key');
    },
  );
});

test('@anthropic-ai/sdk raises an in-stream error event as an API error', async () => {
  const enc = anthropicMessagesProtocol.createStreamEncoder({ model: 'm', requestId: 'req_e' });
  const events = [
    ...enc.push({ type: 'start', id: 'msg_1', model: 'm' }),
    ...enc.push({ type: 'text-start', index: 0 }),
    ...enc.push({ type: 'text-delta', index: 0, text: 'partial' }),
    ...enc.push({ type: 'error', error: { status: 529, code: 'X', kind: 'overloaded', message: 'Backend overloaded' } }),
  ];
  await serve(
    () => ({ status: 200, type: 'text/event-stream', payload: encodeSseAll(events) }),
    async (baseURL) => {
      const client = new Anthropic({ apiKey: 'k', baseURL, maxRetries: 0 });
      const stream = client.messages.stream({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
      await assert.rejects(stream.finalMessage(), (err: unknown) => {
        assert.ok(err instanceof Error);
        assert.match(err.message, /Backend overloaded|overloaded_error/);
        return true;
      });
    },
  );
});

test('@anthropic-ai/sdk reads renderError bodies as typed errors', async () => {
  const { status, body } = anthropicMessagesProtocol.renderError({
    status: 429, code: 'SEKISHO_ERR_RATE', kind: 'rate_limit', message: 'slow down', requestId: 'req_9',
  });
  await serve(
    () => ({ status, type: 'application/json', payload: JSON.stringify(body) }),
    async (baseURL) => {
      const client = new Anthropic({ apiKey: 'k', baseURL, maxRetries: 0 });
      await assert.rejects(
        client.messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
        (err: unknown) => {
          assert.ok(err instanceof Anthropic.RateLimitError);
          assert.match(err.message, /slow down/);
          return true;
        },
      );
    },
  );
});
