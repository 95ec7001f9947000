import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent } from '../../conversation/index.ts';
import { SseDecoder } from '../../sse/decoder.ts';
import { encodeSseAll } from '../../sse/encoder.ts';
import type { SseEvent } from '../../sse/sse-event.ts';
import { createStreamDecoder } from './stream-decoder.ts';
import { createStreamEncoder } from './stream-encoder.ts';

const OPTIONS = { model: 'claude-opus-5-5', requestId: 'req_42' };

/** A canonical answer: text then two tool calls, arguments split over several deltas. */
function textAndTools(): StreamEvent[] {
  return [
    { type: 'start', id: 'msg_abc', model: 'qwen3', usage: { inputTokens: 50, outputTokens: 0, cachedInputTokens: 20 } },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'Checking ' },
    { type: 'text-delta', index: 0, text: 'both files — ✓' },
    { type: 'text-end', index: 0 },
    { type: 'tool-call-start', index: 1, id: 'toolu_a', name: 'Read', kind: 'function' },
    { type: 'tool-call-delta', index: 1, delta: '{"file_path":' },
    { type: 'tool-call-delta', index: 1, delta: '"/a.txt"}' },
    { type: 'tool-call-end', index: 1 },
    { type: 'tool-call-start', index: 2, id: 'toolu_b', name: 'Read', kind: 'function' },
    { type: 'tool-call-delta', index: 2, delta: '{"file_path":"/b.txt"}' },
    { type: 'tool-call-end', index: 2 },
    { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 50, outputTokens: 31, cachedInputTokens: 20 } },
  ];
}

function encodeAll(events: StreamEvent[], options = OPTIONS): SseEvent[] {
  const enc = createStreamEncoder(options);
  return events.flatMap((e) => enc.push(e));
}

test('text + tool calls produce exactly the documented Anthropic event sequence', () => {
  const out = encodeAll(textAndTools());
  for (const e of out) assert.equal((JSON.parse(e.data) as { type: string }).type, e.event, 'event name equals data.type');
  assert.deepEqual(
    out.map((e) => JSON.parse(e.data) as unknown),
    [
      {
        type: 'message_start',
        message: {
          id: 'msg_abc', type: 'message', role: 'assistant', model: 'claude-opus-5-5', content: [],
          stop_reason: null, stop_sequence: null,
          usage: { input_tokens: 30, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 20 },
        },
      },
      { type: 'ping' },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Checking ' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'both files — ✓' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_a', name: 'Read', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"file_path":' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '"/a.txt"}' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_b', name: 'Read', input: {} } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"file_path":"/b.txt"}' } },
      { type: 'content_block_stop', index: 2 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { input_tokens: 30, output_tokens: 31, cache_creation_input_tokens: 0, cache_read_input_tokens: 20 },
      },
      { type: 'message_stop' },
    ],
  );
});

test('round trip: encode -> SSE text -> own decoder gives the same canonical events', () => {
  const events = textAndTools();
  const text = encodeSseAll(encodeAll(events));
  const sse = new SseDecoder();
  const decoder = createStreamDecoder();
  const bytes = new TextEncoder().encode(text);
  const back: StreamEvent[] = [];
  for (let i = 0; i < bytes.length; i += 11) for (const e of sse.push(bytes.subarray(i, i + 11))) back.push(...decoder.push(e));
  for (const e of sse.end()) back.push(...decoder.push(e));
  back.push(...decoder.end());
  assert.deepEqual(back, events.map((e) => (e.type === 'start' ? { ...e, model: 'claude-opus-5-5' } : e)));
});

test('round trip of signed and redacted thinking', () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'msg_t', model: 'claude-opus-5-5', usage: { inputTokens: 5, outputTokens: 0 } },
    { type: 'reasoning-start', index: 0, origin: 'anthropic' },
    { type: 'reasoning-delta', index: 0, text: 'ponder' },
    { type: 'reasoning-signature', index: 0, signature: 'SIG==' },
    { type: 'reasoning-end', index: 0 },
    { type: 'reasoning-start', index: 1, origin: 'anthropic' },
    { type: 'reasoning-signature', index: 1, opaque: 'REDACTED-DATA' },
    { type: 'reasoning-end', index: 1 },
    { type: 'finish', reason: 'stop', usage: { inputTokens: 5, outputTokens: 9 } },
  ];
  const wire = encodeAll(events);
  assert.deepEqual(JSON.parse(wire[6]?.data ?? ''), { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'REDACTED-DATA' } });
  const decoder = createStreamDecoder();
  const back = [...wire.flatMap((e) => decoder.push(e)), ...decoder.end()];
  assert.deepEqual(back, events);
});

test('custom tool input is streamed inside {"input": ...} with JSON escaping', () => {
  const out = encodeAll([
    { type: 'start', id: 'resp_1', model: 'gpt', usage: { inputTokens: 1, outputTokens: 0 } },
    { type: 'tool-call-start', index: 0, id: 'call_x', name: 'exec', kind: 'custom' },
    { type: 'tool-call-delta', index: 0, delta: 'print("a\\b")\n' },
    { type: 'tool-call-delta', index: 0, delta: 'x = 1' },
    { type: 'tool-call-end', index: 0 },
    { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 1, outputTokens: 2 } },
  ]);
  const start = JSON.parse(out[0]?.data ?? '') as { message: { id: string } };
  assert.equal(start.message.id, 'msg_42', 'non-Anthropic ids are replaced by one derived from the request id');
  const partial = out
    .map((e) => JSON.parse(e.data) as { delta?: { partial_json?: string } })
    .flatMap((d) => (d.delta?.partial_json !== undefined ? [d.delta.partial_json] : []))
    .join('');
  assert.deepEqual(JSON.parse(partial), { input: 'print("a\\b")\nx = 1' });
});

test('reasoning from another dialect shows as thinking without its opaque data', () => {
  const out = encodeAll([
    { type: 'start', id: 'x', model: 'm' },
    { type: 'reasoning-start', index: 0, origin: 'openai' },
    { type: 'reasoning-signature', index: 0, opaque: 'encrypted-openai' },
    { type: 'reasoning-end', index: 0 },
    { type: 'reasoning-start', index: 1 },
    { type: 'reasoning-delta', index: 1, text: 'step 1' },
    { type: 'reasoning-end', index: 1 },
    { type: 'finish', reason: 'stop', usage: { inputTokens: 0, outputTokens: 0 } },
  ]).map((e) => JSON.parse(e.data) as Record<string, unknown>);
  assert.deepEqual(out.map((d) => d['type']), [
    'message_start', 'ping', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop',
  ]);
  assert.deepEqual(out[2], { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } });
  assert.equal(JSON.stringify(out).includes('encrypted-openai'), false);
});

test('an error mid-stream becomes an `event: error` and nothing follows', () => {
  const enc = createStreamEncoder(OPTIONS);
  enc.push({ type: 'start', id: 'msg_1', model: 'm' });
  enc.push({ type: 'text-start', index: 0 });
  const out = enc.push({ type: 'error', error: { status: 502, code: 'SEKISHO_ERR_UPSTREAM_ABORTED', kind: 'upstream', message: 'cut' } });
  assert.deepEqual(out, [{ event: 'error', data: '{"type":"error","error":{"type":"api_error","message":"cut"}}' }]);
  assert.deepEqual(enc.push({ type: 'finish', reason: 'stop', usage: { inputTokens: 0, outputTokens: 0 } }), []);
});
