// Inspection sees every string of a legacy completions / embeddings body (protocols/openai-completions parses them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCompletionsRequest, parseEmbeddingsRequest } from '../protocols/openai-completions/parse-completions.ts';
import { collectSurfaces } from './surfaces.ts';

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
