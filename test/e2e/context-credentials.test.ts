/**
 * Context credentials through the gateway in redact mode, with the gateway's real detectors: a Write
 * tool call whose arguments carry `DB_PASSWORD = "…"` JSON-escaped (the quotes are `\"` on the wire),
 * and a connection string with a password in the user's text. The backend must receive placeholders,
 * never the passwords, in every byte of the forwarded body (issue 9, item 5).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../support/gateway-harness.ts';

const PASSWORD = 'k7#Qm2vX9pLr4tZw';
const DB_PASSWORD = 'Tr0ub4dor3xQ9';
const TOOL_USE_ID = 'toolu_01ContextCredentials0001';

let h: Harness;

before(async () => {
  h = await startHarness({ inspection: 'redact', backends: [{ flavor: 'anthropic', zone: 'external' }] });
});
after(async () => {
  await h?.close();
});

function request(): Record<string, unknown> {
  const file = `import os\n\nDB_HOST = "db.internal"\nDB_PASSWORD = "${PASSWORD}"\n`;
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 256,
    messages: [
      { role: 'user', content: `Write settings.py for the orders service; it connects with postgresql://app_user:${DB_PASSWORD}@localhost:5432/orders` },
      { role: 'assistant', content: [{ type: 'tool_use', id: TOOL_USE_ID, name: 'Write', input: { file_path: '/srv/orders/settings.py', content: file } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: TOOL_USE_ID, content: 'File created successfully at: /srv/orders/settings.py' }] },
    ],
  };
}

test('a JSON-escaped password in Write arguments and a connection-string password are redacted before forwarding', async () => {
  const raw = JSON.stringify(request());
  assert.ok(raw.includes(`DB_PASSWORD = \\"${PASSWORD}\\"`), 'on the wire the quotes are escaped');
  const res = await fetch(h.url + '/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json', 'x-session-id': 'ctx-1' }, body: raw });
  await res.arrayBuffer();
  assert.equal(res.status, 200);
  assert.match(res.headers.get('x-sekisho-decision') ?? '', /^redact/);
  const forwarded = h.fakes[0]!.requests.at(-1)!.body;
  assert.ok(!forwarded.includes(PASSWORD), 'the file password never left');
  assert.ok(!forwarded.includes(DB_PASSWORD), 'the connection-string password never left');
  assert.match(forwarded, /DB_PASSWORD = \\"REDACTED_SEKISHO_GENERIC_ASSIGNMENT_[0-9A-F]{10}\\"/i, 'a placeholder, still inside the escaped quotes');
  assert.match(forwarded, /postgresql:\/\/app_user:REDACTED_SEKISHO_URL_CREDENTIALS_[0-9A-F]{10}@localhost:5432\/orders/i);
  JSON.parse(forwarded); // still valid JSON
});
