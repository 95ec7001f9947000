import { test } from 'node:test';
import assert from 'node:assert/strict';
import { predictUnredactable, valuesRemain } from './unredactable.ts';
import type { PlacedDetection } from '../inspection/inspector.ts';
import type { ConversationRequest } from '../conversation/index.ts';
import type { Location } from '../inspection/finding.ts';

const SECRET = 'AKIAIOSFODNN7EXAMPLE';

function detection(text: string, location: Location, type: 'secret' | 'own-code' = 'secret'): PlacedDetection {
  const at = text.indexOf(SECRET);
  return {
    detection: { type, ruleId: 'aws', confidence: 'high', start: at, end: at + SECRET.length, valueStart: at, valueEnd: at + SECRET.length, value: SECRET },
    location,
    text,
  };
}

function conversation(assistant: ConversationRequest['messages'][number]['content']): ConversationRequest {
  return {
    model: 'm', system: [], tools: [], stream: false, extensions: {},
    messages: [{ role: 'user', content: [{ type: 'text', text: `key ${SECRET}` }] }, { role: 'assistant', content: assistant }],
  };
}

test('a value in signed or opaque reasoning cannot be redacted, wherever it was found', () => {
  const inText = detection(`key ${SECRET}`, { surface: 'message-text', message: 0, part: 0 });
  for (const part of [
    { type: 'reasoning' as const, text: `think ${SECRET}`, signature: 'sig' },
    { type: 'reasoning' as const, text: '', opaque: `enc-${SECRET}` },
    { type: 'reasoning' as const, text: 'fine', signature: `s${SECRET}` },
  ]) {
    assert.equal(predictUnredactable(conversation([part]), [inText]), true, JSON.stringify(part));
  }
  assert.equal(predictUnredactable(conversation([{ type: 'reasoning', text: `unsigned ${SECRET}` }]), [inText]), false, 'unsigned reasoning is redacted like text');
  assert.equal(predictUnredactable(conversation([{ type: 'reasoning', text: 'other', signature: 'sig' }]), [inText]), false);
});

test('a value found in a decoded payload cannot be redacted; own code never counts', () => {
  const decoded = detection(`K=${SECRET}`, { surface: 'message-text', message: 0, part: 1, path: 'data#decoded' });
  assert.equal(predictUnredactable(conversation([]), [decoded]), true);
  const code = detection(`K=${SECRET}`, { surface: 'message-text', message: 0, part: 1, path: 'data#decoded' }, 'own-code');
  assert.equal(predictUnredactable(conversation([]), [code]), false);
  assert.equal(predictUnredactable(undefined, [decoded]), false, 'no conversation, nothing forwarded to redact');
});

test('after redaction: any value left in a forwarded string (keys and JSON escapes included) is found', () => {
  const placeholder = 'REDACTED_AWS_0123456789';
  const clean = conversation([]);
  clean.messages[0]!.content = [{ type: 'text', text: `key ${placeholder}` }];
  assert.equal(valuesRemain([SECRET], JSON.stringify({ messages: [{ content: `key ${placeholder}` }] }), clean), false);
  assert.equal(valuesRemain([SECRET], `{"a":"\\u0041KIAIOSFODNN7EXAMPLE"}`, clean), true, 'escaped in the raw body');
  assert.equal(valuesRemain([SECRET], JSON.stringify({ [`k${SECRET}`]: 1 }), clean), true, 'in a key');
  assert.equal(valuesRemain([SECRET], '{}', conversation([{ type: 'reasoning', text: SECRET, signature: 's' }])), true, 'in the conversation a translation renders');
  assert.equal(valuesRemain([''], '{"a":""}', clean), false);
});
