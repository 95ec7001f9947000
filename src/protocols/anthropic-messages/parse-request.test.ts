import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequest } from './parse-request.ts';
import { parseCountTokensRequest } from './count-tokens.ts';

/** Shaped like a Claude Code second turn: system blocks, inline system message, tool round trip. */
function claudeCodeTurn(): Record<string, unknown> {
  return {
    model: 'claude-opus-5-5',
    max_tokens: 32000,
    stream: true,
    system: [
      { type: 'text', text: 'x-billing: cc_version=9.9.9;' },
      { type: 'text', text: 'You are an agent for coding.', cache_control: { type: 'ephemeral' } },
    ],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>git status: clean</system-reminder>' },
          { type: 'text', text: 'Open settings.ini and summarise it' },
        ],
      },
      { role: 'system', content: 'Environment: linux, cwd /srv/app' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Need to read the file.', signature: 'sig-AAA==' },
          { type: 'redacted_thinking', data: 'opaque-BBB' },
          { type: 'text', text: 'Reading it now.' },
          { type: 'tool_use', id: 'toolu_01', name: 'Read', input: { file_path: '/srv/app/settings.ini' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01', content: '1\t[db]\n2\tpassword=hunter2', cache_control: { type: 'ephemeral' } },
          { type: 'text', text: 'thanks' },
        ],
      },
    ],
    tools: [
      { name: 'Read', description: 'Read a file', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } },
      { name: 'Placeholder', description: 'x', input_schema: { type: 'object' }, defer_loading: true, strict: true },
      { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
    ],
    metadata: { user_id: '{"device_id":"abc","account_uuid":"","session_id":"s-1"}' },
    thinking: { type: 'adaptive', display: 'omitted' },
    output_config: { effort: 'medium' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    top_k: 5,
  };
}

test('parses a Claude Code style turn into canonical form', () => {
  const r = parseRequest(claudeCodeTurn());
  assert.ok(r.ok, r.ok ? '' : r.message);
  const req = r.value;
  assert.equal(req.model, 'claude-opus-5-5');
  assert.equal(req.maxOutputTokens, 32000);
  assert.equal(req.stream, true);
  assert.equal(req.system.length, 1);
  assert.deepEqual(req.system[0]?.content[1], {
    type: 'text',
    text: 'You are an agent for coding.',
    extensions: { cache_control: { type: 'ephemeral' } },
  });
  assert.deepEqual(
    req.messages.map((m) => m.role),
    ['user', 'system', 'assistant', 'tool', 'user'],
  );
  assert.deepEqual(req.messages[1]?.content, [{ type: 'text', text: 'Environment: linux, cwd /srv/app' }]);
  const assistant = req.messages[2]?.content ?? [];
  assert.deepEqual(assistant[0], { type: 'reasoning', text: 'Need to read the file.', signature: 'sig-AAA==', origin: 'anthropic' });
  assert.deepEqual(assistant[1], { type: 'reasoning', text: '', opaque: 'opaque-BBB', origin: 'anthropic' });
  assert.deepEqual(assistant[3], {
    type: 'tool-call',
    id: 'toolu_01',
    name: 'Read',
    kind: 'function',
    arguments: '{"file_path":"/srv/app/settings.ini"}',
  });
  assert.deepEqual(req.messages[3]?.content, [
    {
      type: 'tool-result',
      callId: 'toolu_01',
      name: 'Read',
      content: [{ type: 'text', text: '1\t[db]\n2\tpassword=hunter2' }],
      extensions: { cache_control: { type: 'ephemeral' } },
    },
  ]);
  assert.deepEqual(req.messages[4]?.content, [{ type: 'text', text: 'thanks' }]);
});

