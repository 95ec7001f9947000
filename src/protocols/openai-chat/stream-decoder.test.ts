import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStreamDecoder } from './stream-decoder.ts';
import { SseDecoder } from '../../sse/decoder.ts';
import type { StreamEvent } from '../../conversation/index.ts';

/** Runs SSE text through the shared SSE parser, fed in byte slices of `step` bytes, then our decoder. */
function decodeBytes(text: string, step = 7): StreamEvent[] {
  const bytes = new TextEncoder().encode(text);
  const sse = new SseDecoder();
  const decoder = createStreamDecoder();
  const out: StreamEvent[] = [];
  for (let i = 0; i < bytes.length; i += step) {
    for (const e of sse.push(bytes.subarray(i, i + step))) out.push(...decoder.push(e));
  }
  for (const e of sse.end()) out.push(...decoder.push(e));
  out.push(...decoder.end());
  return out;
}

function sse(chunks: unknown[], done = true): string {
  return chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + (done ? 'data: [DONE]\n\n' : '');
}

const head = { id: 'chatcmpl-v1', object: 'chat.completion.chunk', created: 1700000000, model: 'qwen3' };
const c = (delta: unknown, finish: string | null = null, extra: object = {}) => ({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra });

/** Joins consecutive deltas of one block so assertions do not depend on how the bytes were split. */
function merged(events: StreamEvent[]): StreamEvent[] {
  const out: StreamEvent[] = [];
  for (const e of events) {
    const prev = out.at(-1);
    if (prev?.type === 'text-delta' && e.type === 'text-delta' && prev.index === e.index) prev.text += e.text;
    else if (prev?.type === 'reasoning-delta' && e.type === 'reasoning-delta' && prev.index === e.index) prev.text += e.text;
    else if (prev?.type === 'tool-call-delta' && e.type === 'tool-call-delta' && prev.index === e.index) prev.delta += e.delta;
    else out.push({ ...e });
  }
  return out;
}

test('vLLM-style stream: reasoning, UTF-8 text, a tool call over many deltas, usage chunk', () => {
  const text = 'Voilà — 日本語 🎌 ok';
  const stream = sse([
    c({ role: 'assistant', content: '' }),
    c({ reasoning: 'Need to ' }),
    c({ reasoning: 'read the file.' }),
    c({ content: text.slice(0, 6) }),
    c({ content: text.slice(6) }),
    c({ tool_calls: [{ index: 0, id: 'call_x', type: 'function', function: { name: 'read', arguments: '' } }] }),
    c({ tool_calls: [{ index: 0, function: { arguments: '{"pa' } }] }),
    c({ tool_calls: [{ index: 0, function: { arguments: 'th": "/tmp/' } }] }),
    c({ tool_calls: [{ index: 0, function: { arguments: 'ü.txt"}' } }] }),
    c({}, 'tool_calls'),
    { ...head, choices: [], usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70, prompt_tokens_details: { cached_tokens: 10 } } },
  ]);
  for (const step of [1, 3, 7, 64]) {
    const events = decodeBytes(stream, step);
    assert.deepEqual(merged(events), [
      { type: 'start', id: 'chatcmpl-v1', model: 'qwen3' },
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'Need to read the file.' },
      { type: 'reasoning-end', index: 0 },
      { type: 'text-start', index: 1 },
      { type: 'text-delta', index: 1, text },
      { type: 'text-end', index: 1 },
      { type: 'tool-call-start', index: 2, id: 'call_x', name: 'read', kind: 'function' },
      { type: 'tool-call-delta', index: 2, delta: '{"path": "/tmp/ü.txt"}' },
      { type: 'tool-call-end', index: 2 },
      { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 50, outputTokens: 20, cachedInputTokens: 10 } },
    ], `step ${step}`);
  }
});

test('parallel tool calls interleaved by index, finish_reason "stop" with tool calls → tool-calls', () => {
  const events = decodeBytes(sse([
    c({ tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'ls', arguments: '{"d":' } }] }),
    c({ tool_calls: [{ index: 1, id: 'b', type: 'function', function: { name: 'cat', arguments: '{"f":' } }] }),
    c({ tool_calls: [{ index: 0, function: { arguments: '"/"}' } }] }),
    c({ tool_calls: [{ index: 1, function: { arguments: '"x"}' } }] }, 'stop', { usage: { prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 } }),
  ]));
  assert.deepEqual(events, [
    { type: 'start', id: 'chatcmpl-v1', model: 'qwen3' },
    { type: 'tool-call-start', index: 0, id: 'a', name: 'ls', kind: 'function' },
    { type: 'tool-call-delta', index: 0, delta: '{"d":' },
    { type: 'tool-call-start', index: 1, id: 'b', name: 'cat', kind: 'function' },
    { type: 'tool-call-delta', index: 1, delta: '{"f":' },
    { type: 'tool-call-delta', index: 0, delta: '"/"}' },
    { type: 'tool-call-delta', index: 1, delta: '"x"}' },
    { type: 'tool-call-end', index: 0 },
    { type: 'tool-call-end', index: 1 },
    { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 5, outputTokens: 6 } },
  ]);
});

