import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStreamEncoder } from './stream-encoder.ts';
import { createStreamDecoder } from './stream-decoder.ts';
import { encodeSseAll } from '../../sse/encoder.ts';
import { SseDecoder } from '../../sse/decoder.ts';
import type { StreamEvent } from '../../conversation/index.ts';

/** Canonical events → our SSE text → SSE framing (bytes, split small) → our decoder. */
function roundTrip(events: StreamEvent[]): StreamEvent[] {
  const encoder = createStreamEncoder({ model: 'client-model', requestId: 'req_rt' });
  const text = encodeSseAll(events.flatMap((e) => encoder.push(e)));
  const bytes = new TextEncoder().encode(text);
  const framer = new SseDecoder();
  const decoder = createStreamDecoder();
  const out: StreamEvent[] = [];
  for (let i = 0; i < bytes.length; i += 5) for (const e of framer.push(bytes.subarray(i, i + 5))) out.push(...decoder.push(e));
  for (const e of framer.end()) out.push(...decoder.push(e));
  out.push(...decoder.end());
  return out;
}

test('reasoning, text and tool calls survive encode → SSE → decode unchanged', () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'resp_rt1', model: 'client-model' },
    { type: 'reasoning-start', index: 0, origin: 'openai' },
    { type: 'reasoning-delta', index: 0, text: 'Consider the ' },
    { type: 'reasoning-delta', index: 0, text: 'files.' },
    { type: 'reasoning-signature', index: 0, opaque: 'gAAAAB-encrypted' },
    { type: 'reasoning-end', index: 0 },
    { type: 'text-start', index: 1 },
    { type: 'text-delta', index: 1, text: 'Voilà: ' },
    { type: 'text-delta', index: 1, text: '日本語 ✓\nline two' },
    { type: 'text-end', index: 1 },
    { type: 'tool-call-start', index: 2, id: 'call_1', name: 'spawn', kind: 'function', namespace: 'agents' },
    { type: 'tool-call-delta', index: 2, delta: '{"task":' },
    { type: 'tool-call-delta', index: 2, delta: '"review"}' },
    { type: 'tool-call-end', index: 2 },
    { type: 'tool-call-start', index: 3, id: 'call_2', name: 'exec', kind: 'custom' },
    { type: 'tool-call-delta', index: 3, delta: 'const x = 1;\n' },
    { type: 'tool-call-delta', index: 3, delta: 'text(x);' },
    { type: 'tool-call-end', index: 3 },
    { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 900, outputTokens: 80, cachedInputTokens: 512, reasoningTokens: 40 } },
  ];
  assert.deepEqual(roundTrip(events), events);
});

test('a plain text answer and an incomplete (length) answer round-trip', () => {
  const text: StreamEvent[] = [
    { type: 'start', id: 'resp_rt2', model: 'client-model' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'Hello' },
    { type: 'text-end', index: 0 },
    { type: 'finish', reason: 'stop', usage: { inputTokens: 5, outputTokens: 1 } },
  ];
  assert.deepEqual(roundTrip(text), text);
  const cut: StreamEvent[] = [...text.slice(0, 4), { type: 'finish', reason: 'length', usage: { inputTokens: 5, outputTokens: 1 } }];
  assert.deepEqual(roundTrip(cut), cut);
});

test('an error mid-stream round-trips as an error event after the partial blocks', () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'resp_rt3', model: 'client-model' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'par' },
    { type: 'error', error: { status: 502, code: 'SEKISHO_ERR_UPSTREAM_ABORTED', kind: 'upstream', message: 'backend went away' } },
  ];
  const out = roundTrip(events);
  assert.deepEqual(out.slice(0, 3), events.slice(0, 3));
  assert.equal(out.length, 4);
  const last = out[3];
  assert.equal(last?.type, 'error');
  if (last?.type === 'error') assert.match(last.error.message, /backend went away/);
});
