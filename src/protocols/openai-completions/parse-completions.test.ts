import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCompletionsRequest, parseEmbeddingsRequest } from './parse-completions.ts';

test('prompts and inputs given as token ids are refused: the model would decode text inspection never saw', () => {
  for (const prompt of [[1, 2, 3], [[1, 2], [3]], ['text', [4, 5]]]) {
    const completions = parseCompletionsRequest({ model: 'm', prompt });
    assert.ok(!completions.ok && /token ids cannot be inspected/.test(completions.message) && completions.param === 'prompt');
    const embeddings = parseEmbeddingsRequest({ model: 'm', input: prompt });
    assert.ok(!embeddings.ok && /token ids cannot be inspected/.test(embeddings.message) && embeddings.param === 'input');
  }
  assert.ok(parseEmbeddingsRequest({ model: 'm', input: ['a', 'b'] }).ok);
});
