import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConversationRequest } from '../../conversation/index.ts';
import { countTokensEstimate, parseCountTokensRequest } from './count-tokens.ts';

function request(overrides: Partial<ConversationRequest>): ConversationRequest {
  return { model: 'm', system: [], messages: [], tools: [], stream: false, extensions: {}, ...overrides };
}

test('estimate is ceil(bytes / 4) plus 4 per message', () => {
  // 8 ASCII bytes + 6 bytes for "€€" (3 each) = 14 bytes -> 4 tokens, plus 2 messages * 4.
  const r = request({
    system: [{ role: 'system', content: [{ type: 'text', text: 'abcd' }] }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'efgh€€' }] }],
  });
  assert.equal(countTokensEstimate(r), 4 + 8);
});

test('tool calls, results, schemas and images all count', () => {
  const empty = countTokensEstimate(request({}));
  assert.equal(empty, 0);
  const withTool = countTokensEstimate(
    request({ tools: [{ type: 'function', name: 'Read', description: 'Read', parameters: { type: 'object' } }] }),
  );
  // "Read" + "Read" + '{"type":"object"}' = 4 + 4 + 17 = 25 bytes -> 7 tokens, + 8 per tool.
  assert.equal(withTool, 7 + 8);
  const withImage = countTokensEstimate(
    request({
      messages: [
        { role: 'assistant', content: [{ type: 'tool-call', id: 't', name: 'ab', kind: 'function', arguments: '{}' }] },
        { role: 'tool', content: [{ type: 'tool-result', callId: 't', content: [{ type: 'text', text: 'xyzw' }, { type: 'image', data: 'AAAA' }] }] },
      ],
    }),
  );
  // "ab" + "{}" + "xyzw" = 8 bytes -> 2 tokens, + 2 messages * 4 + one image 1600.
  assert.equal(withImage, 2 + 8 + 1600);
});

test('a parsed count_tokens body can be estimated', () => {
  const r = parseCountTokensRequest({
    model: 'claude-x',
    system: 'You are helpful.',
    messages: [{ role: 'user', content: 'How many tokens is this?' }],
  });
  assert.ok(r.ok);
  // 16 + 24 = 40 bytes -> 10 tokens, + 2 messages * 4.
  assert.equal(countTokensEstimate(r.value), 18);
});
