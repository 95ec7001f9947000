import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectWireSurfaces, isUnredactablePlace, type WireApi } from './wire-surfaces.ts';
import type { Segment } from './surfaces.ts';
import { isDecodedPayload } from './payloads.ts';

const S = 'AKIAIOSFODNN7EXAMPLE';
const secret = (n: number): string => `${S}${n}`;

function segments(api: WireApi, body: unknown, extra: { search?: string; headers?: Record<string, string> } = {}): Segment[] {
  return collectWireSurfaces({ api, body, ...extra, forwardedHeaders: ['anthropic-version', 'anthropic-beta'] }).segments;
}

/** Where each planted secret n was seen: `n → surface@message.part:path` (first place only). */
function placesOf(list: Segment[], count: number): Map<number, string> {
  const out = new Map<number, string>();
  for (let n = count; n >= 1; n--) {
    const seg = list.find((s) => s.text.includes(secret(n)));
    if (seg) {
      const l = seg.location;
      out.set(n, `${l.surface}@${l.message ?? '-'}.${l.part ?? '-'}:${l.path ?? ''}`);
    }
  }
  return out;
}

function assertAll(list: Segment[], count: number): Map<number, string> {
  const places = placesOf(list, count);
  for (let n = 1; n <= count; n++) assert.ok(places.has(n), `secret ${n} was not scanned; seen: ${JSON.stringify([...places])}`);
  return places;
}

test('Anthropic: every key and string at every depth, known or unknown, with its place', () => {
  const body = {
    model: secret(1),
    max_tokens: 10,
    stop_sequences: [secret(2)],
    system: [{ type: 'text', text: secret(3), cache_control: { type: 'ephemeral' } }],
    metadata: { user_id: 'u', [secret(4)]: { type: 'thinking', thinking: secret(5), signature: 'x' } },
    tools: [{ name: secret(6), input_schema: { type: 'object', properties: { [secret(7)]: { type: 'string' } } } }],
    tool_choice: { type: 'tool', name: secret(8), extra: secret(9) },
    messages: [
      { role: 'user', content: `hello ${secret(10)}` },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: secret(11), signature: secret(12) },
          { type: 'redacted_thinking', data: secret(13) },
          { type: 'tool_use', id: secret(14), name: secret(15), input: { [secret(16)]: { type: 'thinking', thinking: secret(17) }, n: 4111111111111111 } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: secret(18), content: [{ type: 'text', text: secret(19) }, { type: 'thinking', thinking: secret(20) }] },
          { type: 'image', source: { type: 'url', url: `https://x.example/a.png?token=${secret(21)}` } },
          { type: 'document', source: { type: 'text', media_type: 'text/plain', data: secret(22) }, title: secret(23) },
          { type: 'future_block', payload: { deep: [[{ k: secret(24) }]] } },
        ],
        extra_message_field: secret(25),
      },
    ],
    context_management: { edits: [{ note: secret(26) }] },
  };
  const list = segments('messages', body);
  const places = assertAll(list, 26);
  assert.equal(places.get(1), 'field@-.-:model');
  assert.equal(places.get(3), 'system@0.0:system[0].text');
  assert.equal(places.get(4), 'opaque@-.-:metadata.' + secret(4) + '#key');
  assert.equal(places.get(5), 'opaque@-.-:metadata.' + secret(4) + '.thinking');
  assert.equal(places.get(7), 'tool-definition@-.-:tools[0].input_schema.properties.' + secret(7) + '#key');
  assert.equal(places.get(10), 'message-text@0.0:messages[0].content');
  assert.equal(places.get(11), 'reasoning@1.0:messages[1].content[0].thinking');
  assert.equal(places.get(12), 'field@1.0:messages[1].content[0].signature');
  assert.equal(places.get(16), 'tool-call-arguments@1.2:messages[1].content[2].input', 'a tool input is scanned as its JSON text');
  assert.equal(places.get(19), 'tool-result@2.0:messages[2].content[0].content[0].text');
  assert.equal(places.get(21), 'field@2.1:messages[2].content[1].source.url');
  assert.equal(places.get(22), 'message-text@2.2:messages[2].content[2].source.data');
  // The tool input's JSON text carries keys and numbers as the model sees them.
  assert.ok(list.some((s) => s.text === JSON.stringify(body.messages[1]!.content[2] as object) || s.text.includes('"n":4111111111111111')));
  // Every key of the body is a segment, however short.
  for (const key of ['model', 'max_tokens', 'cache_control', 'type', 'user_id', 'extra_message_field']) {
    assert.ok(list.some((s) => s.text === key && s.location.path?.endsWith('#key')), key);
  }
});

