import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import type { ConversationRequest, StreamEvent } from '../../conversation/index.ts';
import { encodeSseAll } from '../../sse/encoder.ts';
import { openaiResponsesProtocol } from './index.ts';

/**
 * Runs `body` against a loopback server that answers every POST with `payload()` as SSE, written in
 * small slices so the SDK's own SSE parser has to reassemble events.
 */
async function withServer(payload: () => string, body: (client: OpenAI) => Promise<void>): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const bytes = Buffer.from(payload(), 'utf8');
      for (let i = 0; i < bytes.length; i += 11) res.write(bytes.subarray(i, i + 11));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await body(new OpenAI({ apiKey: 'test', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0, timeout: 5000 }));
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function encoded(events: StreamEvent[], request?: ConversationRequest): string {
  const encoder = openaiResponsesProtocol.createStreamEncoder({ model: 'gpt-local', requestId: 'req_sdk', ...(request && { request }) });
  return encodeSseAll(events.flatMap((e) => encoder.push(e)));
}

const usage = { inputTokens: 30, outputTokens: 12 };

test('openai SDK responses.stream() accepts a text answer and finalResponse() holds it', async () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'chatcmpl-9', model: 'qwen' },
    { type: 'reasoning-start', index: 0, origin: 'openai' },
    { type: 'reasoning-delta', index: 0, text: 'short plan' },
    { type: 'reasoning-end', index: 0 },
    { type: 'text-start', index: 1 },
    { type: 'text-delta', index: 1, text: 'Hello ' },
    { type: 'text-delta', index: 1, text: 'from Sekisho ✓' },
    { type: 'text-end', index: 1 },
    { type: 'finish', reason: 'stop', usage },
  ];
  await withServer(() => encoded(events), async (client) => {
    const stream = client.responses.stream({ model: 'gpt-local', input: 'say hi' });
    let deltas = '';
    stream.on('response.output_text.delta', (e) => {
      deltas += e.delta;
    });
    const seen: string[] = [];
    for await (const event of stream) seen.push(event.type);
    const final = await stream.finalResponse();
    assert.equal(deltas, 'Hello from Sekisho ✓');
    assert.equal(seen[0], 'response.created');
    assert.equal(seen.at(-1), 'response.completed');
    assert.equal(final.id, 'resp_sdk');
    assert.equal(final.status, 'completed');
    assert.equal(final.output_text, 'Hello from Sekisho ✓');
    assert.deepEqual(final.output.map((o) => o.type), ['reasoning', 'message']);
    assert.equal(final.usage?.total_tokens, 42);
  });
});

test('openai SDK accepts function and custom tool calls; finalResponse() contains the items', async () => {
  const request: ConversationRequest = {
    model: 'gpt-local', system: [], messages: [], stream: true, extensions: {},
    tools: [{ type: 'function', name: 'exec_command' }, { type: 'custom', name: 'exec', namespace: 'functions' }],
  };
  const events: StreamEvent[] = [
    { type: 'start', id: 'msg_abc', model: 'claude' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'Running it.' },
    { type: 'text-end', index: 0 },
    { type: 'tool-call-start', index: 1, id: 'call_1', name: 'exec_command', kind: 'function' },
    { type: 'tool-call-delta', index: 1, delta: '{"cmd":' },
    { type: 'tool-call-delta', index: 1, delta: '"cat config.env"}' },
    { type: 'tool-call-end', index: 1 },
    { type: 'tool-call-start', index: 2, id: 'call_2', name: 'exec', kind: 'function' },
    { type: 'tool-call-delta', index: 2, delta: '{"input":"text(1)"}' },
    { type: 'tool-call-end', index: 2 },
    { type: 'finish', reason: 'tool-calls', usage },
  ];
  await withServer(() => encoded(events, request), async (client) => {
    const stream = client.responses.stream({ model: 'gpt-local', input: 'show config', tools: [
      { type: 'function', name: 'exec_command', parameters: { type: 'object', properties: {} }, strict: false },
    ] });
    let args = '';
    stream.on('response.function_call_arguments.delta', (e) => {
      args = e.snapshot;
    });
    const final = await stream.finalResponse();
    assert.equal(args, '{"cmd":"cat config.env"}');
    assert.equal(final.status, 'completed');
    const [message, call, custom] = final.output;
    assert.equal(message?.type, 'message');
    assert.equal(call?.type === 'function_call' && call.arguments, '{"cmd":"cat config.env"}');
    assert.equal(call?.type === 'function_call' && call.call_id, 'call_1');
    assert.equal(custom?.type, 'custom_tool_call');
    if (custom?.type === 'custom_tool_call') {
      assert.equal(custom.input, 'text(1)');
      assert.equal(custom.namespace, 'functions');
    }
  });
});

test('openai SDK surfaces a mid-stream failure as an error', async () => {
  const events: StreamEvent[] = [
    { type: 'start', id: '', model: 'm' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'partial' },
    { type: 'error', error: { status: 502, code: 'SEKISHO_ERR_UPSTREAM_ABORTED', kind: 'upstream', message: 'backend went away' } },
  ];
  await withServer(() => encoded(events), async (client) => {
    const stream = client.responses.stream({ model: 'gpt-local', input: 'hi' });
    await assert.rejects(stream.finalResponse(), /backend went away/);
  });
});
