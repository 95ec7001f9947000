import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReplacements, redactBody, redactConversation } from './redact-request.ts';
import { anthropicMessagesProtocol } from '../protocols/anthropic-messages/index.ts';

const SECRET = 'AKIAIOSFODNN7EXAMPLE';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----';
const r = buildReplacements([
  [SECRET, 'REDACTED_AWS_1111111111'],
  [PEM, 'REDACTED_PEM_2222222222'],
]);

const body = {
  model: 'm',
  max_tokens: 10,
  system: `sys ${SECRET}`,
  messages: [
    { role: 'user', content: `file:\n${PEM}\n` },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: `I saw ${SECRET}`, signature: 'sig' },
        { type: 'tool_use', id: 't', name: 'Write', input: { content: `K=${SECRET}\n${PEM}` } },
      ],
    },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: `ok ${SECRET}` }] },
  ],
};

test('raw body: every literal holding a value is rewritten, signed thinking and all other bytes are not', () => {
  const raw = JSON.stringify(body, null, 1);
  const { text: out, unredactable } = redactBody(raw, r, 'messages');
  assert.equal(unredactable, true, 'the signed thinking block holds a value that could not be removed');
  const parsed = JSON.parse(out);
  assert.equal(parsed.system, 'sys REDACTED_AWS_1111111111');
  assert.equal(parsed.messages[0].content, 'file:\nREDACTED_PEM_2222222222\n');
  assert.equal(parsed.messages[1].content[0].thinking, `I saw ${SECRET}`, 'signed thinking untouched');
  assert.equal(parsed.messages[1].content[1].input.content, 'K=REDACTED_AWS_1111111111\nREDACTED_PEM_2222222222');
  assert.equal(parsed.messages[2].content[0].content, 'ok REDACTED_AWS_1111111111');
  // Outside the rewritten literals the bytes are identical.
  assert.equal(out.split('\n').length, raw.split('\n').length);
  assert.ok(out.startsWith('{\n "model": "m",\n "max_tokens": 10,'));
});

test('canonical: text, tool arguments (JSON-escaped form too), tool results; signed reasoning flagged', () => {
  const parsed = anthropicMessagesProtocol.parseRequest(body);
  assert.ok(parsed.ok);
  if (!parsed.ok) return;
  const { conversation, unredactable } = redactConversation(parsed.value, r);
  const all = JSON.stringify(conversation);
  assert.ok(!all.includes('MIIEow'), 'the PEM is gone everywhere, including escaped inside tool arguments');
  assert.equal(unredactable, true, 'the value in signed thinking could not be removed');
  assert.equal(all.split(SECRET).length - 1, 1, 'only the signed thinking still holds it');
});

test('the same placeholder every turn keeps the redacted prefix byte-identical', () => {
  const turn1 = redactBody(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: `a ${SECRET}` }] }), r, 'messages').text;
  const turn2 = redactBody(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: `a ${SECRET}` }, { role: 'assistant', content: 'b' }] }), r, 'messages').text;
  assert.ok(turn2.startsWith(turn1.slice(0, turn1.length - 2)));
});

test('keys and objects typed thinking that are not signed content blocks are rewritten; signed ones only flagged', () => {
  const raw = JSON.stringify({
    model: 'm',
    metadata: { [`k_${SECRET}`]: { type: 'thinking', thinking: SECRET, signature: 'sig' } },
    messages: [
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'thinking', thinking: SECRET }] }] },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'plain', signature: 'sig' }, { type: 'redacted_thinking', data: SECRET }] },
    ],
  });
  const { text, unredactable } = redactBody(raw, r, 'messages');
  const parsed = JSON.parse(text);
  assert.deepEqual(parsed.metadata, { k_REDACTED_AWS_1111111111: { type: 'thinking', thinking: 'REDACTED_AWS_1111111111', signature: 'sig' } });
  assert.equal(parsed.messages[0].content[0].content[0].thinking, 'REDACTED_AWS_1111111111');
  assert.equal(parsed.messages[1].content[1].data, SECRET, 'redacted_thinking data is never edited');
  assert.equal(unredactable, true);
  // Without a value in signed content nothing is flagged.
  assert.equal(redactBody(JSON.stringify({ messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'x', signature: 's' }] }] }), r, 'messages').unredactable, false);
});

