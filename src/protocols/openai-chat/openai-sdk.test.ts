import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI, { APIError, RateLimitError } from 'openai';
import { createStreamEncoder } from './stream-encoder.ts';
import { renderResponse } from './render-response.ts';
import { renderError } from './render-error.ts';
import { parseRequest } from './parse-request.ts';
import { encodeSseAll } from '../../sse/encoder.ts';
import type { StreamEvent } from '../../conversation/index.ts';

/**
 * Proves the official `openai` SDK accepts what the encoder and renderers produce: the stream helper
 * (which insists on a role chunk, tool-call types and a finish_reason), raw iteration, non-stream
 * bodies and error bodies. The server answers each request by encoding canonical events for it.
 */
let server: Server;
let client: OpenAI;
let reply: (body: unknown) => { status: number; contentType: string; text: string };

function streamReply(events: StreamEvent[]) {
  return (body: unknown) => {
    const parsed = parseRequest(body);
    assert.ok(parsed.ok, 'the SDK request parses');
    const encoder = createStreamEncoder({ model: parsed.value.model, requestId: 'req_sdk', request: parsed.value });
    return { status: 200, contentType: 'text/event-stream', text: encodeSseAll(events.flatMap((e) => encoder.push(e))) };
  };
}

before(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (raw += d));
    req.on('end', () => {
      const answer = reply(JSON.parse(raw));
      res.writeHead(answer.status, { 'content-type': answer.contentType });
      res.end(answer.text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new OpenAI({ apiKey: 'test', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const parallelTools: StreamEvent[] = [
  { type: 'start', id: 'msg_sdk', model: 'backend' },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'two files' },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Reading ' },
  { type: 'text-delta', index: 1, text: 'both files.' },
  { type: 'text-end', index: 1 },
  { type: 'tool-call-start', index: 2, id: 'call_1', name: 'read', kind: 'function' },
  { type: 'tool-call-start', index: 3, id: 'call_2', name: 'read', kind: 'function' },
  { type: 'tool-call-delta', index: 2, delta: '{"filePath":' },
  { type: 'tool-call-delta', index: 3, delta: '{"filePath":"b.txt"}' },
  { type: 'tool-call-delta', index: 2, delta: '"a.txt"}' },
  { type: 'tool-call-end', index: 2 },
  { type: 'tool-call-end', index: 3 },
  { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 40, outputTokens: 12 } },
];

const userTurn = [{ role: 'user' as const, content: 'read a.txt and b.txt' }];

test('chat.completions.stream() helper accepts parallel tool calls; finalChatCompletion has them', async () => {
  reply = streamReply(parallelTools);
  const stream = client.chat.completions.stream({ model: 'coder', messages: userTurn, stream_options: { include_usage: true } });
  const final = await stream.finalChatCompletion();
  const choice = final.choices[0];
  assert.ok(choice);
  assert.equal(choice.finish_reason, 'tool_calls');
  assert.equal(choice.message.content, 'Reading both files.');
  const calls = (choice.message.tool_calls ?? []).map((c) => (c.type === 'function' ? [c.id, c.function.name, JSON.parse(c.function.arguments)] : []));
  assert.deepEqual(calls, [
    ['call_1', 'read', { filePath: 'a.txt' }],
    ['call_2', 'read', { filePath: 'b.txt' }],
  ]);
  assert.equal(final.id, 'chatcmpl-msg_sdk');
  assert.equal(final.usage?.total_tokens, 52);
});

test('raw create({stream: true}) iteration sees every chunk and the usage chunk', async () => {
  reply = streamReply(parallelTools);
  const stream = await client.chat.completions.create({ model: 'coder', messages: userTurn, stream: true, stream_options: { include_usage: true } });
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  assert.equal(chunks[0]?.choices[0]?.delta.role, 'assistant');
  assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, 'tool_calls');
  assert.deepEqual(chunks.at(-1)?.choices, []);
  assert.equal(chunks.at(-1)?.usage?.prompt_tokens, 40);
  const reasoning = chunks.map((c) => (c.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content).filter(Boolean);
  assert.deepEqual(reasoning, ['two files']);
});

test('a mid-stream error surfaces as an APIError from the SDK', async () => {
  reply = streamReply([
    { type: 'start', id: 'x', model: 'm' },
    { type: 'text-delta', index: 0, text: 'par' },
    { type: 'error', error: { status: 502, code: 'SEKISHO_ERR_UPSTREAM_ABORTED', kind: 'upstream', message: 'backend went away' } },
  ]);
  const stream = await client.chat.completions.create({ model: 'coder', messages: userTurn, stream: true });
  await assert.rejects(async () => {
    for await (const chunk of stream) void chunk;
  }, (err: unknown) => err instanceof APIError && /backend went away/.test(err.message));
});

test('non-stream body and error body are accepted by the SDK', async () => {
  reply = () => ({
    status: 200,
    contentType: 'application/json',
    text: JSON.stringify(renderResponse(
      {
        id: 'chatcmpl-ns',
        model: 'backend',
        content: [{ type: 'text', text: 'hello' }, { type: 'tool-call', id: 'call_9', name: 'ls', kind: 'function', arguments: '{}' }],
        finishReason: 'tool-calls',
        usage: { inputTokens: 3, outputTokens: 4 },
      },
      { model: 'coder', requestId: 'req_ns' },
    )),
  });
  const completion = await client.chat.completions.create({ model: 'coder', messages: userTurn });
  assert.equal(completion.choices[0]?.message.content, 'hello');
  assert.equal(completion.choices[0]?.message.tool_calls?.[0]?.id, 'call_9');

  const rendered = renderError({ status: 429, code: 'SEKISHO_ERR_RATE_LIMITED', kind: 'rate_limit', message: 'slow down' });
  reply = () => ({ status: rendered.status, contentType: 'application/json', text: JSON.stringify(rendered.body) });
  await assert.rejects(client.chat.completions.create({ model: 'coder', messages: userTurn }), (err: unknown) => {
    return err instanceof RateLimitError && err.type === 'rate_limit_error' && err.code === 'SEKISHO_ERR_RATE_LIMITED';
  });
});
