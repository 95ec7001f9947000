import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseDecoder } from './decoder.ts';
import { encodeSse, encodeSseAll } from './encoder.ts';
import { lastEventBoundary } from './event-boundary.ts';

const stream = 'event: message_start\ndata: {"a":1}\n\n: keep-alive comment\n\ndata: line one\ndata: line two\n\nid: 7\nevent: x\ndata: 日本語テキスト\n\n';
const expected = [
  { event: 'message_start', data: '{"a":1}' },
  { data: 'line one\nline two' },
  { event: 'x', data: '日本語テキスト', id: '7' },
];

test('decodes events, comments, multi-line data and ids', () => {
  const d = new SseDecoder();
  assert.deepEqual([...d.push(stream), ...d.end()], expected);
});

test('any split of the bytes, including inside UTF-8 characters and CRLF pairs, gives the same events', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const bytes = Buffer.from(stream.replaceAll('\n', eol));
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const d = new SseDecoder();
      const out = [];
      for (let i = 0; i < bytes.length; i += size) out.push(...d.push(bytes.subarray(i, i + size)));
      out.push(...d.end());
      assert.deepEqual(out, expected, `eol ${JSON.stringify(eol)} chunk ${size}`);
    }
  }
});

test('a final event without its blank line is still delivered at end; a leading BOM is skipped', () => {
  const d = new SseDecoder();
  assert.deepEqual([...d.push('\uFEFFdata: [DONE]')], []);
  assert.deepEqual(d.end(), [{ data: '[DONE]' }]);
});

test('encoder round-trips through the decoder and refuses line breaks in event names', () => {
  const events = [{ event: 'a', data: 'x\ny' }, { data: '{"k":"v"}', id: '1' }];
  const d = new SseDecoder();
  assert.deepEqual(d.push(encodeSseAll(events)), events);
  assert.throws(() => encodeSse({ event: 'a\ndata: injected', data: '' }), /line break/);
});

test('lastEventBoundary finds the end of the last complete event', () => {
  assert.equal(lastEventBoundary(Buffer.from('data: a\n\ndata: b')), 9);
  assert.equal(lastEventBoundary(Buffer.from('data: a\r\n\r\ndata: b\r\n\r\n')), 22);
  assert.equal(lastEventBoundary(Buffer.from('data: partial')), 0);
});

test("llama.cpp's non-standard `error:` field is dispatched as an `error` event; other unknown fields stay ignored", () => {
  const d = new SseDecoder();
  assert.deepEqual(d.push('error: {"code":400}\n\nfoo: bar\ndata: [DONE]\n\n'), [{ event: 'error', data: '{"code":400}' }, { data: '[DONE]' }]);
  // an explicit event name wins
  assert.deepEqual(new SseDecoder().push('event: failure\nerror: x\n\n'), [{ event: 'failure', data: 'x' }]);
});
