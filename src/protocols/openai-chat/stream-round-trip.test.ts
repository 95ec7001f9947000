import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStreamEncoder } from './stream-encoder.ts';
import { createStreamDecoder } from './stream-decoder.ts';
import { parseRequest } from './parse-request.ts';
import { encodeSseAll } from '../../sse/encoder.ts';
import { SseDecoder } from '../../sse/decoder.ts';
import type { StreamEvent } from '../../conversation/index.ts';

function roundTrip(events: StreamEvent[], includeUsage: boolean): StreamEvent[] {
  const parsed = parseRequest({ model: 'coder', messages: [{ role: 'user', content: 'x' }], stream_options: { include_usage: includeUsage } });
  assert.ok(parsed.ok);
  const encoder = createStreamEncoder({ model: 'coder', requestId: 'req_rt', request: parsed.value });
  const text = encodeSseAll(events.flatMap((e) => encoder.push(e)));
  const bytes = new TextEncoder().encode(text);
  const sse = new SseDecoder();
  const decoder = createStreamDecoder();
  const out: StreamEvent[] = [];
  // Odd slice size so chunk boundaries land inside JSON, inside "data:" and inside multi-byte characters.
  for (let i = 0; i < bytes.length; i += 5) for (const e of sse.push(bytes.subarray(i, i + 5))) out.push(...decoder.push(e));
  for (const e of sse.end()) out.push(...decoder.push(e));
  out.push(...decoder.end());
  return out;
}

test('encode → SSE bytes → decode gives back the same canonical events', () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'chatcmpl-rt1', model: 'coder' },
    { type: 'reasoning-start', index: 0 },
    { type: 'reasoning-delta', index: 0, text: 'Thinking… 考え中' },
    { type: 'reasoning-end', index: 0 },
    { type: 'text-start', index: 1 },
    { type: 'text-delta', index: 1, text: 'Here are two calls: ' },
    { type: 'text-delta', index: 1, text: 'ünïcödé 🚀' },
    { type: 'text-end', index: 1 },
    { type: 'tool-call-start', index: 2, id: 'call_a', name: 'read', kind: 'function' },
    { type: 'tool-call-delta', index: 2, delta: '{"path":' },
    { type: 'tool-call-start', index: 3, id: 'call_b', name: 'exec', kind: 'custom' },
    { type: 'tool-call-delta', index: 3, delta: 'echo "hi"\n' },
    { type: 'tool-call-delta', index: 2, delta: '"/etc/hosts"}' },
    { type: 'tool-call-end', index: 2 },
    { type: 'tool-call-end', index: 3 },
    { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 12, outputTokens: 34, cachedInputTokens: 2, reasoningTokens: 5 } },
  ];
  assert.deepEqual(roundTrip(events, true), events);
});

test('round trip of a plain text answer without the usage chunk', () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'chatcmpl-rt2', model: 'coder' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'line one\nline two\r\n' },
    { type: 'text-end', index: 0 },
    { type: 'finish', reason: 'length', usage: { inputTokens: 0, outputTokens: 0 } },
  ];
  assert.deepEqual(roundTrip(events, false), events);
});

test('round trip of a mid-stream error', () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'chatcmpl-rt3', model: 'coder' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'par' },
    { type: 'error', error: { status: 502, code: 'SEKISHO_ERR_UPSTREAM_ABORTED', kind: 'upstream', message: 'cut' } },
  ];
  const back = roundTrip(events, true);
  assert.deepEqual(back.slice(0, 3), events.slice(0, 3));
  const last = back.at(-1);
  assert.equal(last?.type, 'error');
  if (last?.type === 'error') assert.match(last.error.message, /cut/);
});
