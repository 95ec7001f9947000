import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderRequest } from './render-request.ts';
import { parseRequest } from './parse-request.ts';
import type { ConversationRequest } from '../../conversation/index.ts';

/** Shaped like a translated Claude Code turn: top-level system blocks, an inline system message, signed thinking. */
function claudeLikeRequest(): ConversationRequest {
  return {
    model: 'claude-sonnet',
    system: [
      { role: 'system', content: [{ type: 'text', text: 'billing header' }] },
      { role: 'system', content: [{ type: 'text', text: 'You are an agent.', extensions: { cache_control: { type: 'ephemeral' } } }] },
    ],
    messages: [
      { role: 'user', content: [{ type: 'text', text: '<reminder>git status</reminder>' }, { type: 'text', text: 'Read notes.txt' }] },
      { role: 'system', content: [{ type: 'text', text: 'Environment: linux' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'I should read it', signature: 'sig==', origin: 'anthropic' },
          { type: 'text', text: 'Reading.' },
          { type: 'tool-call', id: 'toolu_1', name: 'Read', kind: 'function', arguments: '{"file_path":"notes.txt"}' },
          { type: 'tool-call', id: 'toolu_2', name: 'Shot', kind: 'function', arguments: '' },
          { type: 'opaque', dialect: 'anthropic-messages', raw: { type: 'server_tool_use', id: 'srv_1' } },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', callId: 'toolu_1', content: [{ type: 'text', text: 'line 1' }, { type: 'text', text: 'line 2' }] },
          {
            type: 'tool-result',
            callId: 'toolu_2',
            content: [{ type: 'text', text: 'screenshot' }, { type: 'image', mediaType: 'image/png', data: 'iVBOR' }],
          },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'What do you see?' }] },
    ],
    tools: [
      { type: 'function', name: 'Read', description: 'Read a file', parameters: { type: 'object', properties: { file_path: { type: 'string' } } }, extensions: { defer_loading: true } },
      { type: 'hosted', name: 'web_search_20250305', origin: 'anthropic', raw: { type: 'web_search_20250305', name: 'web_search' } },
    ],
    toolChoice: { type: 'tool', name: 'Read' },
    parallelToolCalls: true,
    maxOutputTokens: 32000,
    temperature: 0.5,
    stopSequences: ['</done>'],
    stream: true,
    reasoning: { effort: 'medium', budgetTokens: 1024 },
    user: 'device-1',
    extensions: { context_management: { edits: [] } },
  };
}

test('renders a translated Anthropic-style turn for a local chat backend', () => {
  const body = renderRequest(claudeLikeRequest(), { model: 'qwen3-coder', stream: true, sourceDialect: 'anthropic-messages' });
  assert.deepEqual(body, {
    model: 'qwen3-coder',
    messages: [
      { role: 'system', content: 'billing header\n\nYou are an agent.' },
      { role: 'user', content: '<reminder>git status</reminder>\n\nRead notes.txt' },
      { role: 'system', content: 'Environment: linux' },
      {
        role: 'assistant',
        content: 'Reading.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"notes.txt"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'Shot', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'line 1\nline 2' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'screenshot' },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
          { type: 'text', text: 'What do you see?' },
        ],
      },
    ],
    tools: [
      { type: 'function', function: { name: 'Read', description: 'Read a file', parameters: { type: 'object', properties: { file_path: { type: 'string' } } } } },
    ],
    tool_choice: { type: 'function', function: { name: 'Read' } },
    parallel_tool_calls: true,
    max_tokens: 32000,
    temperature: 0.5,
    stop: ['</done>'],
    reasoning_effort: 'medium',
    user: 'device-1',
    stream: true,
    stream_options: { include_usage: true },
  });
});

test('custom tools become function tools taking `input`; history calls are wrapped', () => {
  const request: ConversationRequest = {
    model: 'gpt',
    system: [{ role: 'developer', content: [{ type: 'text', text: 'dev rules' }] }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'run it' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'ctc_1', name: 'exec', kind: 'custom', arguments: 'const a = "x";' }] },
      { role: 'tool', content: [{ type: 'tool-result', callId: 'ctc_1', kind: 'custom', content: [{ type: 'text', text: 'ok' }] }] },
    ],
    tools: [
      { type: 'custom', name: 'exec', description: 'Run JS', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } },
      { type: 'hosted', name: 'web_search', origin: 'openai-responses', raw: { type: 'web_search' } },
    ],
    toolChoice: { type: 'auto' },
    stream: false,
    extensions: { store: false, include: ['reasoning.encrypted_content'] },
  };
  const body = renderRequest(request, { model: 'llama', stream: false, sourceDialect: 'openai-responses' });
  assert.deepEqual(body.messages, [
    { role: 'system', content: 'dev rules' },
    { role: 'user', content: 'run it' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'ctc_1', type: 'function', function: { name: 'exec', arguments: '{"input":"const a = \\"x\\";"}' } }] },
    { role: 'tool', tool_call_id: 'ctc_1', content: 'ok' },
  ]);
  assert.deepEqual(body.tools, [
    {
      type: 'function',
      function: { name: 'exec', parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] }, description: 'Run JS' },
    },
  ]);
  assert.equal(body.tool_choice, 'auto');
  assert.equal(body.stream, false);
  assert.equal('stream_options' in body, false);
  assert.equal('store' in body, false, 'extensions of another dialect are not sent');
});

test('no tools left → no tool_choice; same-dialect extensions are emitted', () => {
  const parsed = parseRequest({
    model: 'm',
    messages: [{ role: 'user', content: 'hi', name: 'bob' }],
    tool_choice: 'required',
    seed: 3,
    stream_options: { include_usage: false, include_obfuscation: false },
  });
  assert.ok(parsed.ok);
  const body = renderRequest(parsed.value, { model: 'backend-m', stream: true, sourceDialect: 'openai-chat' });
  assert.deepEqual(body, {
    seed: 3,
    stream_options: { include_usage: true, include_obfuscation: false },
    model: 'backend-m',
    messages: [{ name: 'bob', role: 'user', content: 'hi' }],
    stream: true,
  });
});

test('reasoning efforts outside low/medium/high are not sent', () => {
  const request: ConversationRequest = {
    model: 'm',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
    tools: [],
    stream: false,
    reasoning: { effort: 'xhigh' },
    extensions: {},
  };
  const body = renderRequest(request, { model: 'm', stream: false, sourceDialect: 'anthropic-messages' });
  assert.equal('reasoning_effort' in body, false);
});

test('tool results inside a user message come first as tool messages; images flush before the next assistant turn', () => {
  const request: ConversationRequest = {
    model: 'm',
    system: [],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'shoot' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 't1', name: 'shot', kind: 'function', arguments: '{}' }] },
      {
        role: 'user',
        content: [
          { type: 'tool-result', callId: 't1', isError: false, content: [{ type: 'image', url: 'https://img/x.png' }] },
          { type: 'opaque', dialect: 'anthropic-messages', raw: { type: 'web_search_tool_result' } },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'A cat.' }] },
    ],
    tools: [],
    stream: false,
    extensions: {},
  };
  const body = renderRequest(request, { model: 'm', stream: false, sourceDialect: 'anthropic-messages' });
  assert.deepEqual(body.messages, [
    { role: 'user', content: 'shoot' },
    { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'shot', arguments: '{}' } }] },
    { role: 'tool', tool_call_id: 't1', content: '' },
    { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://img/x.png' } }] },
    { role: 'assistant', content: 'A cat.' },
  ]);
});