test('Ollama-style: complete calls in one chunk, reused index 0, missing index, no id, no [DONE]', () => {
  const events = decodeBytes(sse([
    c({ role: 'assistant', content: 'Checking.' }),
    c({ tool_calls: [
      { index: 0, id: 'call_1', type: 'function', function: { name: 'read', arguments: '{"p":"a"}' } },
      { index: 0, id: 'call_2', type: 'function', function: { name: 'read', arguments: '{"p":"b"}' } },
    ] }),
    c({ tool_calls: [{ type: 'function', function: { name: 'glob', arguments: { pattern: '*.ts' } } }] }),
    c({ content: '' }, 'stop'),
  ], false));
  assert.deepEqual(events, [
    { type: 'start', id: 'chatcmpl-v1', model: 'qwen3' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'Checking.' },
    { type: 'text-end', index: 0 },
    { type: 'tool-call-start', index: 1, id: 'call_1', name: 'read', kind: 'function' },
    { type: 'tool-call-delta', index: 1, delta: '{"p":"a"}' },
    { type: 'tool-call-start', index: 2, id: 'call_2', name: 'read', kind: 'function' },
    { type: 'tool-call-delta', index: 2, delta: '{"p":"b"}' },
    { type: 'tool-call-start', index: 3, id: 'call_3', name: 'glob', kind: 'function' },
    { type: 'tool-call-delta', index: 3, delta: '{"pattern":"*.ts"}' },
    { type: 'tool-call-end', index: 1 },
    { type: 'tool-call-end', index: 2 },
    { type: 'tool-call-end', index: 3 },
    { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 0, outputTokens: 0 } },
  ]);
});

test('name arriving after the first arguments fragment is buffered, not lost', () => {
  const events = decodeBytes(sse([
    c({ tool_calls: [{ index: 0, id: 'x1', function: { arguments: '{"a"' } }] }),
    c({ tool_calls: [{ index: 0, function: { name: 'f', arguments: ':1}' } }] }),
    c({}, 'tool_calls'),
  ]));
  assert.deepEqual(events.slice(1, 4), [
    { type: 'tool-call-start', index: 0, id: 'x1', name: 'f', kind: 'function' },
    { type: 'tool-call-delta', index: 0, delta: '{"a":1}' },
    { type: 'tool-call-end', index: 0 },
  ]);
});

test('custom tool call deltas decode as kind custom; llama.cpp role chunk with null content', () => {
  const events = decodeBytes(sse([
    c({ role: 'assistant', content: null }),
    c({ tool_calls: [{ index: 0, id: 'ct', type: 'custom', custom: { name: 'exec', input: '' } }] }),
    c({ tool_calls: [{ index: 0, custom: { input: 'print(1)' } }] }),
    c({}, 'tool_calls'),
  ]));
  assert.deepEqual(events, [
    { type: 'start', id: 'chatcmpl-v1', model: 'qwen3' },
    { type: 'tool-call-start', index: 0, id: 'ct', name: 'exec', kind: 'custom' },
    { type: 'tool-call-delta', index: 0, delta: 'print(1)' },
    { type: 'tool-call-end', index: 0 },
    { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 0, outputTokens: 0 } },
  ]);
});

test('finish_reason on the content chunk, usage chunk with choices null, length', () => {
  const events = decodeBytes(sse([
    c({ role: 'assistant', content: 'cut' }, 'length'),
    { ...head, choices: null, usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, completion_tokens_details: { reasoning_tokens: 1 } } },
  ]));
  assert.deepEqual(events.at(-2), { type: 'text-end', index: 0 });
  assert.deepEqual(events.at(-1), { type: 'finish', reason: 'length', usage: { inputTokens: 1, outputTokens: 2, reasoningTokens: 1 } });
});

test('truncated stream (no finish_reason) ends with an error from end()', () => {
  const sseDecoder = new SseDecoder();
  const decoder = createStreamDecoder();
  const events: StreamEvent[] = [];
  for (const e of sseDecoder.push(sse([c({ role: 'assistant', content: 'Half an ans' })], false))) events.push(...decoder.push(e));
  assert.equal(events.some((e) => e.type === 'finish' || e.type === 'error'), false);
  const closing = decoder.end();
  assert.equal(closing.length, 1);
  const last = closing[0];
  assert.equal(last?.type, 'error');
  if (last?.type === 'error') {
    assert.equal(last.error.code, 'SEKISHO_ERR_UPSTREAM_ABORTED');
    assert.equal(last.error.kind, 'upstream');
  }
  assert.deepEqual(decoder.end(), [], 'nothing after the terminal event');
});

