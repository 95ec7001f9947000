import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorFieldToData } from './error-field.ts';

test("llama.cpp's `error:` line becomes OpenAI's in-stream error event; other bytes are untouched", () => {
  const llama = 'error: {"code":400,"message":"the request exceeds the available context size","type":"exceed_context_size_error"}\n\ndata: [DONE]\n\n';
  assert.equal(
    errorFieldToData(Buffer.from(llama)).toString(),
    'data: {"error":{"code":400,"message":"the request exceeds the available context size","type":"exceed_context_size_error"}}\n\ndata: [DONE]\n\n',
  );
  // already wrapped, not JSON, and after other events
  assert.equal(errorFieldToData(Buffer.from('data: {"a":1}\n\nerror: {"error":{"message":"m"}}\n\n')).toString(), 'data: {"a":1}\n\ndata: {"error":{"message":"m"}}\n\n');
  assert.equal(errorFieldToData(Buffer.from('error: boom\r\n\r\n')).toString(), 'data: {"error":{"message":"boom"}}\r\n\r\n');
  // the word inside data, a comment or an event name is not the field
  const same = Buffer.from('data: {"content":"error: no"}\n\n: error: ping\n\nevent: error\ndata: {}\n\n');
  assert.equal(errorFieldToData(same), same);
});
