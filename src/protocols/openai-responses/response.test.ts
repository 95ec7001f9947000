import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderResponse } from './render-response.ts';
import { parseResponse } from './parse-response.ts';
import { fromFinishReason, toFinishReason } from './map-finish-reason.ts';
import type { ConversationRequest, ConversationResponse } from '../../conversation/index.ts';

const request: ConversationRequest = {
  model: 'gpt-local', system: [], messages: [], stream: false, extensions: { store: false },
  tools: [{ type: 'custom', name: 'apply_patch' }, { type: 'function', name: 'close_agent', namespace: 'multi_agent_v1' }],
  parallelToolCalls: false,
};

test('non-stream render: items, usage and request echo', () => {
  const answer: ConversationResponse = {
    id: 'chatcmpl-7', model: 'qwen', finishReason: 'tool-calls',
    usage: { inputTokens: 200, outputTokens: 50, cachedInputTokens: 64, reasoningTokens: 10 },
    content: [
      { type: 'reasoning', text: 'why', signature: 'anthropic-sig', origin: 'anthropic' },
      { type: 'text', text: 'Patching now.' },
      { type: 'tool-call', id: 'call_p', name: 'apply_patch', kind: 'function', arguments: '{"input":"*** Begin Patch\\n*** End Patch"}' },
      { type: 'tool-call', id: 'call_c', name: 'multi_agent_v1__close_agent', kind: 'function', arguments: '{"id":"a1"}' },
      { type: 'opaque', dialect: 'anthropic-messages', raw: { type: 'server_tool_use' } },
    ],
  };
  const body = renderResponse(answer, { model: 'gpt-local', requestId: 'req_n1', request });
  assert.equal(body.id, 'resp_n1');
  assert.equal(body.object, 'response');
  assert.equal(body.status, 'completed');
  assert.equal(body.model, 'gpt-local');
  assert.equal(body.error, null);
  assert.equal(body.incomplete_details, null);
  assert.equal(body['parallel_tool_calls'], false);
  assert.equal(body['store'], false);
  assert.ok(Number.isInteger(body.created_at));
  assert.deepEqual(body.output, [
    { id: 'rs_n1_0', type: 'reasoning', summary: [{ type: 'summary_text', text: 'why' }] },
    { id: 'msg_n1_1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Patching now.', annotations: [], logprobs: [] }] },
    { id: 'ctc_n1_2', type: 'custom_tool_call', status: 'completed', call_id: 'call_p', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch' },
    { id: 'fc_n1_3', type: 'function_call', status: 'completed', call_id: 'call_c', name: 'close_agent', arguments: '{"id":"a1"}', namespace: 'multi_agent_v1' },
  ]);
  assert.deepEqual(body.usage, {
    input_tokens: 200, input_tokens_details: { cached_tokens: 64 },
    output_tokens: 50, output_tokens_details: { reasoning_tokens: 10 }, total_tokens: 250,
  });
});

test('non-stream render: a length stop is an incomplete response', () => {
  const body = renderResponse(
    { id: 'resp_keep', model: 'm', finishReason: 'length', usage: { inputTokens: 1, outputTokens: 2 }, content: [{ type: 'text', text: 'trunc' }] },
    { model: 'm', requestId: 'req_x' },
  );
  assert.equal(body.id, 'resp_keep', 'a backend resp_ id is kept');
  assert.equal(body.status, 'incomplete');
  assert.deepEqual(body.incomplete_details, { reason: 'max_output_tokens' });
});

test('backend body parse: vLLM-style output with reasoning content, message and call', () => {
  const result = parseResponse({
    id: 'resp_1', object: 'response', model: 'Qwen3', status: 'completed',
    output: [
      { id: 'rs_1', type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'thinking' }] },
      { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hi', annotations: [] }] },
      { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}', status: null },
      { id: 'ws_1', type: 'web_search_call', status: 'completed' },
    ],
    usage: { input_tokens: 10, output_tokens: 5, input_tokens_details: { cached_tokens: 4 }, output_tokens_details: { reasoning_tokens: 0 } },
  });
  assert.ok(result.ok);
  assert.deepEqual(result.value, {
    id: 'resp_1', model: 'Qwen3', finishReason: 'tool-calls',
    usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 4 },
    content: [
      { type: 'reasoning', text: 'thinking', origin: 'openai' },
      { type: 'text', text: 'Hi' },
      { type: 'tool-call', id: 'call_1', name: 'f', kind: 'function', arguments: '{}' },
      { type: 'opaque', dialect: 'openai-responses', raw: { id: 'ws_1', type: 'web_search_call', status: 'completed' } },
    ],
  });
});

test('backend body parse: incomplete and failed responses, bad shapes', () => {
  const incomplete = parseResponse({ id: 'r', status: 'incomplete', incomplete_details: { reason: 'content_filter' }, output: [] });
  assert.ok(incomplete.ok);
  assert.equal(incomplete.value.finishReason, 'content-filter');
  const failed = parseResponse({ id: 'r', status: 'failed', error: { code: 'server_error', message: 'boom' }, output: [] });
  assert.equal(failed.ok, false);
  if (!failed.ok) assert.match(failed.message, /server_error: boom/);
  const bad = parseResponse({ id: 'r', output: [1] });
  assert.equal(!bad.ok && bad.param, 'output[0]');
  assert.equal(parseResponse([]).ok, false);
});

test('finish reason mapping in both directions', () => {
  assert.equal(toFinishReason('completed', undefined, false), 'stop');
  assert.equal(toFinishReason('completed', undefined, true), 'tool-calls');
  assert.equal(toFinishReason('incomplete', 'max_output_tokens', true), 'length');
  assert.equal(toFinishReason('incomplete', 'content_filter', false), 'content-filter');
  assert.equal(toFinishReason('failed', undefined, false), 'error');
  assert.deepEqual(fromFinishReason('stop'), { status: 'completed' });
  assert.deepEqual(fromFinishReason('tool-calls'), { status: 'completed' });
  assert.deepEqual(fromFinishReason('stop-sequence'), { status: 'completed' });
  assert.deepEqual(fromFinishReason('length'), { status: 'incomplete', incompleteReason: 'max_output_tokens' });
  assert.deepEqual(fromFinishReason('content-filter'), { status: 'incomplete', incompleteReason: 'content_filter' });
  assert.deepEqual(fromFinishReason('error'), { status: 'failed' });
});
