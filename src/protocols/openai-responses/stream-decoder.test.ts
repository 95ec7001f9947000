import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStreamDecoder } from './stream-decoder.ts';
import { SseDecoder } from '../../sse/decoder.ts';
import type { StreamEvent } from '../../conversation/index.ts';

/** Serialises backend events the way a Responses server does (`event:` + `data:` with `type`). */
function sse(events: Array<Record<string, unknown>>): string {
  return events.map((e, i) => `event: ${String(e['type'])}\ndata: ${JSON.stringify({ ...e, sequence_number: i })}\n\n`).join('');
}

/** Feeds bytes in fixed-size chunks (cutting through multi-byte characters) and collects canonical events. */
function decodeBytes(bytes: Uint8Array, chunk: number, end = true): StreamEvent[] {
  const framer = new SseDecoder();
  const decoder = createStreamDecoder();
  const out: StreamEvent[] = [];
  for (let i = 0; i < bytes.length; i += chunk) {
    for (const e of framer.push(bytes.subarray(i, i + chunk))) out.push(...decoder.push(e));
  }
  for (const e of framer.end()) out.push(...decoder.push(e));
  if (end) out.push(...decoder.end());
  return out;
}

const response = (status: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'resp_vllm1', object: 'response', created_at: 1, model: 'Qwen/Qwen3-Coder', status, output: [], usage: null, ...extra,
});

/** A vLLM-like answer: reasoning text, a message with UTF-8 text, then a tool call in many small deltas. */
function realisticStream(): string {
  const args = '{"cmd":"cat config.env","workdir":"/tmp/クライアント"}';
  const argDeltas = args.match(/.{1,3}/gsu) ?? [];
  return sse([
    { type: 'response.created', response: response('in_progress') },
    { type: 'response.in_progress', response: response('in_progress') },
    { type: 'response.output_item.added', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [] } },
    { type: 'response.reasoning_part.added', output_index: 0, item_id: 'rs_1', content_index: 0, part: { type: 'reasoning_text', text: '' } },
    { type: 'response.reasoning_text.delta', output_index: 0, item_id: 'rs_1', content_index: 0, delta: 'User wants ' },
    { type: 'response.reasoning_text.delta', output_index: 0, item_id: 'rs_1', content_index: 0, delta: 'the file.' },
    { type: 'response.reasoning_text.done', output_index: 0, item_id: 'rs_1', content_index: 0, text: 'User wants the file.' },
    { type: 'response.output_item.done', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'User wants the file.' }] } },
    { type: 'response.output_item.added', output_index: 1, item: { id: 'msg_1', type: 'message', role: 'assistant', status: 'in_progress', content: [] } },
    { type: 'response.content_part.added', output_index: 1, item_id: 'msg_1', content_index: 0, part: { type: 'output_text', text: '', annotations: [] } },
    { type: 'response.output_text.delta', output_index: 1, item_id: 'msg_1', content_index: 0, delta: 'Lecture du fichier ' },
    { type: 'response.output_text.delta', output_index: 1, item_id: 'msg_1', content_index: 0, delta: '— 設定 🔑' },
    { type: 'response.output_text.done', output_index: 1, item_id: 'msg_1', content_index: 0, text: 'Lecture du fichier — 設定 🔑' },
    { type: 'response.content_part.done', output_index: 1, item_id: 'msg_1', content_index: 0, part: { type: 'output_text', text: 'Lecture du fichier — 設定 🔑', annotations: [] } },
    { type: 'response.output_item.done', output_index: 1, item: { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Lecture du fichier — 設定 🔑', annotations: [] }] } },
    { type: 'response.output_item.added', output_index: 2, item: { id: 'fc_1', type: 'function_call', call_id: 'call_77', name: 'exec_command', arguments: '', status: null } },
    ...argDeltas.map((delta) => ({ type: 'response.function_call_arguments.delta', output_index: 2, item_id: 'fc_1', delta })),
    { type: 'response.function_call_arguments.done', output_index: 2, item_id: 'fc_1', arguments: args },
    { type: 'response.output_item.done', output_index: 2, item: { id: 'fc_1', type: 'function_call', call_id: 'call_77', name: 'exec_command', arguments: args, status: 'completed' } },
    { type: 'response.completed', response: response('completed', { usage: { input_tokens: 50, output_tokens: 20, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 6 }, total_tokens: 70 } }) },
  ]);
}

/** Merges consecutive deltas of the same block so assertions do not depend on chunking. */
function coalesce(events: StreamEvent[]): StreamEvent[] {
  const out: StreamEvent[] = [];
  for (const e of events) {
    const last = out.at(-1);
    if (last?.type === 'text-delta' && e.type === 'text-delta' && last.index === e.index) last.text += e.text;
    else if (last?.type === 'reasoning-delta' && e.type === 'reasoning-delta' && last.index === e.index) last.text += e.text;
    else if (last?.type === 'tool-call-delta' && e.type === 'tool-call-delta' && last.index === e.index) last.delta += e.delta;
    else out.push({ ...e });
  }
  return out;
}

