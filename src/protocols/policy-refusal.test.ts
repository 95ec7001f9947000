import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayError } from '../errors.ts';
import { protocols } from './index.ts';

// Policy refusals get a per-dialect status real clients show once (docs/security.md § Refusals), and
// every dialect names the request id exactly once, also in-stream.
test('policy refusals: 451 for Messages, 400 for the OpenAI dialects; the request id named once', () => {
  const expected = { 'anthropic-messages': 451, 'openai-chat': 400, 'openai-responses': 400 } as const;
  for (const code of ['SEKISHO_ERR_POLICY_BLOCKED', 'SEKISHO_ERR_POLICY_NO_INTERNAL_BACKEND'] as const) {
    const info = { ...gatewayError(code, { rule: 'no-keys', reason: 'r', requestId: 'req_abc', model: 'm' }).info, requestId: 'req_abc' };
    for (const [dialect, status] of Object.entries(expected)) {
      const protocol = protocols[dialect as keyof typeof expected];
      const rendered = protocol.renderError(info);
      assert.equal(rendered.status, status, `${dialect} ${code}`);
      const text = JSON.stringify(rendered.body);
      assert.equal(text.split('req_abc').length, dialect === 'anthropic-messages' ? 3 : 2, `${dialect}: once in the message (Messages also has request_id): ${text}`);
      for (const event of protocol.renderStreamError(info)) {
        const message = JSON.stringify(JSON.parse(event.data));
        assert.ok(message.includes('req_abc'), `${dialect} stream names it`);
        assert.doesNotMatch(message, /req_abc[^"]*req_abc.*req_abc/, `${dialect} stream: not repeated in one message`);
      }
    }
  }
  // Other errors still get the id appended in the OpenAI dialects, once.
  const unknown = { ...gatewayError('SEKISHO_ERR_UNKNOWN_MODEL', { model: 'x' }).info, requestId: 'req_1' };
  assert.match(JSON.stringify(protocols['openai-chat'].renderError(unknown).body), /\(request id req_1\)/);
  assert.equal(protocols['openai-chat'].renderError(unknown).status, 404);
});
