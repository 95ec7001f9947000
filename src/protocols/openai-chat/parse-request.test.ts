import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequest } from './parse-request.ts';
import type { ConversationRequest } from '../../conversation/index.ts';

function ok(body: unknown): ConversationRequest {
  const result = parseRequest(body);
  if (!result.ok) assert.fail(`expected success, got ${result.message}`);
  return result.value;
}

function bad(body: unknown): { message: string; param?: string } {
  const result = parseRequest(body);
  if (result.ok) assert.fail('expected a failure');
  return result;
}

/** Shaped like an OpenAI-compatible coding agent's second turn: system prompt, tool call, tool result. */
const agentTurn = {
  model: 'fake/coder',
  messages: [
    { role: 'system', content: 'You are a coding agent. Be brief.' },
    { role: 'user', content: 'What is in settings.env?' },
    {
      role: 'assistant',
      content: '',
      tool_calls: [{ id: 'call_a1', type: 'function', function: { name: 'read', arguments: '{"filePath":"/repo/settings.env"}' } }],
    },
    { role: 'tool', tool_call_id: 'call_a1', content: '<file>\n1: TOKEN=abc123\n</file>' },
  ],
  tools: [
    {
      type: 'function',
      function: {
        name: 'read',
        description: 'Read a file',
        parameters: { type: 'object', properties: { filePath: { type: 'string' } }, required: ['filePath'] },
      },
    },
  ],
  tool_choice: 'auto',
  max_tokens: 8192,
  stream: true,
  stream_options: { include_usage: true },
};

test('parses an agent turn with a tool call round trip', () => {
  const req = ok(agentTurn);
  assert.equal(req.model, 'fake/coder');
  assert.equal(req.stream, true);
  assert.equal(req.maxOutputTokens, 8192);
  assert.deepEqual(req.toolChoice, { type: 'auto' });
  assert.deepEqual(req.extensions, { stream_options: { include_usage: true } });
  assert.deepEqual(req.system, []);
  assert.deepEqual(req.messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool']);
  // Empty content next to tool calls yields no text part.
  assert.deepEqual(req.messages[2]!.content, [
    { type: 'tool-call', id: 'call_a1', name: 'read', kind: 'function', arguments: '{"filePath":"/repo/settings.env"}' },
  ]);
  assert.deepEqual(req.messages[3]!.content, [
    { type: 'tool-result', callId: 'call_a1', name: 'read', kind: 'function', content: [{ type: 'text', text: '<file>\n1: TOKEN=abc123\n</file>' }] },
  ]);
  assert.equal(req.tools.length, 1);
  assert.deepEqual(req.tools[0], {
    type: 'function',
    name: 'read',
    description: 'Read a file',
    parameters: { type: 'object', properties: { filePath: { type: 'string' } }, required: ['filePath'] },
  });
});

test('maps sampling fields and keeps non-canonical ones in extensions', () => {
  const req = ok({
    model: 'm',
    messages: [{ role: 'developer', content: 'rules' }, { role: 'user', content: 'hi' }],
    max_tokens: 10,
    max_completion_tokens: 20,
    temperature: 0.2,
    top_p: 0.9,
    stop: 'END',
    parallel_tool_calls: false,
    user: 'u-1',
    reasoning_effort: 'high',
    n: 2,
    seed: 7,
    response_format: { type: 'json_object' },
    logprobs: true,
    top_k: 40,
    chat_template_kwargs: { enable_thinking: false },
  });
  assert.equal(req.maxOutputTokens, 20);
  assert.equal(req.temperature, 0.2);
  assert.equal(req.topP, 0.9);
  assert.deepEqual(req.stopSequences, ['END']);
  assert.equal(req.parallelToolCalls, false);
  assert.equal(req.user, 'u-1');
  assert.deepEqual(req.reasoning, { effort: 'high' });
  assert.equal(req.stream, false);
  assert.deepEqual(req.extensions, {
    n: 2,
    seed: 7,
    response_format: { type: 'json_object' },
    logprobs: true,
    top_k: 40,
    chat_template_kwargs: { enable_thinking: false },
  });
  assert.equal(req.messages[0]!.role, 'developer');
});

test('user content parts: text, image with detail, file, audio and unknown types kept', () => {
  const req = ok({
    model: 'm',
    messages: [
      {
        role: 'user',
        name: 'alice',
        content: [
          { type: 'text', text: 'Look', cache_control: { type: 'ephemeral' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } },
          { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
          { type: 'input_audio', input_audio: { data: 'UklGR', format: 'wav' } },
          { type: 'hologram', beam: 3 },
        ],
      },
    ],
  });
  const msg = req.messages[0]!;
  assert.deepEqual(msg.extensions, { name: 'alice' });
  assert.deepEqual(msg.content, [
    { type: 'text', text: 'Look', extensions: { cache_control: { type: 'ephemeral' } } },
    { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=', mediaType: 'image/png', extensions: { detail: 'high' } },
    { type: 'document', filename: 'a.pdf', url: 'data:application/pdf;base64,JVBERi0=', mediaType: 'application/pdf' },
    { type: 'opaque', dialect: 'openai-chat', raw: { type: 'input_audio', input_audio: { data: 'UklGR', format: 'wav' } } },
    { type: 'opaque', dialect: 'openai-chat', raw: { type: 'hologram', beam: 3 } },
  ]);
});

test('assistant reasoning (reasoning_content or reasoning), custom tool calls and unknown fields', () => {
  const req = ok({
    model: 'm',
    messages: [
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'Think first.',
        refusal: null,
        tool_calls: [
          { id: 'c1', type: 'custom', custom: { name: 'exec', input: 'print(1)' } },
          { id: 'c2', type: 'function', function: { name: 'ls', arguments: '{}' }, extra_flag: true },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: '1' }] },
      { role: 'assistant', content: 'done', reasoning: 'short' },
    ],
    tools: [{ type: 'custom', custom: { name: 'exec', description: 'Run code', format: { type: 'text' } } }],
  });
  assert.deepEqual(req.messages[1]!.content, [
    { type: 'reasoning', text: 'Think first.' },
    { type: 'tool-call', id: 'c1', name: 'exec', kind: 'custom', arguments: 'print(1)' },
    { type: 'tool-call', id: 'c2', name: 'ls', kind: 'function', arguments: '{}', extensions: { extra_flag: true } },
  ]);
  assert.deepEqual(req.messages[1]!.extensions, { refusal: null });
  assert.deepEqual(req.messages[2]!.content, [
    { type: 'tool-result', callId: 'c1', name: 'exec', kind: 'custom', content: [{ type: 'text', text: '1' }] },
  ]);
  assert.deepEqual(req.messages[3]!.content, [
    { type: 'reasoning', text: 'short' },
    { type: 'text', text: 'done' },
  ]);
  assert.deepEqual(req.tools, [{ type: 'custom', name: 'exec', description: 'Run code', format: { type: 'text' } }]);
});

test('legacy functions / function_call / function role are paired by a synthesized id', () => {
  const req = ok({
    model: 'm',
    messages: [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: null, function_call: { name: 'weather', arguments: '{"city":"Kyoto"}' } },
      { role: 'function', name: 'weather', content: 'sunny' },
    ],
    functions: [{ name: 'weather', parameters: { type: 'object' } }],
    function_call: { name: 'weather' },
  });
  const call = req.messages[1]!.content[0];
  assert.equal(call?.type, 'tool-call');
  const result = req.messages[2]!.content[0];
  assert.equal(result?.type, 'tool-result');
  if (call?.type === 'tool-call' && result?.type === 'tool-result') {
    assert.equal(result.callId, call.id);
    assert.equal(result.name, 'weather');
  }
  assert.deepEqual(req.tools, [{ type: 'function', name: 'weather', parameters: { type: 'object' } }]);
  assert.deepEqual(req.toolChoice, { type: 'tool', name: 'weather' });
});