test('maps tools, reasoning, user and keeps unknown top-level fields as extensions', () => {
  const r = parseRequest(claudeCodeTurn());
  assert.ok(r.ok);
  const req = r.value;
  assert.equal(req.tools.length, 3);
  assert.deepEqual(req.tools[1], {
    type: 'function',
    name: 'Placeholder',
    description: 'x',
    parameters: { type: 'object' },
    strict: true,
    extensions: { defer_loading: true },
  });
  assert.deepEqual(req.tools[2], {
    type: 'hosted',
    name: 'web_search_20250305',
    origin: 'anthropic',
    raw: { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
  });
  assert.equal(req.user, '{"device_id":"abc","account_uuid":"","session_id":"s-1"}');
  assert.deepEqual(req.reasoning, { enabled: true, effort: 'medium' });
  assert.deepEqual(Object.keys(req.extensions).sort(), ['context_management', 'metadata', 'output_config', 'thinking', 'top_k']);
  assert.deepEqual(req.extensions['thinking'], { type: 'adaptive', display: 'omitted' });
});

test('tool_choice, thinking budget and sampling fields', () => {
  const r = parseRequest({
    model: 'm',
    max_tokens: 100,
    messages: [{ role: 'user', content: 'hi' }],
    tool_choice: { type: 'any', disable_parallel_tool_use: true },
    thinking: { type: 'enabled', budget_tokens: 2048 },
    temperature: 0.2,
    top_p: 0.9,
    stop_sequences: ['END'],
  });
  assert.ok(r.ok);
  assert.deepEqual(r.value.toolChoice, { type: 'required' });
  assert.equal(r.value.parallelToolCalls, false);
  assert.deepEqual(r.value.reasoning, { enabled: true, budgetTokens: 2048 });
  assert.equal(r.value.temperature, 0.2);
  assert.equal(r.value.topP, 0.9);
  assert.deepEqual(r.value.stopSequences, ['END']);
  assert.equal(r.value.stream, false);
  assert.deepEqual(r.value.system, []);
});

test('unknown blocks become opaque parts, unknown fields ride in extensions', () => {
  const serverUse = { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } };
  const r = parseRequest({
    model: 'm',
    max_tokens: 10,
    messages: [
      { role: 'assistant', content: [serverUse, { type: 'text', text: 'see', citations: [{ type: 'char_location' }] }] },
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
          { type: 'image', source: { type: 'url', url: 'https://example.test/a.png' } },
          { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'hello doc' }, title: 'T' },
          { type: 'tool_result', tool_use_id: 'x', content: [{ type: 'search_result', source: 's', title: 't', content: [] }] },
        ],
      },
    ],
  });
  assert.ok(r.ok, r.ok ? '' : r.message);
  const [assistant, user, tool] = r.value.messages;
  assert.deepEqual(assistant?.content[0], { type: 'opaque', dialect: 'anthropic-messages', raw: serverUse });
  assert.deepEqual(assistant?.content[1], { type: 'text', text: 'see', extensions: { citations: [{ type: 'char_location' }] } });
  // user turn: the tool result moved into its own `tool` message after the user parts (client order kept)
  assert.equal(user?.role, 'user');
  assert.deepEqual(user?.content[0], { type: 'image', mediaType: 'image/png', data: 'iVBOR' });
  assert.deepEqual(user?.content[1], { type: 'image', url: 'https://example.test/a.png' });
  assert.deepEqual(user?.content[2], { type: 'document', mediaType: 'text/plain', data: 'hello doc', extensions: { title: 'T' } });
  assert.equal(tool?.role, 'tool');
  const result = tool?.content[0];
  assert.equal(result?.type, 'tool-result');
  if (result?.type === 'tool-result') {
    assert.deepEqual(result.content, []);
    assert.deepEqual(result.extensions?.['content'], [{ type: 'search_result', source: 's', title: 't', content: [] }]);
  }
});

test('bad input yields a message with the JSON path', () => {
  const base = { model: 'm', max_tokens: 5 };
  const cases: Array<[unknown, string]> = [
    [[], 'body'],
    [{ max_tokens: 5, messages: [] }, 'model'],
    [{ model: 'm', messages: [] }, 'max_tokens'],
    [{ ...base, max_tokens: 0, messages: [] }, 'max_tokens'],
    [{ ...base }, 'messages'],
    [{ ...base, messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].role'],
    [{ ...base, messages: [{ role: 'user', content: 5 }] }, 'messages[0].content'],
    [{ ...base, messages: [{ role: 'user', content: 'a' }, { role: 'user', content: ['x'] }] }, 'messages[1].content[0]'],
    [{ ...base, messages: [{ role: 'user', content: [{}, { text: 'no type' }] }] }, 'messages[0].content[0].type'],
    [{ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 1 }] }] }, 'messages[0].content[0].text'],
    [{ ...base, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'b', input: 'x' }] }] }, 'messages[0].content[0].input'],
    [{ ...base, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: [{ type: 'text' }] }] }] }, 'messages[0].content[0].content[0].text'],
    [{ ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64' } }] }] }, 'messages[0].content[0].source.data'],
    [{ ...base, messages: [], tools: [{ name: 'x' }] }, 'tools[0].input_schema'],
    [{ ...base, messages: [], tool_choice: { type: 'sometimes' } }, 'tool_choice.type'],
    [{ ...base, messages: [], thinking: { type: 'enabled' } }, 'thinking.budget_tokens'],
    [{ ...base, messages: [], metadata: { user_id: 7 } }, 'metadata.user_id'],
    [{ ...base, messages: [], stop_sequences: ['a', 2] }, 'stop_sequences[1]'],
    [{ ...base, messages: [], temperature: 'hot' }, 'temperature'],
  ];
  for (const [body, param] of cases) {
    const r = parseRequest(body);
    assert.equal(r.ok, false, `expected failure at ${param}`);
    if (!r.ok) {
      assert.equal(r.param, param);
      assert.match(r.message, new RegExp(`^${param.replace(/[[\].]/g, '\\$&')}: `));
    }
  }
});

test('count_tokens requests parse without max_tokens; messages still require it', () => {
  const body = { model: 'm', messages: [{ role: 'user', content: 'hello' }] };
  assert.equal(parseRequest(body).ok, false);
  const r = parseCountTokensRequest(body);
  assert.ok(r.ok);
  assert.equal(r.value.maxOutputTokens, undefined);
  assert.equal(r.value.stream, false);
});
