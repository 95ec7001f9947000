import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCompletionsRequest, parseEmbeddingsRequest } from './parse-completions.ts';
import { collectSurfaces } from '../../inspection/surfaces.ts';

const SECRET = 'AKIAIOSFODNN7EXAMPLE';

function scanned(result: ReturnType<typeof parseCompletionsRequest>): string[] {
  if (!result.ok) throw new Error(result.message);
  return collectSurfaces(result.value).segments.map((s) => s.text);
}

test('completions and embeddings: every other top-level string is inspected too (passthrough forwards the whole body)', () => {
  const completions = scanned(parseCompletionsRequest({ model: 'm', prompt: 'def f():', user: `u ${SECRET}`, metadata: { note: SECRET } }));
  assert.equal(completions.filter((t) => t.includes(SECRET)).length, 2, JSON.stringify(completions));
  const embeddings = scanned(parseEmbeddingsRequest({ model: 'm', input: ['a'], user: SECRET }));
  assert.ok(embeddings.some((t) => t.includes(SECRET)), JSON.stringify(embeddings));
  // The fields the conversation models are not scanned twice.
  assert.deepEqual(scanned(parseCompletionsRequest({ model: 'm', prompt: 'p', suffix: 's' })), ['p', 's']);
});

test('prompts and inputs given as token ids are refused: the model would decode text inspection never saw', () => {
  for (const prompt of [[1, 2, 3], [[1, 2], [3]], ['text', [4, 5]]]) {
    const completions = parseCompletionsRequest({ model: 'm', prompt });
    assert.ok(!completions.ok && /token ids cannot be inspected/.test(completions.message) && completions.param === 'prompt');
    const embeddings = parseEmbeddingsRequest({ model: 'm', input: prompt });
    assert.ok(!embeddings.ok && /token ids cannot be inspected/.test(embeddings.message) && embeddings.param === 'input');
  }
  assert.ok(parseEmbeddingsRequest({ model: 'm', input: ['a', 'b'] }).ok);
});