test('Anthropic: joinable surfaces only for content; keys and structural strings are not joinable', () => {
  const list = segments('messages', { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }] });
  const surfaceOf = (text: string) => list.filter((s) => s.text === text).map((s) => s.location.surface);
  assert.deepEqual(surfaceOf('a'), ['message-text']);
  assert.deepEqual(surfaceOf('user'), ['field']);
  assert.ok(surfaceOf('text').every((s) => s === 'field'));
  assert.ok(surfaceOf('content').every((s) => s === 'field' || s === 'opaque'));
});

test('Anthropic: base64 image data is not scanned as text (listed uninspected); a base64 payload elsewhere is', () => {
  const blob = 'A'.repeat(1000);
  const list = segments('messages', {
    model: 'm',
    messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: blob } }] }],
    metadata: { x: { type: 'base64', media_type: 'image/png', data: blob } },
  });
  list.push(...segments('messages', { model: 'm', messages: [{ role: 'user', content: [{ type: 'future_block', source: { type: 'base64', media_type: 'image/png', data: blob } }] }] }));
  const hits = list.filter((s) => s.text === blob).map((s) => s.location.path);
  assert.deepEqual(hits, ['metadata.x.data', 'messages[0].content[0].source.data']);
  // OpenAI: an image part's data URL is skipped, the same URL in a part of unknown type is not.
  const url = `data:image/png;base64,${blob}`;
  const chatList = segments('chat', { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }, { type: 'future_part', blob: url }] }] });
  assert.deepEqual(chatList.filter((s) => s.text === url).map((s) => s.location.path), ['messages[0].content[1].blob']);
});

const fileData = `data:text/plain;base64,${Buffer.from(secret(15)).toString('base64')}`;

test('Chat: tool calls, legacy function_call/functions, tool_choice, stop, names, image URLs, file data, reasoning', () => {
  const body = {
    model: secret(1),
    stop: [secret(2)],
    tool_choice: { type: 'function', function: { name: secret(3) }, extra: secret(4) },
    functions: [{ name: secret(5), parameters: { properties: { [secret(6)]: {} } } }],
    function_call: { name: secret(7) },
    tools: [{ type: 'function', function: { name: 'read', description: secret(8) } }],
    response_format: { type: 'json_schema', json_schema: { schema: { properties: { [secret(9)]: {} } } } },
    messages: [
      { role: 'system', content: secret(10) },
      { role: 'user', name: secret(11), content: [{ type: 'text', text: secret(12) }, { type: 'image_url', image_url: { url: `https://h/i.png?sig=${secret(13)}` } }, { type: 'file', file: { filename: secret(14), file_data: fileData } }] },
      { role: 'assistant', content: null, reasoning_content: secret(16), tool_calls: [{ id: secret(17), type: 'function', function: { name: secret(18), arguments: JSON.stringify({ q: secret(19) }) } }], function_call: { name: 'f', arguments: secret(20) } },
      { role: 'tool', tool_call_id: secret(21), content: secret(22) },
    ],
  };
  const list = segments('chat', body);
  // Secret 15 is base64 inside a text/plain data URL: the whole URL is a segment, for the decoding detectors.
  assert.ok(list.some((s) => s.text === fileData));
  const places = placesOf(list, 22);
  for (let n = 1; n <= 22; n++) if (n !== 15) assert.ok(places.has(n), `secret ${n} was not scanned`);
  assert.equal(places.get(10), 'system@0.0:messages[0].content');
  assert.equal(places.get(12), 'message-text@1.0:messages[1].content[0].text');
  assert.equal(places.get(13), 'field@1.1:messages[1].content[1].image_url.url');
  assert.equal(places.get(16), 'reasoning@2.-:messages[2].reasoning_content');
  assert.equal(places.get(18), 'field@2.0:messages[2].tool_calls[0].function.name');
  assert.equal(places.get(19), 'tool-call-arguments@2.0:messages[2].tool_calls[0].function.arguments');
  assert.equal(places.get(20), 'tool-call-arguments@2.-:messages[2].function_call.arguments');
  assert.equal(places.get(22), 'tool-result@3.0:messages[3].content');
});

