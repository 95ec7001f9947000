import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConversationResponse, FinishReason } from '../../conversation/index.ts';
import { finishReasonFromWire, finishReasonToWire } from './map-finish-reason.ts';
import { parseResponse } from './parse-response.ts';
import { renderResponse } from './render-response.ts';

const BACKEND_BODY = {
  id: 'msg_01XYZ',
  type: 'message',
  role: 'assistant',
  model: 'claude-backend',
  content: [
    { type: 'thinking', thinking: 'Quick check.', signature: 'U0lH' },
    { type: 'text', text: 'Here is the file.' },
    { type: 'tool_use', id: 'toolu_5', name: 'Bash', input: { command: 'cat a.env' } },
    { type: 'web_search_tool_result', tool_use_id: 'srv_1', content: [] },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 7, output_tokens: 33, cache_creation_input_tokens: 3, cache_read_input_tokens: 90 },
};

test('parses a backend message: blocks, stop reason and usage (cache tokens folded into input)', () => {
  const r = parseResponse(BACKEND_BODY);
  assert.ok(r.ok, r.ok ? '' : r.message);
  assert.deepEqual(r.value, {
    id: 'msg_01XYZ',
    model: 'claude-backend',
    content: [
      { type: 'reasoning', text: 'Quick check.', signature: 'U0lH', origin: 'anthropic' },
      { type: 'text', text: 'Here is the file.' },
      { type: 'tool-call', id: 'toolu_5', name: 'Bash', kind: 'function', arguments: '{"command":"cat a.env"}' },
      { type: 'opaque', dialect: 'anthropic-messages', raw: BACKEND_BODY.content[3] },
    ],
    finishReason: 'tool-calls',
    usage: { inputTokens: 100, outputTokens: 33, cachedInputTokens: 90, cacheWriteInputTokens: 3 },
  });
});

test('parse of a backend error body or garbage fails with a message', () => {
  const e = parseResponse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  assert.equal(e.ok, false);
  if (!e.ok) assert.match(e.message, /overloaded_error: Overloaded/);
  const g = parseResponse({ type: 'message', content: 'nope' });
  assert.equal(g.ok, false);
  if (!g.ok) assert.equal(g.param, 'content');
});

test('renders a canonical response as a Messages body; parse(render(x)) keeps the answer', () => {
  const response: ConversationResponse = {
    id: 'chatcmpl-77',
    model: 'qwen3',
    content: [
      { type: 'reasoning', text: 'r', opaque: 'enc', origin: 'openai' },
      { type: 'text', text: 'Done.' },
      { type: 'tool-call', id: 'call_1', name: 'exec', kind: 'custom', arguments: 'ls -la' },
      { type: 'opaque', dialect: 'openai-chat', raw: { type: 'x' } },
    ],
    finishReason: 'stop-sequence',
    stopSequence: '###',
    usage: { inputTokens: 120, outputTokens: 8, cachedInputTokens: 100 },
  };
  const body = renderResponse(response, { model: 'claude-opus-5-5', requestId: 'req_abc' });
  assert.deepEqual(body, {
    id: 'msg_abc',
    type: 'message',
    role: 'assistant',
    model: 'claude-opus-5-5',
    content: [
      { type: 'thinking', thinking: 'r', signature: '' },
      { type: 'text', text: 'Done.' },
      { type: 'tool_use', id: 'call_1', name: 'exec', input: { input: 'ls -la' } },
    ],
    stop_reason: 'stop_sequence',
    stop_sequence: '###',
    usage: { input_tokens: 20, output_tokens: 8, cache_creation_input_tokens: 0, cache_read_input_tokens: 100 },
  });
  const back = parseResponse(body);
  assert.ok(back.ok);
  assert.deepEqual(back.value.usage, response.usage);
  assert.equal(back.value.finishReason, 'stop-sequence');
});

test('stop reasons map both ways', () => {
  const wire = ['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal'] as const;
  for (const w of wire) assert.equal(finishReasonToWire(finishReasonFromWire(w)), w);
  assert.equal(finishReasonFromWire('model_context_window_exceeded'), 'length');
  assert.equal(finishReasonFromWire('something_new'), 'other');
  assert.equal(finishReasonFromWire(null), 'other');
  const expected: Record<FinishReason, string> = {
    stop: 'end_turn', length: 'max_tokens', 'tool-calls': 'tool_use', 'content-filter': 'refusal',
    'stop-sequence': 'stop_sequence', pause: 'pause_turn', refusal: 'refusal', error: 'end_turn', other: 'end_turn',
  };
  for (const [canonical, w] of Object.entries(expected)) assert.equal(finishReasonToWire(canonical as FinishReason), w);
});