test('Responses: encrypted_content is never edited (flagged), the rest of a reasoning item is', () => {
  const raw = JSON.stringify({ input: [{ type: 'reasoning', summary: [{ type: 'summary_text', text: SECRET }], encrypted_content: `gAAA${SECRET}` }] });
  const { text, unredactable } = redactBody(raw, r, 'responses');
  const parsed = JSON.parse(text);
  assert.equal(parsed.input[0].summary[0].text, 'REDACTED_AWS_1111111111');
  assert.equal(parsed.input[0].encrypted_content, `gAAA${SECRET}`);
  assert.equal(unredactable, true);
});

test('a value found escaped (inside serialised JSON) is also replaced where the body holds it decoded', () => {
  const escapedValue = 'line1\\nline2-SECRETVALUE';
  const rr = buildReplacements([[escapedValue, 'REDACTED_X_0000000000']]);
  const out = redactBody(JSON.stringify({ messages: [{ role: 'user', content: 'a line1\nline2-SECRETVALUE b' }] }), rr, 'messages').text;
  assert.equal(JSON.parse(out).messages[0].content, 'a REDACTED_X_0000000000 b');
});

test('a number holding a value (a card number sent as a JSON number) becomes the placeholder string, in the body and the conversation', () => {
  const card = '4111111111111111';
  const rc = buildReplacements([[card, 'REDACTED_CARD_3333333333']]);
  const raw = `{"model":"m","max_tokens":10,"metadata":{"account":${card},"n":1e21},"messages":[{"role":"user","content":"hi"}]}`;
  const { text } = redactBody(raw, rc, 'messages');
  assert.ok(!text.includes(card), text);
  assert.deepEqual(JSON.parse(text).metadata, { account: 'REDACTED_CARD_3333333333', n: 1e21 });
  assert.equal(text.replace('"REDACTED_CARD_3333333333"', card), raw, 'only the number literal changed');
  const conversation = { metadata: { account: Number(card), max: 10 } } as unknown as Parameters<typeof redactConversation>[0];
  const out = redactConversation(conversation, rc).conversation as unknown as { metadata: Record<string, unknown> };
  assert.deepEqual(out.metadata, { account: 'REDACTED_CARD_3333333333', max: 10 });
});

test('a value inside JSON inside a JSON string is rewritten at every escaping level', () => {
  // A password holding a quote and a backslash, written by a tool call as JSON-in-JSON: in the
  // arguments string it is escaped twice, in the raw body three times.
  const password = 'pa"ss\\word-9f3kQ';
  const command = `echo ${JSON.stringify(JSON.stringify({ env: `DB_PASSWORD = "${password}"` }))} > cfg.json`;
  const chat = {
    model: 'm',
    messages: [
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'Bash', arguments: JSON.stringify({ command }) } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'ok' },
    ],
  };
  const raw = JSON.stringify(chat);
  // The inspector reports the value as spelled where it was found: in the arguments string.
  const argsText = chat.messages[0]!.tool_calls![0]!.function.arguments;
  const spelled = JSON.stringify(JSON.stringify(JSON.stringify(password).slice(1, -1)).slice(1, -1)).slice(1, -1);
  assert.ok(argsText.includes(spelled), 'the test spells the value as it appears in the arguments');
  const replacements = buildReplacements([[spelled, 'REDACTED_PW_3333333333']]);
  const { text } = redactBody(raw, replacements, 'chat');
  assert.ok(!text.includes('9f3kQ'), text);
  const args = JSON.parse(JSON.parse(text).messages[0].tool_calls[0].function.arguments) as { command: string };
  assert.equal(args.command, `echo ${JSON.stringify(JSON.stringify({ env: 'DB_PASSWORD = "REDACTED_PW_3333333333"' }))} > cfg.json`);
  // Found plainly elsewhere (a user message), the value is still replaced three levels deep.
  const fromPlain = redactBody(raw, buildReplacements([[password, 'REDACTED_PW_3333333333']]), 'chat').text;
  assert.equal(fromPlain, text);
  // The plain value and every escaped form map to the same placeholder.
  let form = password;
  for (let level = 0; level < 4; level++) {
    assert.equal(replacements.map.get(form), 'REDACTED_PW_3333333333', `level ${level}`);
    form = JSON.stringify(form).slice(1, -1);
  }
});
