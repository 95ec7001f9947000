/**
 * Streams shaped exactly as real model servers send them (test/fixtures/backend-streams.json, written
 * after recordings of vLLM, llama.cpp, Ollama, TGI and SGLang) replayed through the gateway's
 * translation and driven with the official SDKs in every client mode. The larger recorded set in
 * ../shared runs with `npm run conformance:backend-streams`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CLIENT_MODES, expectedOf, replayAll, type RecordedStream } from '../support/recorded-streams.ts';

const recordings = JSON.parse(readFileSync(new URL('../fixtures/backend-streams.json', import.meta.url), 'utf8')) as RecordedStream[];

test('the oracle reads the recordings as a client would want them', () => {
  const byId = new Map(recordings.map((r) => [r.id, expectedOf(r)]));
  assert.deepEqual(byId.get('tgi-tool-no-finish'), {
    text: '',
    toolCalls: [{ name: 'get_weather', args: { location: 'Tokyo', unit: 'celsius' } }],
    finish: 'tool',
  });
  assert.equal(byId.get('llamacpp-error-context')?.error, 'the request exceeds the available context size, try increasing it');
  assert.equal(byId.get('sglang-reasoning-parallel-tools')?.toolCalls.length, 2);
  assert.equal(byId.get('ollama-reasoning-length')?.finish, 'length');
});

test(`every recorded stream in every client mode (${CLIENT_MODES.join(', ')})`, async () => {
  const results = await replayAll(recordings);
  assert.equal(results.length, recordings.length * CLIENT_MODES.length);
  const failed = results.filter((r) => r.problems.length > 0).map((r) => `${r.id} ${r.mode}: ${r.problems.join('; ')}`);
  assert.deepEqual(failed, []);
});
