import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConversationResponse } from '../conversation/index.ts';
import { StreamAccumulator } from './accumulate.ts';
import { responseToEvents } from './replay.ts';

const response: ConversationResponse = {
  id: 'resp_1',
  model: 'm',
  content: [
    { type: 'reasoning', text: 'think', signature: 'sig', origin: 'anthropic' },
    { type: 'text', text: 'Hello 世界' },
    { type: 'tool-call', id: 'call_1', name: 'Read', kind: 'function', arguments: '{"file_path":"a.ts"}' },
  ],
  finishReason: 'tool-calls',
  usage: { inputTokens: 10, outputTokens: 5 },
};

test('replaying a response and accumulating it gives the same response', () => {
  const acc = new StreamAccumulator();
  for (const e of responseToEvents(response)) acc.push(e);
  assert.deepEqual(acc.result(), response);
});

test('deltas are concatenated per block, blocks ordered by index even when interleaved', () => {
  const acc = new StreamAccumulator();
  acc.push({ type: 'start', id: 'x', model: 'm' });
  acc.push({ type: 'tool-call-start', index: 1, id: 'b', name: 'B', kind: 'function' });
  acc.push({ type: 'tool-call-start', index: 0, id: 'a', name: 'A', kind: 'function' });
  acc.push({ type: 'tool-call-delta', index: 1, delta: '{"y":' });
  acc.push({ type: 'tool-call-delta', index: 0, delta: '{"x":1}' });
  acc.push({ type: 'tool-call-delta', index: 1, delta: '2}' });
  acc.push({ type: 'finish', reason: 'tool-calls', usage: { inputTokens: 1, outputTokens: 2 } });
  const out = acc.result();
  assert.deepEqual(out?.content.map((p) => (p.type === 'tool-call' ? [p.id, p.arguments] : null)), [['a', '{"x":1}'], ['b', '{"y":2}']]);
});

test('a stream without finish, or with an error, has no result', () => {
  const truncated = new StreamAccumulator();
  truncated.push({ type: 'start', id: 'x', model: 'm' });
  assert.equal(truncated.result(), undefined);
  const failed = new StreamAccumulator();
  failed.push({ type: 'start', id: 'x', model: 'm' });
  failed.push({ type: 'error', error: { status: 502, code: 'X', kind: 'upstream', message: 'broke' } });
  assert.equal(failed.result(), undefined);
  assert.equal(failed.error?.message, 'broke');
});
