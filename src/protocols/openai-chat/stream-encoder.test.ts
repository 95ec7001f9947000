import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStreamEncoder } from './stream-encoder.ts';
import { parseRequest } from './parse-request.ts';
import type { StreamEvent } from '../../conversation/index.ts';
import type { SseEvent } from '../../sse/sse-event.ts';

function requestWithUsage(includeUsage: boolean) {
  const parsed = parseRequest({ model: 'coder', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: includeUsage } });
  assert.ok(parsed.ok);
  return parsed.value;
}

function encodeAll(events: StreamEvent[], includeUsage: boolean): SseEvent[] {
  const encoder = createStreamEncoder({ model: 'coder', requestId: 'req_1', request: requestWithUsage(includeUsage) });
  return events.flatMap((e) => encoder.push(e));
}

const textAndTools: StreamEvent[] = [
  { type: 'start', id: 'msg_01', model: 'claude-x' },
  { type: 'reasoning-start', index: 0, origin: 'anthropic' },
  { type: 'reasoning-delta', index: 0, text: 'plan' },
  { type: 'reasoning-signature', index: 0, signature: 'sig' },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Reading ' },
  { type: 'text-delta', index: 1, text: 'both.' },
  { type: 'text-end', index: 1 },
  { type: 'tool-call-start', index: 2, id: 'toolu_a', name: 'Read', kind: 'function' },
  { type: 'tool-call-delta', index: 2, delta: '{"file_path":' },
  { type: 'tool-call-start', index: 3, id: 'toolu_b', name: 'Read', kind: 'function' },
  { type: 'tool-call-delta', index: 3, delta: '{"file_path":"b"}' },
  { type: 'tool-call-delta', index: 2, delta: '"a"}' },
  { type: 'tool-call-end', index: 2 },
  { type: 'tool-call-end', index: 3 },
  { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 100, outputTokens: 30, cachedInputTokens: 60, reasoningTokens: 4 } },
];

test('text + parallel tool calls produce exactly the documented chunk sequence', () => {
  const events = encodeAll(textAndTools, true);
  assert.equal(events.at(-1)?.data, '[DONE]');
  assert.ok(events.every((e) => e.event === undefined), 'Chat chunks are unnamed SSE events');
  const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
  const ids = new Set(chunks.map((c) => c.id));
  const created = new Set(chunks.map((c) => c.created));
  assert.deepEqual([...ids], ['chatcmpl-msg_01']);
  assert.equal(created.size, 1);
  assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'coder'));
  const shape = chunks.map((c) => (c.choices.length === 0 ? { usage: c.usage } : { delta: c.choices[0].delta, finish: c.choices[0].finish_reason, usage: c.usage }));
  assert.deepEqual(shape, [
    { delta: { role: 'assistant', content: '' }, finish: null, usage: null },
    { delta: { reasoning_content: 'plan' }, finish: null, usage: null },
    { delta: { content: 'Reading ' }, finish: null, usage: null },
    { delta: { content: 'both.' }, finish: null, usage: null },
    { delta: { tool_calls: [{ index: 0, id: 'toolu_a', type: 'function', function: { name: 'Read', arguments: '' } }] }, finish: null, usage: null },
    { delta: { tool_calls: [{ index: 0, function: { arguments: '{"file_path":' } }] }, finish: null, usage: null },
    { delta: { tool_calls: [{ index: 1, id: 'toolu_b', type: 'function', function: { name: 'Read', arguments: '' } }] }, finish: null, usage: null },
    { delta: { tool_calls: [{ index: 1, function: { arguments: '{"file_path":"b"}' } }] }, finish: null, usage: null },
    { delta: { tool_calls: [{ index: 0, function: { arguments: '"a"}' } }] }, finish: null, usage: null },
    { delta: {}, finish: 'tool_calls', usage: null },
    {
      usage: {
        prompt_tokens: 100,
        completion_tokens: 30,
        total_tokens: 130,
        prompt_tokens_details: { cached_tokens: 60 },
        completion_tokens_details: { reasoning_tokens: 4 },
      },
    },
  ]);
});

test('without include_usage: no usage field, no usage chunk', () => {
  const events = encodeAll(textAndTools, false);
  const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
  assert.ok(chunks.every((c) => !('usage' in c)));
  assert.ok(chunks.every((c) => c.choices.length === 1));
  assert.equal(chunks.at(-1).choices[0].finish_reason, 'tool_calls');
});

test('a second text block is set off by a blank line; stop maps to stop; empty id falls back to the request id', () => {
  const events = encodeAll([
    { type: 'start', id: '', model: 'x' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'One.' },
    { type: 'text-end', index: 0 },
    { type: 'text-start', index: 1 },
    { type: 'text-delta', index: 1, text: 'Two.' },
    { type: 'text-delta', index: 1, text: ' More.' },
    { type: 'text-end', index: 1 },
    { type: 'finish', reason: 'stop-sequence', usage: { inputTokens: 1, outputTokens: 1 } },
  ], false);
  const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
  assert.equal(chunks[0].id, 'chatcmpl-req_1');
  assert.deepEqual(chunks.slice(1, 4).map((c) => c.choices[0].delta.content), ['One.', '\n\nTwo.', ' More.']);
  assert.equal(chunks.at(-1).choices[0].finish_reason, 'stop');
});

test('custom tool calls keep their Chat custom shape', () => {
  const events = encodeAll([
    { type: 'start', id: 'chatcmpl-z', model: 'x' },
    { type: 'tool-call-start', index: 0, id: 'ct_1', name: 'exec', kind: 'custom' },
    { type: 'tool-call-delta', index: 0, delta: 'print(1)' },
    { type: 'tool-call-end', index: 0 },
    { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 1, outputTokens: 1 } },
  ], false);
  const deltas = events.slice(1, 3).map((e) => JSON.parse(e.data).choices[0].delta);
  assert.deepEqual(deltas, [
    { tool_calls: [{ index: 0, id: 'ct_1', type: 'custom', custom: { name: 'exec', input: '' } }] },
    { tool_calls: [{ index: 0, custom: { input: 'print(1)' } }] },
  ]);
});

test('an error mid-stream is one data: {"error"} event with nothing after it', () => {
  const encoder = createStreamEncoder({ model: 'coder', requestId: 'req_9' });
  const out = [
    ...encoder.push({ type: 'start', id: 'a', model: 'm' }),
    ...encoder.push({ type: 'text-delta', index: 0, text: 'partial' }),
    ...encoder.push({ type: 'error', error: { status: 502, code: 'SEKISHO_ERR_UPSTREAM_ABORTED', kind: 'upstream', message: 'The model backend stream ended early: x' } }),
  ];
  assert.equal(out.length, 3);
  assert.deepEqual(JSON.parse(out[2]!.data), {
    error: { message: 'The model backend stream ended early: x', type: 'server_error', param: null, code: 'SEKISHO_ERR_UPSTREAM_ABORTED' },
  });
  assert.deepEqual(encoder.push({ type: 'finish', reason: 'stop', usage: { inputTokens: 0, outputTokens: 0 } }), []);
});

test('events before start still get the role chunk first', () => {
  const encoder = createStreamEncoder({ model: 'coder', requestId: 'req_2' });
  const out = encoder.push({ type: 'text-delta', index: 0, text: 'x' });
  assert.deepEqual(out.map((e) => JSON.parse(e.data).choices[0].delta), [{ role: 'assistant', content: '' }, { content: 'x' }]);
});
