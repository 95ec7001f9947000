import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderRequest } from './render-request.ts';
import { parseRequest } from './parse-request.ts';
import type { ConversationRequest } from '../../conversation/index.ts';

/** A conversation as the Anthropic parser would hand it over: top-level system, thinking, tool use. */
const fromAnthropic: ConversationRequest = {
  model: 'claude-opus',
  system: [{ role: 'system', content: [{ type: 'text', text: 'You are Claude Code.' }, { type: 'text', text: 'Be terse.' }] }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Read config.env' }] },
    { role: 'system', content: [{ type: 'text', text: '<env>cwd=/repo</env>' }] },
    { role: 'assistant', content: [
      { type: 'reasoning', text: 'I should read it.', signature: 'sig-abc', origin: 'anthropic' },
      { type: 'text', text: 'Reading.' },
      { type: 'tool-call', id: 'toolu_1', name: 'Read', kind: 'function', arguments: '{"file_path":"config.env"}' },
      { type: 'opaque', dialect: 'anthropic-messages', raw: { type: 'server_tool_use', id: 'srv_1' } },
    ] },
    { role: 'tool', content: [
      { type: 'tool-result', callId: 'toolu_1', content: [{ type: 'text', text: '1\tKEY=1' }] },
    ] },
    { role: 'user', content: [
      { type: 'text', text: 'And this image?' },
      { type: 'image', mediaType: 'image/jpeg', data: '/9j/4AAQ' },
    ] },
  ],
  tools: [
    { type: 'function', name: 'Read', description: 'Read a file', parameters: { type: 'object', properties: { file_path: { type: 'string' } } }, extensions: { defer_loading: true } },
    { type: 'hosted', name: 'web_search_20250305', origin: 'anthropic', raw: { type: 'web_search_20250305', name: 'web_search' } },
  ],
  toolChoice: { type: 'auto' },
  maxOutputTokens: 32000,
  temperature: 0.5,
  stream: true,
  reasoning: { enabled: true, budgetTokens: 10000 },
  user: 'device-1',
  extensions: { context_management: { edits: [] } },
};

test('translating from Anthropic: instructions, developer items, calls, outputs, and no foreign data', () => {
  const body = renderRequest(fromAnthropic, { model: 'qwen-coder', stream: true, sourceDialect: 'anthropic-messages' });
  assert.deepEqual(body, {
    store: false,
    model: 'qwen-coder',
    instructions: 'You are Claude Code.\n\nBe terse.',
    input: [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Read config.env' }] },
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<env>cwd=/repo</env>' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Reading.', annotations: [] }] },
      { type: 'function_call', call_id: 'toolu_1', name: 'Read', arguments: '{"file_path":"config.env"}' },
      { type: 'function_call_output', call_id: 'toolu_1', output: '1\tKEY=1' },
      { type: 'message', role: 'user', content: [
        { type: 'input_text', text: 'And this image?' },
        { type: 'input_image', image_url: 'data:image/jpeg;base64,/9j/4AAQ', detail: 'auto' },
      ] },
    ],
    tools: [{ type: 'function', name: 'Read', description: 'Read a file', parameters: { type: 'object', properties: { file_path: { type: 'string' } } } }],
    tool_choice: 'auto',
    max_output_tokens: 32000,
    temperature: 0.5,
    reasoning: { effort: 'medium' },
    user: 'device-1',
    stream: true,
  });
});

test('custom tool calls in history stay custom, results become custom_tool_call_output', () => {
  const body = renderRequest({
    model: 'm', system: [], tools: [], stream: false, extensions: { store: true },
    messages: [
      { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'exec', kind: 'custom', arguments: 'print(1)', namespace: 'functions' }] },
      { role: 'tool', content: [{ type: 'tool-result', callId: 'c1', content: [
        { type: 'text', text: 'out' }, { type: 'image', url: 'https://example.test/p.png' },
      ] }] },
    ],
  }, { model: 'm', stream: false, sourceDialect: 'openai-chat' });
  assert.equal(body['store'], false, 'extensions of another dialect are not emitted');
  assert.deepEqual(body['input'], [
    { type: 'custom_tool_call', call_id: 'c1', name: 'exec', input: 'print(1)', namespace: 'functions' },
    { type: 'custom_tool_call_output', call_id: 'c1', output: [
      { type: 'input_text', text: 'out' }, { type: 'input_image', image_url: 'https://example.test/p.png', detail: 'auto' },
    ] },
  ]);
  assert.equal(body['stream'], false);
});