test('[DONE] without any finish_reason is an error, not a complete answer', () => {
  const events = decodeBytes(sse([c({ content: 'hi' })]));
  assert.equal(events.at(-1)?.type, 'error');
});

test('in-stream error object (OpenAI / current llama.cpp) yields an error event and stops decoding', () => {
  const text = sse([c({ content: 'par' })], false)
    + `data: ${JSON.stringify({ error: { message: 'the request exceeds the available context size', type: 'invalid_request_error', code: 400 } })}\n\n`
    + sse([c({ content: 'more' }, 'stop')]);
  const events = decodeBytes(text);
  const last = events.at(-1);
  assert.equal(last?.type, 'error');
  if (last?.type === 'error') assert.match(last.error.message, /exceeds the available context size/);
  assert.equal(events.filter((e) => e.type === 'text-delta').length, 1);
});

test('`event: error` and a non-JSON chunk are errors; an error before any chunk still starts first', () => {
  const named = decodeBytes('event: error\ndata: {"message":"boom"}\n\n');
  assert.deepEqual(named.map((e) => e.type), ['start', 'error']);
  const garbage = decodeBytes('data: {not json\n\n');
  const last = garbage.at(-1);
  assert.equal(last?.type === 'error' ? last.error.code : '', 'SEKISHO_ERR_UPSTREAM_PROTOCOL');
});

test('choices other than index 0 are ignored', () => {
  const events = decodeBytes(sse([
    { ...head, choices: [{ index: 1, delta: { content: 'other' }, finish_reason: null }] },
    { ...head, choices: [{ index: 0, delta: { content: 'mine' }, finish_reason: null }] },
    { ...head, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }, { index: 1, delta: {}, finish_reason: 'stop' }] },
  ]));
  assert.deepEqual(events.filter((e) => e.type === 'text-delta'), [{ type: 'text-delta', index: 0, text: 'mine' }]);
  assert.deepEqual(events.at(-1), { type: 'finish', reason: 'stop', usage: { inputTokens: 0, outputTokens: 0 } });
});

// TGI (3.x) streams a tool call and then `[DONE]` with no finish_reason anywhere.
const tgi = (args: string, name: string | null = null) => c({ role: 'assistant', tool_calls: [{ index: 0, id: '0', type: 'function', function: { name, arguments: args } }] });

test('TGI: a complete tool call closed by [DONE] without any finish_reason finishes as tool-calls', () => {
  const events = merged(decodeBytes(sse([tgi('{', 'get_weather'), tgi(' "location'), tgi('": "Tokyo"'), tgi('}')])));
  assert.deepEqual(events.slice(1), [
    { type: 'tool-call-start', index: 0, id: '0', name: 'get_weather', kind: 'function' },
    { type: 'tool-call-delta', index: 0, delta: '{ "location": "Tokyo"}' },
    { type: 'tool-call-end', index: 0 },
    { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 0, outputTokens: 0 } },
  ]);
});

test('no finish_reason stays an error unless [DONE] closes complete tool calls', () => {
  const code = (events: StreamEvent[]): string => {
    const last = events.at(-1);
    return last?.type === 'error' ? last.error.code : String(last?.type);
  };
  // arguments cut mid-JSON, then [DONE]
  assert.equal(code(decodeBytes(sse([tgi('{', 'get_weather'), tgi(' "location": "To')]))), 'SEKISHO_ERR_UPSTREAM_ABORTED');
  // a complete call but no [DONE]: the connection ended, nothing says the answer did
  assert.equal(code(decodeBytes(sse([tgi('{"location":"Tokyo"}', 'get_weather')], false))), 'SEKISHO_ERR_UPSTREAM_ABORTED');
  // arguments that are JSON but not an object
  assert.equal(code(decodeBytes(sse([tgi('"Tokyo"', 'get_weather')]))), 'SEKISHO_ERR_UPSTREAM_ABORTED');
  // a call that never got a name
  assert.equal(code(decodeBytes(sse([tgi('{"location":"Tokyo"}')]))), 'SEKISHO_ERR_UPSTREAM_ABORTED');
  // one complete call and one cut
  const two = sse([tgi('{"a":1}', 'f'), c({ tool_calls: [{ index: 1, id: '1', type: 'function', function: { name: 'g', arguments: '{"b":' } }] })]);
  assert.equal(code(decodeBytes(two)), 'SEKISHO_ERR_UPSTREAM_ABORTED');
});

test("llama.cpp's `error:` field reaches the client as the backend's own message", () => {
  const events = decodeBytes('error: {"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error"}\n\ndata: [DONE]\n\n');
  assert.deepEqual(events.map((e) => e.type), ['start', 'error']);
  const last = events.at(-1);
  if (last?.type !== 'error') throw new Error('expected an error');
  assert.equal(last.error.code, 'SEKISHO_ERR_UPSTREAM_REPORTED');
  assert.equal(last.error.message, 'The model backend reported an error: the request exceeds the available context size, try increasing it');
});
