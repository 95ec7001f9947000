import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequest } from './parse-request.ts';
import type { ConversationRequest } from '../../conversation/index.ts';

function ok(body: unknown): ConversationRequest {
  const result = parseRequest(body);
  if (!result.ok) assert.fail(`expected ok, got ${result.message} at ${result.param}`);
  return result.value;
}

function bad(body: unknown): { message: string; param?: string } {
  const result = parseRequest(body);
  if (result.ok) assert.fail('expected a parse failure');
  return result;
}

/** Shaped like a Codex turn with an unknown model: function tools, a namespace, a hosted tool, history. */
const codexTurn = {
  model: 'local-coder',
  stream: true,
  store: false,
  tool_choice: 'auto',
  parallel_tool_calls: true,
  reasoning: { summary: 'auto' },
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: 'sess-1',
  client_metadata: { session: 'abc' },
  input: [
    { type: 'message', id: 'msg_dev', role: 'developer', content: [{ type: 'input_text', text: 'You are a careful agent.' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'List the files' }] },
    { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Need ls.' }], encrypted_content: 'gAAAA-opaque' },
    { type: 'function_call', id: 'fc_1', status: 'completed', call_id: 'call_1', name: 'run_command', arguments: '{"cmd":"ls"}' },
    { type: 'function_call', id: 'fc_2', status: 'completed', call_id: 'call_2', name: 'spawn', namespace: 'agents', arguments: '{}' },
    { type: 'function_call_output', id: 'fco_1', call_id: 'call_1', output: 'a.txt\nb.txt' },
    { type: 'function_call_output', call_id: 'call_2', output: 'spawned' },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Two files.', annotations: [] }] },
  ],
  tools: [
    { type: 'function', name: 'run_command', description: 'Run a shell command', strict: false, parameters: { type: 'object', properties: { cmd: { type: 'string' } } } },
    { type: 'namespace', name: 'agents', description: 'Sub-agents', tools: [{ type: 'function', name: 'spawn', parameters: { type: 'object' } }] },
    { type: 'web_search', external_web_access: true },
  ],
};

test('Codex-style turn: messages, reasoning, calls and outputs map onto canonical parts', () => {
  const r = ok(codexTurn);
  assert.equal(r.model, 'local-coder');
  assert.equal(r.stream, true);
  assert.deepEqual(r.toolChoice, { type: 'auto' });
  assert.equal(r.parallelToolCalls, true);
  assert.deepEqual(r.system, []);
  assert.deepEqual(r.messages.map((m) => m.role), ['developer', 'user', 'assistant', 'tool', 'assistant']);
  assert.deepEqual(r.messages[0]?.extensions, { id: 'msg_dev', type: 'message' });

  const assistant = r.messages[2]!;
  assert.deepEqual(assistant.content[0], {
    type: 'reasoning', text: 'Need ls.', origin: 'openai', opaque: 'gAAAA-opaque', extensions: { id: 'rs_1' },
  });
  assert.deepEqual(assistant.content[1], {
    type: 'tool-call', id: 'call_1', name: 'run_command', kind: 'function', arguments: '{"cmd":"ls"}',
    extensions: { id: 'fc_1', status: 'completed' },
  });
  assert.equal(assistant.content[2]?.type === 'tool-call' && assistant.content[2].namespace, 'agents');

  const results = r.messages[3]!.content;
  assert.equal(results.length, 2);
  assert.deepEqual(results[0], {
    type: 'tool-result', callId: 'call_1', name: 'run_command', kind: 'function',
    content: [{ type: 'text', text: 'a.txt\nb.txt' }], extensions: { id: 'fco_1' },
  });
  assert.deepEqual(r.messages[4]!.content, [{ type: 'text', text: 'Two files.', extensions: { annotations: [] } }]);
});

test('tools: functions, flattened namespace members and hosted tools', () => {
  const r = ok(codexTurn);
  assert.equal(r.tools.length, 3);
  assert.deepEqual(r.tools[0], {
    type: 'function', name: 'run_command', description: 'Run a shell command', strict: false,
    parameters: { type: 'object', properties: { cmd: { type: 'string' } } },
  });
  assert.deepEqual(r.tools[1], {
    type: 'function', name: 'spawn', parameters: { type: 'object' }, namespace: 'agents',
    extensions: { sekisho_namespace_description: 'Sub-agents' },
  });
  assert.deepEqual(r.tools[2], { type: 'hosted', name: 'web_search', origin: 'openai-responses', raw: { type: 'web_search', external_web_access: true } });
});

test('unknown top-level fields and reasoning go to extensions; reasoning also maps', () => {
  const r = ok(codexTurn);
  assert.deepEqual(r.reasoning, { summary: 'auto' });
  assert.deepEqual(r.extensions, {
    store: false,
    include: ['reasoning.encrypted_content'],
    prompt_cache_key: 'sess-1',
    client_metadata: { session: 'abc' },
    reasoning: { summary: 'auto' },
  });
});

test('code mode: additional_tools adds tools and stays in place as an opaque item', () => {
  const additional = {
    type: 'additional_tools', id: 'at_1', role: 'developer',
    tools: [{ type: 'namespace', name: 'functions', description: '', tools: [
      { type: 'custom', name: 'exec', description: 'Run JS', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } },
      { type: 'function', name: 'wait', parameters: { type: 'object' } },
    ] }],
  };
  const r = ok({
    model: 'gpt-big',
    input: [
      additional,
      { role: 'user', content: 'Show config.env' },
      { type: 'custom_tool_call', id: 'ctc_1', status: 'completed', call_id: 'call_9', name: 'exec', input: 'text(await tools.cat())' },
      { type: 'custom_tool_call_output', id: 'ctco_1', call_id: 'call_9', output: [
        { type: 'input_text', text: 'Script completed\n' }, { type: 'input_text', text: 'KEY=VALUE' },
      ] },
    ],
  });
  assert.deepEqual(r.messages[0], { role: 'developer', content: [{ type: 'opaque', dialect: 'openai-responses', raw: additional }] });
  assert.deepEqual(r.messages[1], { role: 'user', content: [{ type: 'text', text: 'Show config.env' }], extensions: { type: 'message' } });
  const exec = r.tools[0];
  assert.equal(exec?.type, 'custom');
  if (exec?.type !== 'custom') return;
  assert.equal(exec.namespace, 'functions');
  assert.deepEqual(exec.format, { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' });
  assert.equal(r.tools[1]?.type !== 'hosted' && r.tools[1]?.name, 'wait');
  assert.deepEqual(r.messages[2]?.content[0], {
    type: 'tool-call', id: 'call_9', name: 'exec', kind: 'custom', arguments: 'text(await tools.cat())',
    extensions: { id: 'ctc_1', status: 'completed' },
  });
  const result = r.messages[3]?.content[0];
  assert.equal(result?.type, 'tool-result');
  if (result?.type !== 'tool-result') return;
  assert.equal(result.kind, 'custom');
  assert.equal(result.name, 'exec');
  assert.deepEqual(result.content.map((c) => (c.type === 'text' ? c.text : '')), ['Script completed\n', 'KEY=VALUE']);
});

test('opencode-style request: string instructions, limits, user id, images and files', () => {
  const r = ok({
    model: 'gpt-5',
    instructions: 'Be brief.',
    max_output_tokens: 8192,
    temperature: 0.2,
    top_p: 0.9,
    reasoning: { effort: 'medium', summary: 'auto' },
    safety_identifier: 'user-42',
    input: [{ role: 'user', content: [
      { type: 'input_text', text: 'What is this?' },
      { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0K', detail: 'high' },
      { type: 'input_file', filename: 'spec.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' },
      { type: 'input_audio', input_audio: { data: 'UklGR', format: 'wav' } },
    ] }],
  });
  assert.deepEqual(r.system, [{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] }]);
  assert.equal(r.maxOutputTokens, 8192);
  assert.equal(r.temperature, 0.2);
  assert.equal(r.topP, 0.9);
  assert.deepEqual(r.reasoning, { effort: 'medium', summary: 'auto', enabled: true });
  assert.equal(r.user, 'user-42');
  const [, image, file, audio] = r.messages[0]!.content;
  assert.deepEqual(image, { type: 'image', mediaType: 'image/png', url: 'data:image/png;base64,iVBORw0K', extensions: { detail: 'high' } });
  assert.deepEqual(file, { type: 'document', mediaType: 'application/pdf', data: 'JVBERi0x', filename: 'spec.pdf' });
  assert.deepEqual(audio, { type: 'opaque', dialect: 'openai-responses', raw: { type: 'input_audio', input_audio: { data: 'UklGR', format: 'wav' } } });
});

test('a plain string input is one user message; unknown items are opaque, never dropped', () => {
  assert.deepEqual(ok({ model: 'm', input: 'hi' }).messages, [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  const r = ok({ model: 'm', input: [
    { type: 'item_reference', id: 'msg_old' },
    { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'x' } },
    { type: 'local_shell_call_output', id: 'lso_1', output: 'ok' },
  ] });
  assert.deepEqual(r.messages.map((m) => [m.role, m.content[0]?.type]), [['user', 'opaque'], ['assistant', 'opaque'], ['tool', 'opaque']]);
});

test('refusals and unknown fields on known parts are kept in extensions', () => {
  const r = ok({ model: 'm', input: [{ type: 'message', role: 'assistant', status: 'completed', content: [
    { type: 'refusal', refusal: 'I cannot help with that.' },
    { type: 'output_text', text: 'ok', annotations: [], logprobs: [], phase: 'final_answer' },
  ] }] });
  assert.deepEqual(r.messages[0]?.content, [
    { type: 'text', text: 'I cannot help with that.', extensions: { type: 'refusal' } },
    { type: 'text', text: 'ok', extensions: { annotations: [], logprobs: [], phase: 'final_answer' } },
  ]);
  assert.deepEqual(r.messages[0]?.extensions, { status: 'completed', type: 'message' });
});

test('tool_choice forms', () => {
  assert.deepEqual(ok({ model: 'm', tool_choice: 'required' }).toolChoice, { type: 'required' });
  assert.deepEqual(ok({ model: 'm', tool_choice: { type: 'function', name: 'f' } }).toolChoice, { type: 'tool', name: 'f' });
  const allowed = { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'f' }] };
  const r = ok({ model: 'm', tool_choice: allowed });
  assert.equal(r.toolChoice, undefined);
  assert.deepEqual(r.extensions['tool_choice'], allowed);
});

test('bad input is reported with the JSON path of the offending field', () => {
  assert.equal(bad('nope').param, undefined);
  assert.equal(bad({ input: 'x' }).param, 'model');
  assert.equal(bad({ model: 'm', input: 42 }).param, 'input');
  assert.equal(bad({ model: 'm', input: ['x'] }).param, 'input[0]');
  assert.equal(bad({ model: 'm', input: [{ content: 'no role or type' }] }).param, 'input[0].type');
  assert.equal(bad({ model: 'm', input: [{ role: 'wizard', content: 'x' }] }).param, 'input[0].role');
  const deep = bad({ model: 'm', input: [
    { role: 'user', content: 'a' }, { role: 'user', content: 'b' }, { role: 'user', content: 'c' },
    { role: 'user', content: [{ type: 'input_text', text: 'ok' }, { text: 'missing type' }] },
  ] });
  assert.equal(deep.param, 'input[3].content[1].type');
  assert.match(deep.message, /input\[3\]\.content\[1\]\.type/);
  assert.equal(bad({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_text', text: 7 }] }] }).param, 'input[0].content[0].text');
  assert.equal(bad({ model: 'm', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }).param, 'input[0].call_id');
  assert.equal(bad({ model: 'm', input: [{ type: 'function_call_output', call_id: 'c', output: 5 }] }).param, 'input[0].output');
  assert.equal(bad({ model: 'm', tools: [{ type: 'function' }] }).param, 'tools[0].name');
  assert.equal(bad({ model: 'm', tools: [{ type: 'namespace', name: 'n', tools: [{ type: 'custom' }] }] }).param, 'tools[0].tools[0].name');
  assert.equal(bad({ model: 'm', tool_choice: 'sometimes' }).param, 'tool_choice');
  assert.equal(bad({ model: 'm', max_output_tokens: 'lots' }).param, 'max_output_tokens');
  assert.equal(bad({ model: 'm', stream: 'yes' }).param, 'stream');
  assert.equal(bad({ model: 'm', input: [{ type: 'reasoning', summary: [{ type: 'summary_text' }] }] }).param, 'input[0].summary[0].text');
});
