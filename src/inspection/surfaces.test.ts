import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectSurfaces } from './surfaces.ts';
import { anthropicMessagesProtocol } from '../protocols/anthropic-messages/index.ts';
import { openaiResponsesProtocol } from '../protocols/openai-responses/index.ts';
import { openaiChatProtocol } from '../protocols/openai-chat/index.ts';
import type { ConversationRequest } from '../conversation/index.ts';

const SECRET = 'AKIAIOSFODNN7EXAMPLE';

function parsed<T>(result: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** Where in the request each planted secret was seen. */
function surfacesWithSecret(request: ConversationRequest, headers = {}): string[] {
  return collectSurfaces(request, headers)
    .segments.filter((s) => s.text.includes(SECRET))
    .map((s) => `${s.location.surface}${s.location.path ? ':' + s.location.path : ''}`);
}

test('Anthropic: system, inline system message, text, tool_use input, tool_result (string and blocks), thinking, unknown blocks, tools', () => {
  const request = parsed(
    anthropicMessagesProtocol.parseRequest({
      model: 'm',
      max_tokens: 10,
      system: [{ type: 'text', text: `sys ${SECRET}` }],
      tools: [{ name: 'Read', description: `desc ${SECRET}`, input_schema: { type: 'object', properties: { p: { type: 'string', default: SECRET } } } }],
      messages: [
        { role: 'user', content: `hello ${SECRET}` },
        { role: 'system', content: `inline ${SECRET}` },
        { role: 'assistant', content: [{ type: 'thinking', thinking: `think ${SECRET}`, signature: 'sig' }, { type: 'tool_use', id: 't1', name: 'Read', input: { path: SECRET } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: `1\tKEY=${SECRET}` }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't2', content: [{ type: 'text', text: SECRET }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } }] }] },
        { role: 'user', content: [{ type: 'some_future_block', payload: { nested: [SECRET] } }] },
      ],
    }),
  );
  const seen = surfacesWithSecret(request);
  for (const surface of ['system', 'message-text', 'tool-call-arguments', 'tool-result:content[0]', 'reasoning', 'tool-definition:tools[0].description', 'tool-definition:tools[0].parameters.properties.p.default']) {
    assert.ok(seen.includes(surface), `${surface} in ${JSON.stringify(seen)}`);
  }
  assert.equal(seen.filter((s) => s === 'system').length, 2, 'top-level and inline system');
  assert.ok(seen.some((s) => s.startsWith('opaque:') && s.includes('nested')), 'unknown block strings are scanned');
  assert.deepEqual(collectSurfaces(request).uninspected.map((u) => [u.kind, u.mediaType]), [['image', 'image/png']]);
});

test('Chat: role tool results, assistant tool_calls arguments, developer messages, content parts', () => {
  const request = parsed(
    openaiChatProtocol.parseRequest({
      model: 'm',
      messages: [
        { role: 'developer', content: `dev ${SECRET}` },
        { role: 'user', content: [{ type: 'text', text: SECRET }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read', arguments: JSON.stringify({ q: SECRET }) } }] },
        { role: 'tool', tool_call_id: 'c1', content: `file: ${SECRET}` },
      ],
    }),
  );
  const seen = surfacesWithSecret(request);
  assert.ok(seen.includes('system'));
  assert.ok(seen.includes('message-text'));
  assert.ok(seen.includes('tool-call-arguments'));
  assert.ok(seen.some((s) => s.startsWith('tool-result')));
  assert.equal(collectSurfaces(request).uninspected.length, 1);
});

test('Responses: developer input, function_call_output, custom_tool_call input and output parts, additional_tools, and headers', () => {
  const request = parsed(
    openaiResponsesProtocol.parseRequest({
      model: 'm',
      instructions: `instr ${SECRET}`,
      input: [
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: SECRET }] },
        { type: 'function_call', call_id: 'c1', name: 'exec_command', arguments: JSON.stringify({ cmd: `echo ${SECRET}` }) },
        { type: 'function_call_output', call_id: 'c1', output: `out ${SECRET}` },
        { type: 'custom_tool_call', call_id: 'c2', name: 'exec', input: `text("${SECRET}")` },
        { type: 'custom_tool_call_output', call_id: 'c2', output: [{ type: 'input_text', text: SECRET }] },
        { type: 'additional_tools', role: 'developer', tools: [{ type: 'function', name: 'f', description: SECRET, parameters: {} }] },
      ],
    }),
  );
  const seen = surfacesWithSecret(request, { 'x-codex-turn-metadata': JSON.stringify({ workspace: SECRET }), authorization: `Bearer ${SECRET}` });
  assert.ok(seen.includes('system'), 'instructions');
  assert.ok(seen.filter((s) => s === 'tool-call-arguments').length >= 2, 'function and custom call inputs');
  assert.ok(seen.filter((s) => s.startsWith('tool-result')).length >= 2, 'both kinds of output');
  assert.ok(seen.some((s) => s.startsWith('tool-definition')), 'tools inside additional_tools');
  assert.ok(seen.includes('header:x-codex-turn-metadata'));
  assert.ok(!seen.includes('header:authorization'), 'the gateway credential is not content');
});

test('Review: part extensions, plain-text documents and deep or short-keyed opaque values are scanned (they are forwarded on passthrough)', () => {
  let deep: unknown = { leaf: SECRET };
  for (let i = 0; i < 80; i++) deep = { d: deep };
  const request = parsed(
    anthropicMessagesProtocol.parseRequest({
      model: 'm',
      max_tokens: 10,
      metadata: { user_id: 'u', deep },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'see extra', citations: [{ cited_text: `cite ${SECRET}` }] }] },
        { role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: `.env: AWS=${SECRET}` }, title: 'notes', context: `ctx ${SECRET}` }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Read', input: {}, caller: `x ${SECRET}` }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'ok', extra: `tr ${SECRET}` }] }] },
      ],
    }),
  );
  const seen = surfacesWithSecret(request);
  assert.ok(seen.some((s) => s.includes('citations')), `text block extension: ${JSON.stringify(seen)}`);
  assert.ok(seen.some((s) => s.includes('context')), `document context: ${JSON.stringify(seen)}`);
  assert.ok(seen.some((s) => s.includes('data')), `plain-text document data: ${JSON.stringify(seen)}`);
  assert.ok(seen.some((s) => s.includes('caller')), `tool_use extension: ${JSON.stringify(seen)}`);
  assert.ok(seen.some((s) => s.includes('extra')), `tool_result inner text extension: ${JSON.stringify(seen)}`);
  assert.ok(seen.some((s) => s.includes('leaf')), `deep metadata: ${JSON.stringify(seen)}`);
  let tooDeep: unknown = SECRET;
  for (let i = 0; i < 1000; i++) tooDeep = { d: tooDeep };
  const refused = parsed(anthropicMessagesProtocol.parseRequest({ model: 'm', max_tokens: 10, metadata: { tooDeep }, messages: [{ role: 'user', content: 'hi' }] }));
  assert.throws(() => collectSurfaces(refused), /nested/, 'what cannot be scanned fails inspection (blocks) instead of being skipped');
  const shortKey = parsed(anthropicMessagesProtocol.parseRequest({ model: 'm', max_tokens: 10, metadata: { [SECRET]: 1 }, messages: [{ role: 'user', content: 'hi' }] }));
  assert.ok(surfacesWithSecret(shortKey).length > 0, 'an object key shorter than 25 characters can carry a value too');
});
