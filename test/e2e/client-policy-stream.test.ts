/**
 * The worked example policy (examples/policy.yaml, as shipped) with the gateway's real detectors, the way
 * the real-client policy scenarios (scripts/real-clients, `run.sh policy`) drive it, without the clients:
 * a key typed into the prompt is redacted on the way to an external backend, and when the model answers
 * with a write tool call holding the placeholder, streamed one character per argument delta (so the
 * placeholder is cut at every position), the client receives the original key in the reassembled
 * arguments — in each client dialect, passthrough. Also: the same request with only client-written
 * content is allowed and forwarded unchanged.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';

const KEY = `sk-ant-api03-${randomBytes(72).toString('base64url').slice(0, 93)}AA`;
const PH = /REDACTED_[A-Z0-9_]+/;

let dir = '';
let h: Harness;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-client-policy-'));
  await copyFile(new URL('../../examples/policy.yaml', import.meta.url), join(dir, 'policy.yaml'));
  h = await startHarness({
    inspection: 'report',
    backends: [
      { name: 'inside', flavor: 'vllm', zone: 'internal', apis: ['chat'] },
      { name: 'outside-anthropic', flavor: 'anthropic', zone: 'external' },
      { name: 'outside-openai', flavor: 'openai', zone: 'external', apis: ['chat', 'responses'] },
    ],
    routes: () => [
      { match: ['coder'], targets: [{ backend: 'inside', model: 'qwen2.5-coder' }], fallbacks: [] },
      { match: ['claude-*'], targets: [{ backend: 'outside-anthropic' }], fallbacks: [] },
      { match: ['*'], targets: [{ backend: 'outside-openai' }], fallbacks: [] },
    ],
    policy: { file: join(dir, 'policy.yaml') },
  });
});
after(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

type Api = 'messages' | 'chat' | 'responses';
const PATHS: Record<Api, string> = { messages: '/v1/messages', chat: '/v1/chat/completions', responses: '/v1/responses' };
const FAKE: Record<Api, number> = { messages: 1, chat: 2, responses: 2 };

/** `claude-*` models go to the Anthropic backend, others to the OpenAI one (passthrough or translated). */
function body(api: Api, prompt: string, model = api === 'messages' ? 'claude-sonnet-4-5' : 'fake-model'): Record<string, unknown> {
  const tool = { name: 'write', description: 'Writes a file', schema: { type: 'object', properties: { filePath: { type: 'string' }, content: { type: 'string' } } } };
  if (api === 'messages') {
    return { model, max_tokens: 1024, stream: true, system: 'You are a coding agent.', messages: [{ role: 'user', content: prompt }], tools: [{ name: tool.name, description: tool.description, input_schema: tool.schema }] };
  }
  if (api === 'chat') {
    return { model, stream: true, messages: [{ role: 'system', content: 'You are a coding agent.' }, { role: 'user', content: prompt }], tools: [{ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.schema } }] };
  }
  return { model, stream: true, store: false, instructions: 'You are a coding agent.', input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] }], tools: [{ type: 'function', name: tool.name, description: tool.description, parameters: tool.schema }] };
}

/** The first tool call's arguments, reassembled from the streamed deltas of each dialect. */
function streamedArgs(api: Api, events: Array<{ data: string }>): { args: string; deltas: number } {
  let args = '';
  let deltas = 0;
  for (const e of events) {
    if (e.data === '[DONE]') continue;
    const d = JSON.parse(e.data) as Record<string, any>;
    const piece = api === 'messages' ? (d.type === 'content_block_delta' ? d.delta?.partial_json : undefined)
      : api === 'chat' ? d.choices?.[0]?.delta?.tool_calls?.[0]?.function?.arguments
      : d.type === 'response.function_call_arguments.delta' ? d.delta : undefined;
    if (typeof piece === 'string' && piece !== '') { args += piece; deltas++; }
  }
  return { args, deltas };
}

for (const [api, translated] of (['messages', 'chat', 'responses'] as const).flatMap((a) => [[a, false], [a, true]] as const)) {
  // Translated: the other backend (Messages → the OpenAI backend, Chat / Responses → the Anthropic one).
  const model = translated ? (api === 'messages' ? 'fake-model' : 'claude-sonnet-4-5') : undefined;
  const fakeIndex = translated ? (api === 'messages' ? 2 : 1) : FAKE[api];
  test(`${api}${translated ? ' (translated)' : ''}: the key in the prompt is redacted; a write call streamed one character per delta gets the key back`, async () => {
    const fake = h.fakes[fakeIndex]!;
    const headers = { 'x-session-id': `policy-${api}-${translated}` };
    const prompt = `Save my deploy token ${KEY} into saved.env`;
    // First turn learns the conversation's placeholder (deterministic per conversation and value).
    fake.enqueue({ kind: 'text', text: 'OK.' });
    const first = await post(h.url + PATHS[api], body(api, prompt, model), headers);
    assert.equal(first.status, 200, first.text.slice(0, 300));
    const sent = fake.lastRequest()!.body;
    assert.ok(!sent.includes(KEY), 'the key never reaches the external backend');
    const placeholder = PH.exec(sent)?.[0];
    assert.ok(placeholder, 'a placeholder reached the backend in its place');
    fake.enqueue({ kind: 'tool-calls', calls: [{ id: 'call_w1', name: 'write', arguments: { filePath: 'saved.env', content: `DEPLOY_TOKEN=${placeholder}\n` } }], chunkSize: 1 });
    const r = await post(h.url + PATHS[api], body(api, prompt, model), headers);
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.ok(!fake.lastRequest()!.body.includes(KEY));
    assert.ok(!PH.test(r.text), 'no placeholder reaches the client');
    const { args, deltas } = streamedArgs(api, r.events);
    assert.deepEqual(JSON.parse(args), { filePath: 'saved.env', content: `DEPLOY_TOKEN=${KEY}\n` });
    assert.ok(deltas > 20, `the arguments arrived in many deltas (${deltas})`);
  });

  if (translated) continue;
  test(`${api}: a request of client-written content only is allowed and forwarded unchanged`, async () => {
    const fake = h.fakes[FAKE[api]]!;
    fake.enqueue({ kind: 'text', text: 'Paris.' });
    const b = body(api, 'What is the capital of France? Answer in one word.');
    const r = await post(h.url + PATHS[api], b, { 'x-session-id': `benign-${api}` });
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.equal(r.headers.get('x-sekisho-decision')?.split(';')[0], 'allow');
    assert.deepEqual(JSON.parse(fake.lastRequest()!.body), b);
  });
}
