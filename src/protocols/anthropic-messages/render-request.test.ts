import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConversationRequest } from '../../conversation/index.ts';
import { renderRequest } from './render-request.ts';
import { parseRequest } from './parse-request.ts';

/** A request as a Chat / Responses client would produce it, translated to an Anthropic backend. */
function fromOpenAi(): ConversationRequest {
  return {
    model: 'gpt-ish',
    system: [],
    messages: [
      { role: 'developer', content: [{ type: 'text', text: 'Be terse.' }] },
      { role: 'user', content: [{ type: 'text', text: 'list files', extensions: { openai_only: 1 } }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'thinking...', opaque: 'enc-xyz', origin: 'openai' },
          { type: 'tool-call', id: 'call_1', name: 'exec_command', kind: 'function', arguments: '{"cmd":"ls"}' },
          { type: 'tool-call', id: 'functions.exec:2', name: 'exec', kind: 'custom', arguments: 'const r = 1;\nprint(r)' },
          { type: 'opaque', dialect: 'openai-responses', raw: { type: 'web_search_call', id: 'ws_1' } },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', callId: 'call_1', content: [{ type: 'text', text: 'a.txt\nb.txt' }] }] },
      {
        role: 'tool',
        content: [{ type: 'tool-result', callId: 'functions.exec:2', kind: 'custom', isError: true, content: [{ type: 'text', text: 'boom' }, { type: 'image', url: 'data:image/png;base64,AAAA' }] }],
      },
      { role: 'user', content: [{ type: 'text', text: 'and now?' }] },
      { role: 'system', content: [{ type: 'text', text: 'Late instruction.' }] },
    ],
    tools: [
      { type: 'function', name: 'exec_command', description: 'Run', parameters: { type: 'object', properties: { cmd: { type: 'string' } } }, strict: false, extensions: { openai_x: true } },
      { type: 'custom', name: 'exec', description: 'JS', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } },
      { type: 'hosted', name: 'web_search', origin: 'openai-responses', raw: { type: 'web_search' } },
    ],
    toolChoice: { type: 'auto' },
    parallelToolCalls: false,
    stream: true,
    user: 'u-1',
    reasoning: { effort: 'high', summary: 'auto' },
    extensions: { store: false, prompt_cache_key: 'k' },
  };
}

test('renders a translated request in Anthropic shape', () => {
  const body = renderRequest(fromOpenAi(), { model: 'qwen3', stream: true, sourceDialect: 'openai-responses' });
  assert.deepEqual(body, {
    model: 'qwen3',
    max_tokens: 4096,
    system: [
      { type: 'text', text: 'Be terse.' },
      { type: 'text', text: 'Late instruction.' },
    ],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'list files' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'call_1', name: 'exec_command', input: { cmd: 'ls' } },
          { type: 'tool_use', id: 'functions_exec_2', name: 'exec', input: { input: 'const r = 1;\nprint(r)' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: 'a.txt\nb.txt' },
          {
            type: 'tool_result',
            tool_use_id: 'functions_exec_2',
            content: [
              { type: 'text', text: 'boom' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
            ],
            is_error: true,
          },
          { type: 'text', text: 'and now?' },
        ],
      },
    ],
    tools: [
      { name: 'exec_command', input_schema: { type: 'object', properties: { cmd: { type: 'string' } } }, description: 'Run', strict: false },
      {
        name: 'exec',
        input_schema: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
        description: 'JS',
      },
    ],
    tool_choice: { type: 'auto', disable_parallel_tool_use: true },
    metadata: { user_id: 'u-1' },
    output_config: { effort: 'high' },
    stream: true,
  });
});