test('namespace members are regrouped and a named tool choice keeps its kind', () => {
  const body = renderRequest({
    model: 'm', system: [], messages: [], stream: true, extensions: {},
    tools: [
      { type: 'custom', name: 'exec', namespace: 'functions', format: { type: 'text' } },
      { type: 'function', name: 'top' },
      { type: 'function', name: 'wait', namespace: 'functions', parameters: { type: 'object' } },
    ],
    toolChoice: { type: 'tool', name: 'exec' },
  }, { model: 'm', stream: true, sourceDialect: 'openai-chat' });
  assert.deepEqual(body['tools'], [
    { type: 'namespace', name: 'functions', tools: [
      { type: 'custom', name: 'exec', format: { type: 'text' } },
      { type: 'function', name: 'wait', parameters: { type: 'object' } },
    ] },
    { type: 'function', name: 'top', parameters: { type: 'object', properties: {} } },
  ]);
  assert.deepEqual(body['tool_choice'], { type: 'custom', name: 'exec' });
});

test('a Responses request renders back to an equivalent Responses body', () => {
  const original = {
    model: 'gpt-big',
    stream: true,
    store: false,
    include: ['reasoning.encrypted_content'],
    reasoning: { effort: 'low', context: 'all_turns' },
    tool_choice: 'auto',
    parallel_tool_calls: false,
    prompt_cache_key: 'k',
    input: [
      { type: 'additional_tools', id: 'at_1', role: 'developer', tools: [{ type: 'namespace', name: 'functions', tools: [{ type: 'custom', name: 'exec' }] }] },
      { type: 'message', id: 'msg_1', role: 'developer', content: [{ type: 'input_text', text: 'rules' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'go' }, { type: 'input_audio', input_audio: { data: 'x' } }] },
      { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'enc' },
      { type: 'custom_tool_call', id: 'ctc_1', status: 'completed', call_id: 'call_1', name: 'exec', input: 'js' },
      { type: 'custom_tool_call_output', id: 'ctco_1', call_id: 'call_1', output: [{ type: 'input_text', text: 'done' }] },
      { type: 'web_search_call', id: 'ws_1', status: 'completed' },
    ],
    tools: [{ type: 'web_search' }],
  };
  const parsed = parseRequest(original);
  assert.ok(parsed.ok);
  const body = renderRequest(parsed.value, { model: 'gpt-big', stream: true, sourceDialect: 'openai-responses' });
  assert.deepEqual(body, {
    store: false,
    include: ['reasoning.encrypted_content'],
    reasoning: { effort: 'low', context: 'all_turns' },
    prompt_cache_key: 'k',
    model: 'gpt-big',
    input: [
      original.input[0],
      original.input[1],
      original.input[2],
      original.input[3],
      original.input[4],
      { id: 'ctco_1', type: 'custom_tool_call_output', call_id: 'call_1', output: 'done' },
      original.input[6],
    ],
    tools: [{ type: 'web_search' }],
    tool_choice: 'auto',
    parallel_tool_calls: false,
    stream: true,
  });
});

test('code mode: tools declared only in additional_tools are not repeated at the top level', () => {
  const parsed = parseRequest({
    model: 'gpt-big', tool_choice: 'auto',
    input: [{ type: 'additional_tools', role: 'developer', tools: [{ type: 'custom', name: 'exec' }] }, { role: 'user', content: 'hi' }],
  });
  assert.ok(parsed.ok);
  const same = renderRequest(parsed.value, { model: 'gpt-big', stream: true, sourceDialect: 'openai-responses' });
  assert.equal(same['tools'], undefined);
  assert.equal(same['tool_choice'], 'auto');
  assert.equal((same['input'] as unknown[]).length, 2);
  // Translated elsewhere and back (e.g. from a Chat client), the same tool list is declared normally.
  const other = renderRequest(parsed.value, { model: 'gpt-big', stream: true, sourceDialect: 'openai-chat' });
  assert.deepEqual(other['tools'], [{ type: 'custom', name: 'exec' }]);
  assert.deepEqual(other['input'], [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }]);
});
