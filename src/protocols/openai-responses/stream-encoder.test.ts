import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStreamEncoder } from './stream-encoder.ts';
import type { ConversationRequest, StreamEvent } from '../../conversation/index.ts';
import type { SseEvent } from '../../sse/sse-event.ts';

type Data = Record<string, unknown> & { type: string; sequence_number: number };

function encode(events: StreamEvent[], request?: ConversationRequest): Data[] {
  const encoder = createStreamEncoder({ model: 'client-model', requestId: 'req_abc', ...(request && { request }) });
  const out: SseEvent[] = events.flatMap((e) => encoder.push(e));
  return out.map((e) => {
    const data = JSON.parse(e.data) as Data;
    assert.equal(e.event, data.type, 'SSE event name equals the payload type');
    return data;
  });
}

const usage = { inputTokens: 120, outputTokens: 30, cachedInputTokens: 100 };

test('text then two tool calls: exactly the documented event sequence', () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'chatcmpl-1', model: 'backend-model' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'Let me ' },
    { type: 'text-delta', index: 0, text: 'look.' },
    { type: 'text-end', index: 0 },
    { type: 'tool-call-start', index: 1, id: 'call_a', name: 'exec_command', kind: 'function' },
    { type: 'tool-call-delta', index: 1, delta: '{"cmd":' },
    { type: 'tool-call-delta', index: 1, delta: '"ls"}' },
    { type: 'tool-call-end', index: 1 },
    { type: 'tool-call-start', index: 2, id: 'call_b', name: 'view_image', kind: 'function' },
    { type: 'tool-call-delta', index: 2, delta: '{}' },
    { type: 'tool-call-end', index: 2 },
    { type: 'finish', reason: 'tool-calls', usage },
  ];
  const out = encode(events);
  assert.deepEqual(out.map((e) => e.type), [
    'response.created',
    'response.in_progress',
    'response.output_item.added',
    'response.content_part.added',
    'response.output_text.delta',
    'response.output_text.delta',
    'response.output_text.done',
    'response.content_part.done',
    'response.output_item.done',
    'response.output_item.added',
    'response.function_call_arguments.delta',
    'response.function_call_arguments.delta',
    'response.function_call_arguments.done',
    'response.output_item.done',
    'response.output_item.added',
    'response.function_call_arguments.delta',
    'response.function_call_arguments.done',
    'response.output_item.done',
    'response.completed',
  ]);
  assert.deepEqual(out.map((e) => e.sequence_number), out.map((_, i) => i));

  const created = out[0]!['response'] as Record<string, unknown>;
  assert.equal(created['id'], 'resp_abc');
  assert.equal(created['status'], 'in_progress');
  assert.equal(created['model'], 'client-model');
  assert.deepEqual(created['output'], []);

  assert.deepEqual(out[2], { type: 'response.output_item.added', sequence_number: 2, output_index: 0,
    item: { id: 'msg_abc_0', type: 'message', status: 'in_progress', role: 'assistant', content: [] } });
  assert.deepEqual(out[3], { type: 'response.content_part.added', sequence_number: 3, item_id: 'msg_abc_0', output_index: 0,
    content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
  assert.deepEqual(out[4], { type: 'response.output_text.delta', sequence_number: 4, item_id: 'msg_abc_0', output_index: 0,
    content_index: 0, delta: 'Let me ', logprobs: [] });
  assert.equal(out[6]!['text'], 'Let me look.');
  assert.deepEqual(out[9]!['item'], { id: 'fc_abc_1', type: 'function_call', status: 'in_progress', call_id: 'call_a', name: 'exec_command', arguments: '' });
  assert.deepEqual(out[12], { type: 'response.function_call_arguments.done', sequence_number: 12, item_id: 'fc_abc_1', output_index: 1, arguments: '{"cmd":"ls"}' });

  const done = out.at(-1)!['response'] as Record<string, unknown>;
  assert.equal(done['status'], 'completed');
  assert.equal(done['id'], 'resp_abc');
  assert.deepEqual(done['usage'], {
    input_tokens: 120, input_tokens_details: { cached_tokens: 100 },
    output_tokens: 30, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 150,
  });
  assert.deepEqual(done['output'], [
    { id: 'msg_abc_0', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Let me look.', annotations: [], logprobs: [] }] },
    { id: 'fc_abc_1', type: 'function_call', status: 'completed', call_id: 'call_a', name: 'exec_command', arguments: '{"cmd":"ls"}' },
    { id: 'fc_abc_2', type: 'function_call', status: 'completed', call_id: 'call_b', name: 'view_image', arguments: '{}' },
  ]);
});

test('reasoning: summary part events, and only OpenAI encrypted content is kept', () => {
  const run = (origin: 'openai' | 'anthropic'): Data[] => encode([
    { type: 'start', id: 'resp_x', model: 'm' },
    { type: 'reasoning-start', index: 0, origin },
    { type: 'reasoning-delta', index: 0, text: 'Thinking' },
    { type: 'reasoning-signature', index: 0, opaque: 'enc-data', signature: 'sig' },
    { type: 'reasoning-end', index: 0 },
    { type: 'finish', reason: 'stop', usage },
  ]);
  const out = run('openai');
  assert.deepEqual(out.map((e) => e.type), [
    'response.created', 'response.in_progress', 'response.output_item.added',
    'response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta',
    'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done',
    'response.output_item.done', 'response.completed',
  ]);
  assert.deepEqual(out[7]!['item'], { id: 'rs_x_0', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking' }], encrypted_content: 'enc-data' });
  assert.equal((run('anthropic')[7]!['item'] as Record<string, unknown>)['encrypted_content'], undefined);
});

const customRequest: ConversationRequest = {
  model: 'gpt-big', system: [], messages: [], stream: true, extensions: {},
  tools: [
    { type: 'custom', name: 'exec', namespace: 'functions' },
    { type: 'function', name: 'spawn_agent', namespace: 'multi_agent' },
  ],
};

test('a custom tool called as a function through a translating backend comes back as custom_tool_call', () => {
  const out = encode([
    { type: 'start', id: 'msg_01', model: 'claude' },
    { type: 'tool-call-start', index: 0, id: 'toolu_9', name: 'exec', kind: 'function' },
    { type: 'tool-call-delta', index: 0, delta: '{"input": "const r = ' },
    { type: 'tool-call-delta', index: 0, delta: 'await tools.ls();\\ntext(r)"}' },
    { type: 'tool-call-end', index: 0 },
    { type: 'tool-call-start', index: 1, id: 'toolu_10', name: 'spawn_agent', kind: 'function' },
    { type: 'tool-call-delta', index: 1, delta: '{}' },
    { type: 'tool-call-end', index: 1 },
    { type: 'finish', reason: 'tool-calls', usage },
  ], customRequest);
  assert.deepEqual(out.map((e) => e.type).slice(2), [
    'response.output_item.added',
    'response.custom_tool_call_input.delta',
    'response.custom_tool_call_input.done',
    'response.output_item.done',
    'response.output_item.added',
    'response.function_call_arguments.delta',
    'response.function_call_arguments.done',
    'response.output_item.done',
    'response.completed',
  ]);
  assert.deepEqual(out[2]!['item'], { id: 'ctc_abc_0', type: 'custom_tool_call', status: 'in_progress', call_id: 'toolu_9', name: 'exec', input: '', namespace: 'functions' });
  assert.equal(out[3]!['delta'], 'const r = await tools.ls();\ntext(r)');
  assert.equal(out[4]!['input'], 'const r = await tools.ls();\ntext(r)');
  assert.deepEqual(out[5]!['item'], { id: 'ctc_abc_0', type: 'custom_tool_call', status: 'completed', call_id: 'toolu_9', name: 'exec', input: 'const r = await tools.ls();\ntext(r)', namespace: 'functions' });
  assert.equal((out[9]!['item'] as Record<string, unknown>)['namespace'], 'multi_agent', 'namespace re-attached from the request');
});

test('length and content filter finish as response.incomplete with the reason', () => {
  const lengthOut = encode([{ type: 'start', id: '', model: 'm' }, { type: 'finish', reason: 'length', usage }]);
  const last = lengthOut.at(-1)!;
  assert.equal(last.type, 'response.incomplete');
  const response = last['response'] as Record<string, unknown>;
  assert.equal(response['status'], 'incomplete');
  assert.deepEqual(response['incomplete_details'], { reason: 'max_output_tokens' });
  const filtered = encode([{ type: 'start', id: '', model: 'm' }, { type: 'finish', reason: 'content-filter', usage }]).at(-1)!;
  assert.deepEqual((filtered['response'] as Record<string, unknown>)['incomplete_details'], { reason: 'content_filter' });
});

test('an error mid-stream ends with response.failed (items so far) and an error event; later events are ignored', () => {
  const encoder = createStreamEncoder({ model: 'client-model', requestId: 'req_e' });
  const sse = [
    { type: 'start', id: '', model: 'm' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'partial' },
    { type: 'error', error: { status: 429, code: 'SEKISHO_ERR_X', kind: 'rate_limit', message: 'Slow down', requestId: 'req_e' } },
    { type: 'text-delta', index: 0, text: 'ignored' },
  ].flatMap((e) => encoder.push(e as StreamEvent));
  const out = sse.map((e) => JSON.parse(e.data) as Data);
  assert.deepEqual(out.map((e) => e.type).slice(-2), ['response.failed', 'error']);
  const failed = out.at(-2)!['response'] as Record<string, unknown>;
  assert.equal(failed['status'], 'failed');
  assert.deepEqual(failed['error'], { code: 'rate_limit_exceeded', message: 'Slow down (SEKISHO_ERR_X, request req_e)' });
  assert.deepEqual(failed['output'], [
    { id: 'msg_e_0', type: 'message', status: 'incomplete', role: 'assistant', content: [{ type: 'output_text', text: 'partial', annotations: [], logprobs: [] }] },
  ]);
  assert.deepEqual(out.at(-1), { type: 'error', sequence_number: out.length - 1, code: 'rate_limit_exceeded', message: 'Slow down (SEKISHO_ERR_X, request req_e)', param: null });
});

test('open blocks are closed before the terminal event; a missing start is synthesized', () => {
  const out = encode([
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'hi' },
    { type: 'finish', reason: 'stop', usage },
  ]);
  assert.deepEqual(out.map((e) => e.type), [
    'response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added',
    'response.output_text.delta', 'response.output_text.done', 'response.content_part.done',
    'response.output_item.done', 'response.completed',
  ]);
});

test('the request is echoed in the response object', () => {
  const out = encode([{ type: 'start', id: '', model: 'm' }], {
    ...customRequest,
    system: [{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] }],
    maxOutputTokens: 100,
    toolChoice: { type: 'required' },
    extensions: { store: false, metadata: { a: '1' }, text: { verbosity: 'low' } },
  });
  const response = out[0]!['response'] as Record<string, unknown>;
  assert.equal(response['instructions'], 'Be brief.');
  assert.equal(response['max_output_tokens'], 100);
  assert.equal(response['tool_choice'], 'required');
  assert.deepEqual(response['metadata'], { a: '1' });
  assert.deepEqual(response['text'], { verbosity: 'low' });
  assert.deepEqual(response['tools'], [
    { type: 'namespace', name: 'functions', tools: [{ type: 'custom', name: 'exec' }] },
    { type: 'namespace', name: 'multi_agent', tools: [{ type: 'function', name: 'spawn_agent', parameters: { type: 'object', properties: {} } }] },
  ]);
});