test('a realistic backend stream, split every 7 bytes (through UTF-8 characters), decodes to canonical events', () => {
  const bytes = new TextEncoder().encode(realisticStream());
  const events = decodeBytes(bytes, 7);
  assert.deepEqual(coalesce(events), [
    { type: 'start', id: 'resp_vllm1', model: 'Qwen/Qwen3-Coder' },
    { type: 'reasoning-start', index: 0, origin: 'openai' },
    { type: 'reasoning-delta', index: 0, text: 'User wants the file.' },
    { type: 'reasoning-end', index: 0 },
    { type: 'text-start', index: 1 },
    { type: 'text-delta', index: 1, text: 'Lecture du fichier — 設定 🔑' },
    { type: 'text-end', index: 1 },
    { type: 'tool-call-start', index: 2, id: 'call_77', name: 'exec_command', kind: 'function' },
    { type: 'tool-call-delta', index: 2, delta: '{"cmd":"cat config.env","workdir":"/tmp/クライアント"}' },
    { type: 'tool-call-end', index: 2 },
    { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 50, outputTokens: 20, reasoningTokens: 6 } },
  ]);
  const argDeltas = events.filter((e) => e.type === 'tool-call-delta');
  assert.ok(argDeltas.length > 10, 'the tool call arrived over many deltas and each was passed on');
});

test('the result does not depend on how the bytes were chunked', () => {
  const bytes = new TextEncoder().encode(realisticStream());
  const whole = decodeBytes(bytes, bytes.length);
  for (const size of [1, 2, 3, 5, 64]) assert.deepEqual(decodeBytes(bytes, size), whole, `chunk size ${size}`);
});

test('a stream cut before response.completed ends with an error, never a finish', () => {
  const text = realisticStream();
  const cut = text.slice(0, text.indexOf('event: response.output_item.added', text.indexOf('fc_1') - 200));
  const events = decodeBytes(new TextEncoder().encode(cut), 16);
  const last = events.at(-1);
  assert.equal(last?.type, 'error');
  assert.equal(events.filter((e) => e.type === 'finish').length, 0);
  if (last?.type === 'error') {
    assert.equal(last.error.code, 'SEKISHO_ERR_UPSTREAM_ABORTED');
    assert.equal(last.error.status, 502);
  }
});

test('a backend that sends only output_item.done and response.completed still yields the answer', () => {
  const events = decodeBytes(new TextEncoder().encode(sse([
    { type: 'response.output_item.done', output_index: 0, item: { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hi there' }] } },
    { type: 'response.output_item.done', output_index: 1, item: { id: 'ctc_1', type: 'custom_tool_call', call_id: 'call_1', name: 'exec', input: 'text(1)', namespace: 'functions' } },
    { type: 'response.completed', response: response('completed', { usage: { input_tokens: 3, output_tokens: 4 } }) },
  ])), 9);
  assert.deepEqual(events, [
    { type: 'start', id: '', model: '' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'Hi there' },
    { type: 'text-end', index: 0 },
    { type: 'tool-call-start', index: 1, id: 'call_1', name: 'exec', kind: 'custom', namespace: 'functions' },
    { type: 'tool-call-delta', index: 1, delta: 'text(1)' },
    { type: 'tool-call-end', index: 1 },
    { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 3, outputTokens: 4 } },
  ]);
});

test('items present only in the terminal response are emitted; encrypted reasoning becomes a signature event', () => {
  const events = decodeBytes(new TextEncoder().encode(sse([
    { type: 'response.created', response: response('in_progress') },
    { type: 'response.incomplete', response: response('incomplete', {
      incomplete_details: { reason: 'max_output_tokens' },
      output: [{ id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'A' }, { type: 'summary_text', text: 'B' }], encrypted_content: 'ENC' }],
      usage: { input_tokens: 1, output_tokens: 9 },
    }) },
  ])), 100);
  assert.deepEqual(events.slice(1), [
    { type: 'reasoning-start', index: 0, origin: 'openai' },
    { type: 'reasoning-delta', index: 0, text: 'A\n\nB' },
    { type: 'reasoning-signature', index: 0, opaque: 'ENC' },
    { type: 'reasoning-end', index: 0 },
    { type: 'finish', reason: 'length', usage: { inputTokens: 1, outputTokens: 9 } },
  ]);
});

test('in-stream failures become error events: response.failed and a bare error event', () => {
  const failed = decodeBytes(new TextEncoder().encode(sse([
    { type: 'response.created', response: response('in_progress') },
    { type: 'response.failed', response: response('failed', { error: { code: 'server_error', message: 'GPU fell over' } }) },
  ])), 50, false);
  const last = failed.at(-1);
  assert.equal(last?.type, 'error');
  if (last?.type === 'error') {
    assert.equal(last.error.kind, 'upstream');
    assert.match(last.error.message, /GPU fell over/);
  }
  const decoder = createStreamDecoder();
  const out = decoder.push({ event: 'error', data: JSON.stringify({ type: 'error', code: 'rate_limit_exceeded', message: 'Too many', param: null, sequence_number: 3 }) });
  assert.equal(out.length, 1);
  assert.equal(out[0]?.type === 'error' && out[0].error.kind, 'rate_limit');
  assert.deepEqual(decoder.end(), [], 'nothing follows the error');
});

test('malformed JSON in a stream event is an error', () => {
  const decoder = createStreamDecoder();
  const out = decoder.push({ event: 'response.output_text.delta', data: '{"type": "response.output_text.delta", "delta": ' });
  assert.equal(out[0]?.type === 'error' && out[0].error.code, 'SEKISHO_ERR_UPSTREAM_PROTOCOL');
});
