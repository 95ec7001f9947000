/**
 * Red team, decision side: routing never lets a request policy keeps internal reach an external
 * backend — not when the internal backend fails (retry, fallback), not by a model-name trick — and no
 * path or method other than the model APIs reaches any backend at all (nothing is forwarded uninspected).
 * Real HTTP on loopback, fake backends.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { patternDetector } from '../support/pattern-detector.ts';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import type { PolicyDocument } from '../../src/policy/types.ts';

const EMAIL = 'hanako.yamada@example.co.jp';
const POLICY: PolicyDocument = {
  default: 'allow',
  monitor: false,
  internalModel: 'local-coder',
  rules: [{ name: 'keep-pii-internal', action: 'route-internal', monitor: false, when: { findings: [{ type: ['pii'], minCount: 1 }] } }],
};

async function post(h: Harness, path: string, body: unknown, init: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; decision: string | null; text: string }> {
  const res = await fetch(h.url + path, {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer client-key', 'anthropic-version': '2023-06-01', ...init.headers },
    ...(init.method === 'GET' || init.method === 'HEAD' ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, decision: res.headers.get('x-sekisho-decision'), text: await res.text() };
}

/** A websocket upgrade (fetch refuses to send one): the status, or 0 when the gateway closed the socket. */
function websocketUpgrade(h: Harness, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(h.url + path, { headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', authorization: 'Bearer client-key' } });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve(101);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

describe('routing under route-internal', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      inspection: 'report',
      detectors: [patternDetector('email', 'pii', 'pii-email', /[a-z.]+@example\.co\.jp/g)],
      backends: [
        { name: 'inside', flavor: 'vllm', zone: 'internal', apis: ['chat', 'responses', 'messages'] },
        { name: 'outside', flavor: 'vllm', zone: 'external', apis: ['chat', 'responses', 'messages', 'completions', 'embeddings', 'count_tokens'] },
      ],
      // The internal model's route falls back to the external backend (a common "availability" setup).
      routes: () => [
        { match: ['local-coder'], targets: [{ backend: 'inside' }], fallbacks: [{ backend: 'outside' }] },
        { match: ['*'], targets: [{ backend: 'outside' }], fallbacks: [] },
      ],
      retryAttempts: 2,
      policy: { document: POLICY },
    });
  });
  after(() => h.close());

  test('the internal backend failing never sends a kept-internal request to the external fallback', async () => {
    const before = h.fakes[1]!.requests.length;
    for (const reply of [{ kind: 'error' as const, status: 503 }, { kind: 'error' as const, status: 500 }, { kind: 'break' as const, afterEvents: 0 }]) {
      h.fakes[0]!.enqueue(reply as never, reply as never, reply as never);
      for (const model of ['local-coder', 'claude-sonnet-4-5']) {
        const r = await post(h, '/v1/chat/completions', { model, messages: [{ role: 'user', content: `Mail ${EMAIL} the invoice` }] });
        assert.ok(r.status >= 400 || r.decision?.startsWith('route-internal'), `${model}: ${r.status} ${r.decision}`);
      }
    }
    assert.equal(h.fakes[1]!.requests.length - before, 0, 'nothing reached the external backend');
  });

  test('model-name tricks: a kept-internal request goes internal or nowhere', async () => {
    const before = h.fakes[1]!.requests.length;
    for (const model of ['LOCAL-CODER', ' local-coder', 'local-coder ', 'openai/local-coder', 'local%2Dcoder', 'local-coder\u200b', '../local-coder', 'Claude-Sonnet-4-5', '']) {
      const r = await post(h, '/v1/chat/completions', { model, messages: [{ role: 'user', content: `Mail ${EMAIL} the invoice` }] });
      assert.ok(r.status >= 400 || r.decision?.startsWith('route-internal'), `${JSON.stringify(model)}: ${r.status} ${r.decision}`);
    }
    assert.equal(h.fakes[1]!.requests.length - before, 0, 'nothing reached the external backend');
  });

  test('no other path or method reaches a backend (nothing is forwarded uninspected)', async () => {
    const counts = (): number => h.fakes.reduce((n, f) => n + f.requests.length, 0);
    const before = counts();
    const paths = [
      '/v1/files', '/v1/batches', '/v1/uploads', '/v1/responses/resp_1', '/v1/responses/resp_1/input_items', '/v1/responses/compact',
      '/v1/messages/batches', '/v1/models/local-coder', '/api/chat', '/api/generate', '/v1/audio/transcriptions', '/v1/moderations',
      '/v1/../v1/files', '/v1//files', '/v1/messages.', '/v1/messages%2Fcount_tokens', '/v1%2Fmessages', '/%2e%2e/admin/keys', '/v1/chat/completions/..%2f..%2fadmin',
      '/V1/MESSAGES', '/v1/messages;x=1', '/v1/messages/count_tokens/extra',
    ];
    const body = { model: 'claude-sonnet-4-5', input: `Mail ${EMAIL}`, messages: [{ role: 'user', content: `Mail ${EMAIL}` }] };
    for (const path of paths) {
      for (const method of ['POST', 'GET', 'PUT', 'DELETE', 'PATCH']) {
        const r = await post(h, path, body, { method });
        // GET /v1/models/<id> is answered by the gateway itself.
        assert.ok(r.status >= 400 || (method === 'GET' && path.startsWith('/v1/models/')), `${method} ${path}: ${r.status}`);
      }
    }
    for (const path of ['/v1/messages', '/v1/chat/completions', '/v1/responses', '/v1/embeddings', '/v1/completions', '/v1/messages/count_tokens']) {
      for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) {
        const r = await post(h, path, body, { method });
        assert.ok(r.status >= 400, `${method} ${path}: ${r.status}`);
      }
      const upgrade = await websocketUpgrade(h, path);
      assert.ok(upgrade !== 101, `websocket ${path}: ${upgrade}`);
    }
    assert.equal(counts() - before, 0, 'no backend received anything');
  });
});
