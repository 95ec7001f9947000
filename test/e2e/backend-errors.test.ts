/**
 * A backend that refuses the gateway (401/403) or does not know the path or model (404) is the
 * operator's problem: the developer gets a 502 in their own format naming the backend and the likely
 * cause, never the backend's bare "invalid API key" that reads like their Sekisho key was rejected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startHarness } from '../support/gateway-harness.ts';
import { startFakeUpstream } from '../support/fake-upstream.ts';
import { startRecordedUpstream } from '../support/recorded-streams.ts';
import { Backend } from '../../src/backends/backend.ts';
import { bodyForLog } from '../../src/backends/backend-status.ts';
import { defaultBackend } from '../../src/config/defaults.ts';
import { checkBackendsAtStart } from '../../src/routing/health-checker.ts';
import { createLogger } from '../../src/log.ts';

async function apiError(p: Promise<unknown>): Promise<{ status: number; message: string; code: unknown }> {
  try {
    await p;
  } catch (err) {
    const e = err as { status?: number; message: string; code?: unknown };
    return { status: e.status ?? 0, message: e.message.replace(/\\"/g, '"'), code: e.code }; // Anthropic's SDK prints the body JSON
  }
  throw new Error('expected the request to fail');
}

test('401 from an Anthropic backend with a wrong key: 502 naming the backend and its key, passthrough and translated', async () => {
  const upstream = await startFakeUpstream({ flavor: 'anthropic', requireKey: 'the-right-backend-key' });
  const h = await startHarness({
    backends: [{ type: 'anthropic', name: 'claude-internal' }],
    retryAttempts: 1,
    configure: (c) => {
      c.backends[0]!.url = upstream.baseUrl;
      c.backends[0]!.apiKey = 'a-wrong-backend-key';
    },
  });
  try {
    const claude = new Anthropic({ baseURL: h.url, apiKey: 'sks-client-key', maxRetries: 0 });
    const e = await apiError(claude.messages.create({ model: 'claude-x', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(e.status, 502);
    assert.match(e.message, /backend "claude-internal".*HTTP 401.*backend key in the gateway configuration.*Your Sekisho key was accepted/);
    const openai = new OpenAI({ baseURL: h.url + '/v1', apiKey: 'sks-client-key', maxRetries: 0 });
    const t = await apiError(openai.chat.completions.create({ model: 'claude-x', messages: [{ role: 'user', content: 'hi' }], stream: true }));
    assert.equal(t.status, 502);
    assert.equal(t.code, 'SEKISHO_ERR_BACKEND_AUTH_FAILED');
    // The SDKs retry a 5xx; this one would fail the same way, so the answer says not to.
    const raw = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-x', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(raw.status, 502);
    assert.equal(raw.headers.get('x-should-retry'), 'false');
    await raw.text();
    const logged = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'backend refused the gateway');
    assert.equal(logged.length, 3);
    assert.equal(logged[0]!.backend, 'claude-internal');
    assert.match(String(logged[0]!.body), /invalid x-api-key/, "the backend's own words, for the operator");
    assert.doesNotMatch(h.logs.join('\n'), /a-wrong-backend-key/);
  } finally {
    await h.close();
    await upstream.close();
  }
});

test('401 with no backend key configured; a 404 for a base URL without /v1; the next candidate is tried', async () => {
  const locked = await startFakeUpstream({ flavor: 'vllm', requireKey: 'needed' });
  const recorded = await startRecordedUpstream([]);
  const h = await startHarness({
    backends: [{ name: 'vllm-locked' }, { name: 'no-v1' }, { name: 'works' }],
    retryAttempts: 3,
    routes: () => [
      { match: ['locked'], targets: [{ backend: 'vllm-locked' }], fallbacks: [] },
      { match: ['short-url'], targets: [{ backend: 'no-v1' }], fallbacks: [] },
      { match: ['*'], targets: [{ backend: 'vllm-locked' }], fallbacks: [{ backend: 'works' }] },
    ],
    configure: (c) => {
      c.backends[0]!.url = locked.baseUrl;
      c.backends[1]!.url = recorded.baseUrl.replace(/\/v1$/, '');
    },
  });
  try {
    const openai = new OpenAI({ baseURL: h.url + '/v1', apiKey: 'sks-client-key', maxRetries: 0 });
    const a = await apiError(openai.chat.completions.create({ model: 'locked', messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(a.status, 502);
    assert.equal(a.code, 'SEKISHO_ERR_BACKEND_AUTH_FAILED');
    assert.match(a.message, /backend "vllm-locked".*no backend key is configured/);
    const b = await apiError(openai.responses.create({ model: 'short-url', input: 'hi' }));
    assert.equal(b.status, 502);
    assert.equal(b.code, 'SEKISHO_ERR_BACKEND_NOT_FOUND');
    assert.match(b.message, /backend "no-v1".*HTTP 404 for \/chat\/completions.*may lack its version prefix \(e\.g\. \/v1\)/);
    const ok = await openai.chat.completions.create({ model: 'anything', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(ok.choices[0]?.finish_reason, 'stop', 'a refusing backend is skipped for the fallback');
  } finally {
    await h.close();
    await locked.close();
    await recorded.close();
  }
});

test('404 from a backend without the API: passthrough Messages get a 502 naming the backend and the path', async () => {
  const h = await startHarness({ backends: [{ flavor: 'anthropic', type: 'anthropic', name: 'ext' }], retryAttempts: 1 });
  try {
    h.fake.disable('/v1/messages');
    const claude = new Anthropic({ baseURL: h.url, apiKey: 'k', maxRetries: 0 });
    const e = await apiError(claude.messages.create({ model: 'claude-nope', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(e.status, 502);
    assert.match(e.message, /backend "ext".*HTTP 404 for \/messages/);
  } finally {
    await h.close();
  }
});

test('the logged backend body masks the configured key and header secrets', () => {
  const b = new Backend({ ...defaultBackend('b', 'openai', 'http://127.0.0.1:1/v1'), apiKey: 'sk-live-abcdef123456', headers: { 'x-org-token': 'org-secret-98765' } });
  assert.equal(bodyForLog(b, '{"error":"key sk-live-abcdef123456 / org-secret-98765 rejected"}'), '{"error":"key [backend secret] / [backend secret] rejected"}');
  assert.equal(bodyForLog(b, 'x'.repeat(2000)).length, 500);
});

test('a backend key the body echoes across the 500-character cut leaves none of its characters in the log', () => {
  const b = new Backend({ ...defaultBackend('b', 'openai', 'http://127.0.0.1:1/v1'), apiKey: 'sk-live-abcdef123456' });
  const logged = bodyForLog(b, `${'x'.repeat(490)}sk-live-abcdef123456 rejected`);
  assert.equal(logged.length, 500);
  assert.doesNotMatch(logged, /sk-live/);
});

test('logs name a backend by scheme, host and path: never the user and password of its base URL', async () => {
  const locked = await startFakeUpstream({ flavor: 'vllm', requireKey: 'needed' });
  const withCredentials = locked.baseUrl.replace('http://', 'http://ops:url-password-4711@');
  // The start-up check (a refusal, then the summary line).
  const lines: string[] = [];
  const backend = new Backend(defaultBackend('locked', 'openai', withCredentials));
  await checkBackendsAtStart([backend], createLogger({ level: 'debug', format: 'json', write: (l) => lines.push(l) }));
  backend.close();
  const h = await startHarness({ backends: [{ name: 'locked' }], retryAttempts: 1, configure: (c) => { c.backends[0]!.url = withCredentials; } });
  try {
    assert.ok(lines.some((l) => l.includes('the backend refused the start-up check')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('"backend checked"')), lines.join('\n'));
    assert.ok(lines.every((l) => !l.includes('url-password-4711') && !l.includes('ops:')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes(locked.baseUrl)), 'the URL is still named, without its credentials');
    // A request refused by the backend.
    const openai = new OpenAI({ baseURL: h.url + '/v1', apiKey: 'sks-client-key', maxRetries: 0 });
    const e = await apiError(openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(e.status, 502);
    assert.doesNotMatch(e.message, /url-password-4711/);
    const refused = h.logs.filter((l) => l.includes('backend refused the gateway'));
    assert.equal(refused.length, 1);
    assert.doesNotMatch(h.logs.join('\n'), /url-password-4711/);
  } finally {
    await h.close();
    await locked.close();
  }
});

test("llama.cpp's `error:` event on a Chat passthrough stream: the OpenAI SDK raises the backend's message", async () => {
  const recorded = await startRecordedUpstream([
    { id: 'ctx', server: 'llama.cpp', sse: 'error: {"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error"}\n\ndata: [DONE]\n\n' },
  ]);
  const h = await startHarness({ retryAttempts: 1, configure: (c) => { c.backends[0]!.url = recorded.baseUrl; } });
  try {
    const openai = new OpenAI({ baseURL: h.url + '/v1', apiKey: 'k', maxRetries: 0 });
    const stream = await openai.chat.completions.create({ model: 'ctx', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const e = await apiError((async () => { for await (const _ of stream) { /* drain */ } })());
    assert.match(e.message, /the request exceeds the available context size/);
  } finally {
    await h.close();
    await recorded.close();
  }
});

test('likely causes: a 404 that names a model points at the route target model', async () => {
  const { likelyCause } = await import('../../src/backends/backend-status.ts');
  const b = new Backend(defaultBackend('b', 'openai', 'http://127.0.0.1:1/v1'));
  assert.match(likelyCause(b, 404, '{"error":{"message":"The model `qwen-9` does not exist."}}', 'qwen-9'), /does not know model "qwen-9"/);
  assert.match(likelyCause(b, 404, 'Not Found', 'm'), /does not serve this API/);
  assert.match(likelyCause(b, 403, '', 'm'), /unauthenticated request/);
});