test('tool_choice forms and unknown tool types', () => {
  const base = { model: 'm', messages: [{ role: 'user', content: 'x' }] };
  assert.deepEqual(ok({ ...base, tool_choice: 'required' }).toolChoice, { type: 'required' });
  assert.deepEqual(ok({ ...base, tool_choice: 'none' }).toolChoice, { type: 'none' });
  assert.deepEqual(ok({ ...base, tool_choice: { type: 'function', function: { name: 'f' } } }).toolChoice, { type: 'tool', name: 'f' });
  const allowed = { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [] } };
  const req = ok({ ...base, tool_choice: allowed, tools: [{ type: 'web_search_preview', size: 'x' }] });
  assert.deepEqual(req.toolChoice, { type: 'required' });
  assert.deepEqual(req.extensions.tool_choice, allowed);
  assert.deepEqual(req.tools, [{ type: 'hosted', name: 'web_search_preview', origin: 'openai-chat', raw: { type: 'web_search_preview', size: 'x' } }]);
});

test('bad input names the offending field', () => {
  const msg = (content: unknown) => ({ model: 'm', messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }, { role: 'user', content: 'c' }, { role: 'user', content }] });
  assert.equal(bad(msg([{ type: 'text', text: 'ok' }, { text: 'no type' }])).param, 'messages[3].content[1].type');
  assert.equal(bad(msg([{ type: 'text', text: 5 }])).param, 'messages[3].content[0].text');
  assert.equal(bad(msg([{ type: 'image_url', image_url: {} }])).param, 'messages[3].content[0].image_url.url');
  assert.equal(bad(msg(42)).param, 'messages[3].content');
  assert.equal(bad({ messages: [] }).param, 'model');
  assert.equal(bad({ model: 'm' }).param, 'messages');
  assert.equal(bad({ model: 'm', messages: [] }).param, 'messages');
  assert.equal(bad({ model: 'm', messages: [{ role: 'robot', content: 'x' }] }).param, 'messages[0].role');
  assert.equal(bad({ model: 'm', messages: [{ role: 'tool', content: 'x' }] }).param, 'messages[0].tool_call_id');
  const badCall = { model: 'm', messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { arguments: '{}' } }] }] };
  assert.equal(bad(badCall).param, 'messages[0].tool_calls[0].function.name');
  assert.equal(bad({ model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 'hot' }).param, 'temperature');
  assert.equal(bad({ model: 'm', messages: [{ role: 'user', content: 'x' }], stop: ['a', 1] }).param, 'stop[1]');
  assert.equal(bad({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: {} }] }).param, 'tools[0].function.name');
  assert.equal(bad({ model: 'm', messages: [{ role: 'user', content: 'x' }], tool_choice: 'sometimes' }).param, 'tool_choice');
  const failure = bad(msg([{ type: 'text', text: 5 }]));
  assert.match(failure.message, /messages\[3\]\.content\[0\]\.text: expected a string, got number/);
  assert.match(bad('not an object').message, /expected a JSON object, got string/);
});