test('Responses: instructions, items of every type, namespaces, text.format, encrypted content', () => {
  const body = {
    model: 'm',
    instructions: secret(1),
    text: { format: { type: 'json_schema', name: secret(2), schema: { properties: { [secret(3)]: {} } } } },
    tools: [{ type: 'namespace', name: secret(4), tools: [{ type: 'function', name: 'x', description: secret(5) }] }],
    input: [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: secret(6) }] },
      { type: 'message', role: 'user', content: [{ type: 'input_image', image_url: `https://h/x.png?k=${secret(7)}` }, { type: 'input_file', filename: secret(8), file_data: 'data:text/plain,' + secret(9) }] },
      { type: 'reasoning', summary: [{ type: 'summary_text', text: secret(10) }], encrypted_content: secret(11) },
      { type: 'function_call', call_id: secret(12), name: secret(13), arguments: JSON.stringify({ a: secret(14) }) },
      { type: 'function_call_output', call_id: 'c', output: secret(15) },
      { type: 'custom_tool_call', call_id: 'd', name: 'apply_patch', input: secret(16) },
      { type: 'item_reference', id: secret(17) },
    ],
  };
  const places = assertAll(segments('responses', body), 17);
  assert.equal(places.get(1), 'system@0.0:instructions');
  assert.equal(places.get(6), 'system@0.0:input[0].content[0].text');
  assert.equal(places.get(10), 'reasoning@2.0:input[2].summary[0].text');
  assert.equal(places.get(11), 'field@2.-:input[2].encrypted_content');
  assert.equal(places.get(14), 'tool-call-arguments@3.-:input[3].arguments');
  assert.equal(places.get(15), 'tool-result@4.-:input[4].output');
  assert.equal(places.get(16), 'tool-call-arguments@5.-:input[5].input');
});

test('completions and embeddings: prompt, suffix, input, stop, unknown fields', () => {
  assertAll(segments('completions', { model: 'm', prompt: [secret(1)], suffix: secret(2), stop: secret(3), user: secret(4) }), 4);
  assertAll(segments('embeddings', { model: 'm', input: secret(1), extra: { [secret(2)]: 1 } }), 2);
});

test('query string (raw and decoded) and forwarded headers are scanned; forwarded places are unredactable', () => {
  const encoded = encodeURIComponent(`${S}-x`).replace('A', '%41');
  const list = segments('messages', { model: 'm', messages: [] }, {
    search: `?beta=true&k=${encoded}`,
    headers: { 'anthropic-beta': `b-${S}`, 'x-codex-turn-metadata': `{"k":"${S}"}`, authorization: `Bearer ${S}`, 'content-type': 'application/json' },
  });
  const where = list.filter((s) => s.text.includes(S)).map((s) => `${s.location.surface}:${s.location.path}`);
  assert.deepEqual(where, ['query:query.k', 'header:anthropic-beta', 'header:x-codex-turn-metadata']);
  assert.ok(list.some((s) => s.location.surface === 'query' && s.location.path === 'query' && s.text.includes('%41')), 'raw query too');
  const forwarded = ['anthropic-beta'];
  assert.equal(isUnredactablePlace({ surface: 'query', path: 'query.k' }, forwarded), true);
  assert.equal(isUnredactablePlace({ surface: 'header', path: 'anthropic-beta' }, forwarded), true);
  assert.equal(isUnredactablePlace({ surface: 'header', path: 'x-codex-turn-metadata' }, forwarded), false);
});

test('integer arrays that spell text (a serialised Buffer, char codes) are scanned as that text, at #decoded', () => {
  const codes = (s: string): number[] => [...s].map((c) => c.codePointAt(0)!);
  const list = segments('messages', {
    model: 'm',
    metadata: { blob: { type: 'Buffer', data: [...Buffer.from(`key ${secret(1)}`)] } },
    x_codes: codes(`鍵 ${secret(2)}`),
    messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'WriteBytes', input: { data: [...Buffer.from(secret(3))] } }] }],
  });
  const places = assertAll(list, 3);
  assert.equal(places.get(1), 'opaque@-.-:metadata.blob.data#decoded');
  assert.equal(places.get(2), 'opaque@-.-:x_codes#decoded');
  assert.ok(places.get(3)!.endsWith('@0.0:messages[0].content[0].input.data#decoded'), places.get(3));
  // At #decoded, a value found there is unredactable (the forwarded bytes are numbers): the request fails closed.
  for (const n of [1, 2, 3]) assert.ok(isDecodedPayload(list.find((s) => s.text.includes(secret(n)) && s.location.path?.endsWith('#decoded'))!.location));
  // Short arrays, floats and out-of-range numbers are not text.
  const none = segments('chat', { model: 'm', messages: [], x: [1, 2, 3], y: [0.5, 1, 2, 3, 4, 5, 6, 7], z: [1, 2, 3, 4, 5, 6, 7, 0x110000] });
  assert.equal(none.filter((s) => s.location.path?.endsWith('#decoded')).length, 0);
});
