import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyBodyEdits, dropUsageOnlyChunks, includeUsageEdit } from './stream-usage.ts';

function edited(text: string): string {
  const edit = includeUsageEdit(text, JSON.parse(text) as Record<string, unknown>);
  return edit === undefined ? text : (applyBodyEdits(text, Buffer.from(text), [edit]) as Buffer).toString('utf8');
}

test('the body asks for usage; other bytes unchanged; an explicit request is left alone', () => {
  const plain = '{ "model": "m", "stream": true,\n  "messages": [{"role":"user","content":"héllo \\"x\\""}] }';
  const out = edited(plain);
  assert.equal(out, '{"stream_options":{"include_usage":true}, "model": "m", "stream": true,\n  "messages": [{"role":"user","content":"héllo \\"x\\""}] }');
  assert.deepEqual(JSON.parse(out).stream_options, { include_usage: true });
  assert.equal(edited('{"model":"m","stream_options":{"include_obfuscation":false},"stream":true}'), '{"model":"m","stream_options":{"include_obfuscation":false,"include_usage":true},"stream":true}');
  assert.equal(edited('{"model":"m","stream_options":{"include_usage":false}}'), '{"model":"m","stream_options":{"include_usage":true}}');
  assert.equal(edited('{"model":"m","stream_options":null}'), '{"model":"m","stream_options":{"include_usage":true}}');
  const asked = '{"model":"m","stream_options":{"include_usage":true}}';
  assert.equal(includeUsageEdit(asked, JSON.parse(asked)), undefined);
});

test('edits combine with other splices, on bytes with multi-byte characters before them', () => {
  const text = '{"messages":[{"content":"日本語"}],"model":"a"}';
  const modelSpan = { start: text.indexOf('"a"'), end: text.indexOf('"a"') + 3 };
  const usage = includeUsageEdit(text, JSON.parse(text))!;
  const out = applyBodyEdits(text, Buffer.from(text), [{ span: modelSpan, value: '"b"' }, usage]).toString();
  assert.deepEqual(JSON.parse(out), { stream_options: { include_usage: true }, messages: [{ content: '日本語' }], model: 'b' });
  assert.equal(applyBodyEdits(text, undefined, [{ span: modelSpan, value: '"b"' }, usage]), out);
});

test('usage-only chunks are dropped, everything else kept byte for byte', () => {
  const chunk = (o: object) => `data: ${JSON.stringify(o)}\n\n`;
  const text = chunk({ choices: [{ index: 0, delta: { content: 'hi' } }], usage: null })
    + chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: null })
    + chunk({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 1 } })
    + 'data: [DONE]\n\n';
  const out = dropUsageOnlyChunks(Buffer.from(text)).toString();
  assert.equal(out, chunk({ choices: [{ index: 0, delta: { content: 'hi' } }], usage: null }) + chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: null }) + 'data: [DONE]\n\n');
  // vLLM's `choices: null` form and CRLF framing.
  const crlf = `data: ${JSON.stringify({ choices: null, usage: { prompt_tokens: 1 } })}\r\n\r\ndata: [DONE]\r\n\r\n`;
  assert.equal(dropUsageOnlyChunks(Buffer.from(crlf)).toString(), 'data: [DONE]\r\n\r\n');
  // llama.cpp's usage on the finish chunk itself stays (it carries the finish).
  const finish = chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 1 } });
  assert.equal(dropUsageOnlyChunks(Buffer.from(finish)).toString(), finish);
  const none = Buffer.from(chunk({ choices: [] }));
  assert.equal(dropUsageOnlyChunks(none), none);
});