test('tool results are placed first when a user message precedes a tool message', () => {
  const req: ConversationRequest = {
    model: 'm',
    system: [{ role: 'system', content: [{ type: 'text', text: 'S' }] }],
    messages: [
      { role: 'assistant', content: [{ type: 'tool-call', id: 't1', name: 'f', kind: 'function', arguments: '' }] },
      { role: 'user', content: [{ type: 'text', text: 'note' }] },
      { role: 'tool', content: [{ type: 'tool-result', callId: 't1', content: [] }] },
    ],
    tools: [],
    stream: false,
    maxOutputTokens: 77,
    reasoning: { budgetTokens: 2000 },
    extensions: {},
  };
  const body = renderRequest(req, { model: 'b', stream: false, sourceDialect: 'openai-chat' });
  assert.equal(body['max_tokens'], 77);
  assert.deepEqual(body['system'], [{ type: 'text', text: 'S' }]);
  assert.deepEqual(body['thinking'], { type: 'enabled', budget_tokens: 2000 });
  assert.deepEqual(body['messages'], [
    { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1' }, { type: 'text', text: 'note' }] },
  ]);
  assert.equal('tools' in body, false);
  assert.equal('tool_choice' in body, false);
});

test('an Anthropic-origin request keeps signed thinking, extensions and anthropic hosted tools exactly', () => {
  const parsed = parseRequest({
    model: 'claude-x',
    max_tokens: 1000,
    stream: true,
    system: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }],
    messages: [
      { role: 'user', content: 'q' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'hmm', signature: 'SIG/+=' },
          { type: 'redacted_thinking', data: 'RED' },
          { type: 'server_tool_use', id: 'srv_1', name: 'web_search', input: {} },
          { type: 'tool_use', id: 'toolu_9', name: 'Read', input: { a: 1 }, cache_control: { type: 'ephemeral' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: [{ type: 'search_result', x: 1 }] }] },
    ],
    tools: [{ type: 'bash_20250124', name: 'bash' }],
    metadata: { user_id: 'U' },
    thinking: { type: 'adaptive', display: 'omitted' },
    context_management: { edits: [] },
  });
  assert.ok(parsed.ok);
  const body = renderRequest(parsed.value, { model: 'claude-backend', stream: true, sourceDialect: 'anthropic-messages' });
  assert.deepEqual(body['system'], [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }]);
  assert.deepEqual(body['messages'], [
    { role: 'user', content: [{ type: 'text', text: 'q' }] },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'hmm', signature: 'SIG/+=' },
        { type: 'redacted_thinking', data: 'RED' },
        { type: 'server_tool_use', id: 'srv_1', name: 'web_search', input: {} },
        { type: 'tool_use', id: 'toolu_9', name: 'Read', input: { a: 1 }, cache_control: { type: 'ephemeral' } },
      ],
    },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: [{ type: 'search_result', x: 1 }] }] },
  ]);
  assert.deepEqual(body['tools'], [{ type: 'bash_20250124', name: 'bash' }]);
  assert.deepEqual(body['thinking'], { type: 'adaptive', display: 'omitted' });
  assert.deepEqual(body['context_management'], { edits: [] });
  assert.deepEqual(body['metadata'], { user_id: 'U' });
  assert.equal(body['model'], 'claude-backend');

  // The same canonical request rendered as if it came from another dialect loses the anthropic extras.
  const foreign = renderRequest(parsed.value, { model: 'b', stream: false, sourceDialect: 'openai-chat' });
  assert.equal('context_management' in foreign, false);
  assert.deepEqual(foreign['system'], [{ type: 'text', text: 'sys' }]);
});

test('tool_choice variants and the parallel flag', () => {
  const base: ConversationRequest = {
    model: 'm', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
    tools: [{ type: 'function', name: 'f' }], stream: false, extensions: {},
  };
  const choiceOf = (r: Partial<ConversationRequest>): unknown =>
    renderRequest({ ...base, ...r }, { model: 'b', stream: false, sourceDialect: 'openai-chat' })['tool_choice'];
  assert.equal(choiceOf({}), undefined);
  assert.deepEqual(choiceOf({ toolChoice: { type: 'required' }, parallelToolCalls: false }), { type: 'any', disable_parallel_tool_use: true });
  assert.deepEqual(choiceOf({ toolChoice: { type: 'tool', name: 'f' } }), { type: 'tool', name: 'f' });
  assert.deepEqual(choiceOf({ toolChoice: { type: 'none' }, parallelToolCalls: false }), { type: 'none' });
  assert.deepEqual(choiceOf({ parallelToolCalls: false }), { type: 'auto', disable_parallel_tool_use: true });
  const body = renderRequest(base, { model: 'b', stream: false, sourceDialect: 'openai-chat' });
  assert.deepEqual(body['tools'], [{ name: 'f', input_schema: { type: 'object', properties: {} } }]);
});
