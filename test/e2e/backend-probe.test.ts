/**
 * At start, `sekisho serve` looks at each backend (reachable? key accepted?) and, where the config does
 * not list its APIs, probes which native APIs it serves, so a Messages or Responses client in front of
 * vLLM / llama.cpp / Ollama is passed through instead of translated. Runs what serve runs
 * (`checkBackendsAtStart` on the loaded config, then the gateway) against fake servers on loopback.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startHarness, requestLogs, settled } from '../support/gateway-harness.ts';
import { Backend } from '../../src/backends/backend.ts';
import { probeApis } from '../../src/backends/probe-apis.ts';
import { checkBackendsAtStart } from '../../src/routing/health-checker.ts';
import { defaultBackend } from '../../src/config/defaults.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/log.ts';
import type { BackendConfig } from '../../src/config/types.ts';

function capture(): { log: ReturnType<typeof createLogger>; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, log: createLogger({ level: 'debug', format: 'json', write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) }) };
}

function probeRequests(fake: FakeUpstream): string[] {
  return fake.requests.filter((r) => r.method === 'POST').map((r) => new URL(r.path, 'http://x').pathname);
}

test('serve --upstream in front of a server with Messages and Responses: learned at start, then passed through', async () => {
  const fake = await startFakeUpstream({ flavor: 'vllm' });
  const config = await loadConfig({ env: {}, flags: { upstream: fake.baseUrl, dataDir: '/nonexistent-not-used' } });
  const { log, lines } = capture();
  const backends = config.backends.map((b) => new Backend(b));
  await checkBackendsAtStart(backends, log);
  for (const b of backends) b.close();
  const checked = lines.find((l) => l.msg === 'backend checked');
  assert.deepEqual(checked?.learned, ['messages', 'count_tokens', 'responses']);
  assert.deepEqual(config.backends[0]!.apis, ['chat', 'completions', 'embeddings', 'messages', 'count_tokens', 'responses']);
  // Only rejected bodies were sent: no generation was asked for.
  assert.deepEqual(probeRequests(fake), ['/v1/sekisho-probe-no-such-route', '/v1/messages', '/v1/messages/count_tokens', '/v1/responses']);
  for (const r of fake.requests.filter((q) => q.path.endsWith('/messages') || q.path.endsWith('/responses'))) {
    const body = r.json as Record<string, unknown>;
    assert.ok(typeof body.messages === 'string' || (typeof body.input === 'object' && !Array.isArray(body.input)));
  }

  const h = await startHarness({ backends: [{ flavor: 'vllm' }], configure: (c) => { c.backends[0]!.apis = config.backends[0]!.apis; c.backends[0]!.url = fake.baseUrl; } });
  try {
    const before = fake.requests.length;
    const claude = new Anthropic({ baseURL: h.url, apiKey: 'k', maxRetries: 0 });
    const message = await claude.messages.create({ model: 'qwen', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(message.type, 'message');
    const openai = new OpenAI({ baseURL: h.url + '/v1', apiKey: 'k', maxRetries: 0 });
    await openai.responses.create({ model: 'qwen', input: 'hi' });
    assert.deepEqual(fake.requests.slice(before).map((r) => r.path), ['/v1/messages', '/v1/responses']);
    await settled(h);
    assert.deepEqual(requestLogs(h).map((l) => (l.served as { mode?: string } | undefined)?.mode ?? l.mode), ['passthrough', 'passthrough']);
  } finally {
    await h.close();
    await fake.close();
  }
});

test('a server without them (TGI, older vLLM) learns nothing: Messages and Responses stay translated to Chat', async () => {
  const fake = await startFakeUpstream({ flavor: 'openai' });
  fake.disable('/v1/messages');
  fake.disable('/v1/responses');
  const { log, lines } = capture();
  const backend = new Backend(defaultBackend('tgi', 'openai', fake.baseUrl));
  await checkBackendsAtStart([backend], log);
  backend.close();
  const checked = lines.find((l) => l.msg === 'backend checked');
  assert.deepEqual(checked?.learned, []);
  assert.deepEqual(checked?.probe, { '/sekisho-probe-no-such-route': 404, '/messages': 404, '/responses': 404 });
  assert.deepEqual(backend.config.apis, ['chat', 'completions', 'embeddings']);
  await fake.close();
});

test('APIs stated in the config (or probe: false) are not probed; an Anthropic backend is only checked', async () => {
  const fake = await startFakeUpstream({ flavor: 'vllm' });
  const stated: BackendConfig = { ...defaultBackend('stated', 'openai', fake.baseUrl), apis: ['chat'], probe: false };
  const anthropic = await startFakeUpstream({ flavor: 'anthropic' });
  const { log, lines } = capture();
  await checkBackendsAtStart([new Backend(stated), new Backend(defaultBackend('claude', 'anthropic', anthropic.baseUrl))], log);
  assert.deepEqual(probeRequests(fake), []);
  assert.deepEqual(probeRequests(anthropic), []);
  assert.deepEqual(stated.apis, ['chat']);
  assert.equal(lines.filter((l) => l.msg === 'backend checked').length, 2);
  await fake.close();
  await anthropic.close();
});

test('never fatal: an unreachable backend and one refusing the key are logged with the likely cause', async () => {
  const locked = await startFakeUpstream({ flavor: 'vllm', requireKey: 'secret-backend-key' });
  const closed = await startFakeUpstream();
  const closedUrl = closed.baseUrl;
  await closed.close();
  const { log, lines } = capture();
  const started = Date.now();
  await checkBackendsAtStart([new Backend(defaultBackend('locked', 'openai', locked.baseUrl)), new Backend(defaultBackend('gone', 'openai', closedUrl))], log, 1_000);
  assert.ok(Date.now() - started < 5_000);
  const refused = lines.find((l) => l.backend === 'locked' && l.level === 'warn');
  assert.equal(refused?.status, 401);
  assert.match(String(refused?.cause), /no backend key is configured/);
  const locked2 = lines.find((l) => l.backend === 'locked' && l.msg === 'backend checked');
  assert.match(String(locked2?.probeSkipped), /unknown route answered HTTP 401/);
  const gone = lines.find((l) => l.backend === 'gone');
  assert.match(String(gone?.msg), /not reachable at start/);
  await locked.close();
});

test('the probe is bounded in time and learns nothing from a catch-all server', async () => {
  const hanging = createServer(() => { /* never answers */ });
  const catchAll = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{}'); });
  await Promise.all([hanging, catchAll].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  const url = (s: typeof hanging): string => `http://127.0.0.1:${(s.address() as AddressInfo).port}/v1`;
  try {
    const slow = new Backend(defaultBackend('slow', 'openai', url(hanging)));
    const started = Date.now();
    const outcome = await probeApis(slow, 200);
    assert.ok(Date.now() - started < 2_000, 'time-bounded');
    assert.deepEqual(outcome.learned, []);
    assert.ok(outcome.skipped);
    const any = new Backend(defaultBackend('any', 'openai', url(catchAll)));
    const lax = await probeApis(any, 1_000);
    assert.deepEqual(lax.learned, []);
    assert.match(String(lax.skipped), /unknown route answered HTTP 200/);
    slow.close();
    any.close();
  } finally {
    hanging.closeAllConnections();
    catchAll.closeAllConnections();
    await Promise.all([hanging, catchAll].map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
});

test("llama.cpp's 500 from inside a route handler counts as served, a bare 500 does not; a 2xx counts and is flagged", async () => {
  const server = createServer((req, res) => {
    if (req.url === '/v1/messages') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"code":500,"message":"[json.exception.type_error.302] type must be array, but is string","type":"server_error"}}');
    } else if (req.url === '/v1/responses') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error');
    } else if (req.url === '/v1/messages/count_tokens') {
      res.writeHead(200, { 'content-type': 'application/json' }); // a lax server: the route exists, worth a warning
      res.end('{"input_tokens":1}');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('File Not Found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const b = new Backend(defaultBackend('llama', 'openai', `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`));
    const outcome = await probeApis(b, 1_000);
    assert.deepEqual(outcome.learned, ['messages', 'count_tokens']);
    assert.deepEqual(outcome.accepted, ['messages/count_tokens']);
    b.close();
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
