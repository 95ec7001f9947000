import { createHash } from 'node:crypto';
import { stringField } from './fake-context.ts';

/** The inputs of an embeddings request as strings (token arrays are joined so they still hash). */
function inputsOf(body: Record<string, unknown>): string[] {
  const input = body['input'];
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [];
  if (input.every((x) => typeof x === 'number')) return [input.join(',')];
  return input.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
}

/** A deterministic unit-length vector derived from the text, so equal inputs embed equally. */
function vectorOf(text: string, dimensions: number): number[] {
  const digest = createHash('sha256').update(text).digest();
  const raw = Array.from({ length: dimensions }, (_, i) => ((digest[i % digest.length] ?? 0) - 127.5) / 127.5);
  const norm = Math.sqrt(raw.reduce((s, v) => s + v * v, 0)) || 1;
  return raw.map((v) => Math.fround(v / norm));
}

/**
 * `/v1/embeddings` answer. Honours `dimensions` (default 8) and `encoding_format: "base64"`, which the
 * official `openai` SDK requests by default (little-endian float32 bytes, base64-encoded).
 */
export function embeddingsBody(body: Record<string, unknown>, model: string): Record<string, unknown> {
  const dims = typeof body['dimensions'] === 'number' ? body['dimensions'] : 8;
  const base64 = stringField(body, 'encoding_format') === 'base64';
  const inputs = inputsOf(body);
  const data = inputs.map((text, index) => {
    const vector = vectorOf(text, dims);
    const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  const tokens = inputs.reduce((s, t) => s + Math.ceil(t.length / 4), 0);
  return { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

/** Models the fake lists; each entry carries both the OpenAI and the Anthropic fields so either SDK parses it. */
export const FAKE_MODELS: readonly string[] = ['fake-model', 'fake-coder', 'claude-fake-5'];

function modelEntry(id: string): Record<string, unknown> {
  return {
    id, object: 'model', created: 1_767_225_600, owned_by: 'fake-upstream',
    type: 'model', display_name: id.replace(/-/g, ' '), created_at: '2026-01-01T00:00:00Z',
  };
}

/** `GET /v1/models`: an OpenAI list that is also a valid Anthropic page. */
export function modelsBody(): Record<string, unknown> {
  const data = FAKE_MODELS.map(modelEntry);
  return { object: 'list', data, has_more: false, first_id: FAKE_MODELS[0] ?? null, last_id: FAKE_MODELS.at(-1) ?? null };
}

/** `GET /v1/models/{id}`: any id is "known" so tests can ask for the model they configured. */
export function modelBody(id: string): Record<string, unknown> {
  return modelEntry(id);
}
