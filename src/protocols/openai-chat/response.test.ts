import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResponse } from './parse-response.ts';
import { renderResponse } from './render-response.ts';
import { renderError, renderStreamError } from './render-error.ts';
import { fromChatFinishReason, toChatFinishReason } from './map-finish-reason.ts';

test('parses a vLLM non-stream answer with reasoning and a tool call reported as "stop"', () => {
  const result = parseResponse({
    id: 'chatcmpl-abc',
    object: 'chat.completion',
    created: 1,
    model: 'qwen3',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: 'Let me look.',
          reasoning: 'The user wants the file.',
          tool_calls: [{ id: 'chatcmpl-tool-1', type: 'function', function: { name: 'read', arguments: '{"p":"x"}' } }],
        },
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 9, completion_tokens: 8, total_tokens: 17, prompt_tokens_details: null },
  });
  assert.ok(result.ok);
  assert.deepEqual(result.value, {
    id: 'chatcmpl-abc',
    model: 'qwen3',
    content: [
      { type: 'reasoning', text: 'The user wants the file.' },
      { type: 'text', text: 'Let me look.' },
      { type: 'tool-call', id: 'chatcmpl-tool-1', name: 'read', kind: 'function', arguments: '{"p":"x"}' },
    ],
    finishReason: 'tool-calls',
    usage: { inputTokens: 9, outputTokens: 8 },
  });
});

test('vLLM stop_reason string → stop-sequence; Ollama object arguments; missing usage', () => {
  const result = parseResponse({
    id: 'x',
    model: 'llama',
    choices: [
      { index: 0, message: { role: 'assistant', content: 'done' }, finish_reason: 'stop', stop_reason: '</end>' },
    ],
  });
  assert.ok(result.ok);
  assert.equal(result.value.finishReason, 'stop-sequence');
  assert.equal(result.value.stopSequence, '</end>');
  assert.deepEqual(result.value.usage, { inputTokens: 0, outputTokens: 0 });

  const ollama = parseResponse({
    choices: [{ message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 'ls', arguments: { dir: '/' } } }] }, finish_reason: 'tool_calls' }],
  });
  assert.ok(ollama.ok);
  assert.deepEqual(ollama.value.content, [{ type: 'tool-call', id: 'call_0', name: 'ls', kind: 'function', arguments: '{"dir":"/"}' }]);
});

test('error bodies and bodies without choices fail to parse with a reason', () => {
  const err = parseResponse({ error: { message: 'model not loaded', type: 'invalid_request_error' } });
  assert.equal(err.ok, false);
  if (!err.ok) assert.match(err.message, /model not loaded/);
  const empty = parseResponse({ id: 'x', choices: [] });
  assert.equal(empty.ok, false);
  if (!empty.ok) assert.equal(empty.param, 'choices');
  assert.equal(parseResponse('nope').ok, false);
});

test('renders a client non-stream body', () => {
  const body = renderResponse(
    {
      id: 'msg_123',
      model: 'claude',
      content: [
        { type: 'reasoning', text: 'hmm', signature: 's', origin: 'anthropic' },
        { type: 'text', text: 'First.' },
        { type: 'tool-call', id: 'toolu_1', name: 'Bash', kind: 'function', arguments: '{"command":"ls"}' },
        { type: 'text', text: 'Second.' },
        { type: 'tool-call', id: 'ct_1', name: 'exec', kind: 'custom', arguments: 'raw text' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 4 },
    },
    { model: 'my-model', requestId: 'req_1' },
  );
  assert.equal(typeof body.created, 'number');
  assert.deepEqual({ ...body, created: 0 }, {
    id: 'chatcmpl-msg_123',
    object: 'chat.completion',
    created: 0,
    model: 'my-model',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: 'First.\n\nSecond.',
          refusal: null,
          reasoning_content: 'hmm',
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } },
            { id: 'ct_1', type: 'custom', custom: { name: 'exec', input: 'raw text' } },
          ],
        },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ],
    usage: {
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 15,
      prompt_tokens_details: { cached_tokens: 4 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
  });
});

test('empty answer renders content null and finish stop', () => {
  const body = renderResponse({ id: '', model: 'm', content: [], finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 0 } }, { model: 'm', requestId: 'req_e' });
  assert.equal(body.id, 'chatcmpl-req_e');
  const choices = body.choices as Array<{ message: { content: unknown }; finish_reason: string }>;
  assert.equal(choices[0]?.message.content, null);
  assert.equal(choices[0]?.finish_reason, 'stop');
});

test('errors use the OpenAI envelope and type strings; the stream error is a bare data event', () => {
  const notFound = renderError({ status: 404, code: 'SEKISHO_ERR_UNKNOWN_MODEL', kind: 'not_found', message: 'Model "x" is not served by this gateway', requestId: 'req_7' });
  assert.deepEqual(notFound, {
    status: 404,
    body: {
      error: {
        message: 'Model "x" is not served by this gateway (request id req_7)',
        type: 'invalid_request_error',
        param: null,
        code: 'SEKISHO_ERR_UNKNOWN_MODEL',
      },
    },
  });
  const types = (['authentication', 'permission', 'rate_limit', 'overloaded', 'internal'] as const).map(
    (kind) => (renderError({ status: 500, code: 'C', kind, message: 'm' }).body.error as { type: string }).type,
  );
  assert.deepEqual(types, ['invalid_request_error', 'request_forbidden', 'rate_limit_error', 'service_unavailable_error', 'server_error']);
  const events = renderStreamError({ status: 503, code: 'SEKISHO_ERR_SHUTTING_DOWN', kind: 'overloaded', message: 'The gateway is shutting down' });
  assert.equal(events.length, 1);
  assert.equal(events[0]?.event, undefined);
  assert.deepEqual(JSON.parse(events[0]!.data).error.code, 'SEKISHO_ERR_SHUTTING_DOWN');
});

test('finish reasons map both ways', () => {
  assert.equal(fromChatFinishReason('stop', false), 'stop');
  assert.equal(fromChatFinishReason('stop', true), 'tool-calls');
  assert.equal(fromChatFinishReason('eos_token', false), 'stop');
  assert.equal(fromChatFinishReason('length', true), 'length');
  assert.equal(fromChatFinishReason('function_call', false), 'tool-calls');
  assert.equal(fromChatFinishReason('content_filter', false), 'content-filter');
  assert.equal(fromChatFinishReason(null, false), 'other');
  assert.equal(toChatFinishReason('tool-calls'), 'tool_calls');
  assert.equal(toChatFinishReason('stop-sequence'), 'stop');
  assert.equal(toChatFinishReason('refusal'), 'content_filter');
  assert.equal(toChatFinishReason('length'), 'length');
  assert.equal(toChatFinishReason('pause'), 'stop');
});
