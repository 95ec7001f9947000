import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent } from '../../conversation/index.ts';
import { SseDecoder } from '../../sse/decoder.ts';
import { createStreamDecoder } from './stream-decoder.ts';

function ev(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

/** A backend stream as vLLM / the real API produce it: thinking, text, a tool call in many pieces. */
function backendStream(): string {
  const args = ['{"file', '_path": "/et', 'c/hos', 'ts"', '}'];
  return [
    ev('message_start', {
      message: {
        id: 'msg_01ABC', type: 'message', role: 'assistant', model: 'claude-backend', content: [],
        stop_reason: null, stop_sequence: null,
        usage: { input_tokens: 12, cache_read_input_tokens: 100, cache_creation_input_tokens: 8, output_tokens: 1 },
      },
    }),
    ev('ping', {}),
    ev('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
    ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'Let me check.' } }),
    ev('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'EqQBCkgIAR==' } }),
    ev('content_block_stop', { index: 0 }),
    ev('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
    ev('content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'Héllo 🌏 ' } }),
    ev('content_block_delta', { index: 1, delta: { type: 'text_delta', text: '世界' } }),
    ev('content_block_stop', { index: 1 }),
    ev('content_block_start', { index: 2, content_block: { type: 'tool_use', id: 'toolu_7', name: 'Read', input: {} } }),
    ev('content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json: '' } }),
    ...args.map((a) => ev('content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json: a } })),
    ': keep-alive comment\n\n',
    ev('ping', {}),
    ev('content_block_stop', { index: 2 }),
    ev('message_delta', { delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 57 } }),
    ev('message_stop', {}),
  ].join('');
}

/** Feeds bytes through the SSE decoder in small chunks that split multi-byte characters. */
function decodeBytes(text: string, chunkSize: number): { events: StreamEvent[]; ended: StreamEvent[] } {
  const bytes = new TextEncoder().encode(text);
  const sse = new SseDecoder();
  const decoder = createStreamDecoder();
  const events: StreamEvent[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) {
    for (const e of sse.push(bytes.subarray(i, i + chunkSize))) events.push(...decoder.push(e));
  }
  for (const e of sse.end()) events.push(...decoder.push(e));
  return { events, ended: decoder.end() };
}

test('decodes a realistic stream split into 7-byte chunks (UTF-8 split mid-character)', () => {
  const { events, ended } = decodeBytes(backendStream(), 7);
  assert.deepEqual(ended, []);
  assert.deepEqual(events[0], {
    type: 'start', id: 'msg_01ABC', model: 'claude-backend',
    usage: { inputTokens: 120, outputTokens: 1, cachedInputTokens: 100, cacheWriteInputTokens: 8 },
  });
  const types = events.map((e) => e.type);
  assert.deepEqual(types, [
    'start',
    'reasoning-start', 'reasoning-delta', 'reasoning-signature', 'reasoning-end',
    'text-start', 'text-delta', 'text-delta', 'text-end',
    'tool-call-start', 'tool-call-delta', 'tool-call-delta', 'tool-call-delta', 'tool-call-delta', 'tool-call-delta', 'tool-call-end',
    'finish',
  ]);
  const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
  assert.equal(text, 'Héllo 🌏 世界');
  const args = events.flatMap((e) => (e.type === 'tool-call-delta' ? [e.delta] : [])).join('');
  assert.deepEqual(JSON.parse(args), { file_path: '/etc/hosts' });
  assert.deepEqual(events[1], { type: 'reasoning-start', index: 0, origin: 'anthropic' });
  assert.deepEqual(events[3], { type: 'reasoning-signature', index: 0, signature: 'EqQBCkgIAR==' });
  assert.deepEqual(events[9], { type: 'tool-call-start', index: 2, id: 'toolu_7', name: 'Read', kind: 'function' });
  assert.deepEqual(events.at(-1), {
    type: 'finish', reason: 'tool-calls',
    usage: { inputTokens: 120, outputTokens: 57, cachedInputTokens: 100, cacheWriteInputTokens: 8 },
  });
});

test('every chunk size gives the same canonical events', () => {
  const reference = decodeBytes(backendStream(), 1 << 20).events;
  for (const size of [1, 2, 3, 5, 13, 64]) assert.deepEqual(decodeBytes(backendStream(), size).events, reference);
});

test('canonical indexes follow first appearance even when wire indexes skip server blocks', () => {
  const text = [
    ev('message_start', { message: { id: 'msg_1', model: 'm', usage: { input_tokens: 3, output_tokens: 0 } } }),
    ev('content_block_start', { index: 0, content_block: { type: 'server_tool_use', id: 'srv', name: 'web_search', input: {} } }),
    ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '{"q":1}' } }),
    ev('content_block_stop', { index: 0 }),
    ev('content_block_start', { index: 1, content_block: { type: 'text', text: 'A' } }),
    ev('content_block_stop', { index: 1 }),
    ev('content_block_start', { index: 2, content_block: { type: 'redacted_thinking', data: 'XYZ' } }),
    ev('content_block_stop', { index: 2 }),
    ev('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2, input_tokens: 4 } }),
    ev('message_stop', {}),
  ].join('');
  const { events } = decodeBytes(text, 100);
  assert.deepEqual(events.slice(1), [
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'A' },
    { type: 'text-end', index: 0 },
    { type: 'reasoning-start', index: 1, origin: 'anthropic' },
    { type: 'reasoning-signature', index: 1, opaque: 'XYZ' },
    { type: 'reasoning-end', index: 1 },
    { type: 'finish', reason: 'stop', usage: { inputTokens: 4, outputTokens: 2 } },
  ]);
});

test('a truncated stream yields an error from end(), never a finish', () => {
  const full = backendStream();
  const cut = full.slice(0, full.indexOf('event: message_delta'));
  const { events, ended } = decodeBytes(cut, 9);
  assert.equal(events.some((e) => e.type === 'finish'), false);
  assert.equal(ended.length, 1);
  const last = ended[0];
  assert.equal(last?.type, 'error');
  if (last?.type === 'error') {
    assert.equal(last.error.code, 'SEKISHO_ERR_UPSTREAM_ABORTED');
    assert.equal(last.error.kind, 'upstream');
  }
});

test('an in-stream error event yields an error event and ends decoding', () => {
  const text = [
    ev('message_start', { message: { id: 'msg_1', model: 'm', usage: { input_tokens: 1, output_tokens: 0 } } }),
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    ev('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }),
    ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'late' } }),
  ].join('');
  const { events, ended } = decodeBytes(text, 50);
  const last = events.at(-1);
  assert.equal(last?.type, 'error');
  if (last?.type === 'error') {
    assert.equal(last.error.kind, 'overloaded');
    assert.equal(last.error.status, 529);
    assert.match(last.error.message, /Overloaded/);
  }
  assert.equal(events.filter((e) => e.type === 'error').length, 1);
  assert.deepEqual(ended, []);
});

test('garbage data is a protocol error', () => {
  const decoder = createStreamDecoder();
  const out = decoder.push({ event: 'message_start', data: '{not json' });
  assert.equal(out[0]?.type, 'error');
  if (out[0]?.type === 'error') assert.equal(out[0].error.code, 'SEKISHO_ERR_UPSTREAM_PROTOCOL');
  assert.deepEqual(decoder.end(), []);
});
