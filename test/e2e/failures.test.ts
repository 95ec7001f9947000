/**
 * What clients see when things go wrong: bad input, unknown models, upstream failures before and after
 * the first byte, timeouts, and client disconnects. Errors must arrive in the client's own format.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startHarness, healthDetails, requestLogs, nextRequestLog, logMark, type Harness } from '../support/gateway-harness.ts';
import { post, eventually } from '../support/http.ts';

const anthropicBody = (extra: object = {}) => ({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], ...extra });
const chatBody = (extra: object = {}) => ({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...extra });
const responsesBody = (extra: object = {}) => ({ model: 'm', input: 'hi', ...extra });

describe('bad input is refused in the client format', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ bodyLimitBytes: 64 * 1024, routes: (n) => [{ match: ['m', 'known-*'], targets: [{ backend: n[0]! }], fallbacks: [] }] });
  });
  after(() => h.close());

  test('malformed JSON: Anthropic error object, 400', async () => {
    const r = await post(`${h.url}/v1/messages`, '{"model": "m", "messages": [', { 'anthropic-version': '2023-06-01' });
    assert.equal(r.status, 400);
    assert.deepEqual((r.json as { type: string }).type, 'error');
    assert.equal((r.json as { error: { type: string } }).error.type, 'invalid_request_error');
    assert.match((r.json as { error: { message: string } }).error.message, /not valid JSON/);
    assert.equal(h.fake.requests.length, 0, 'nothing reached the backend');
  });

  test('malformed JSON: OpenAI error object, 400, for chat and responses', async () => {
    for (const path of ['/v1/chat/completions', '/v1/responses']) {
      const r = await post(h.url + path, '{not json');
      assert.equal(r.status, 400);
      const err = (r.json as { error: { type: string; message: string } }).error;
      assert.equal(err.type, 'invalid_request_error');
      assert.match(err.message, /not valid JSON/);
    }
  });

  test('wrong shape names the offending field', async () => {
    const r = await post(`${h.url}/v1/messages`, { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 42 }] });
    assert.equal(r.status, 400);
    assert.match((r.json as { error: { message: string } }).error.message, /messages\[0\]\.content/);
  });

  test('oversized body: 413 before the backend is involved', async () => {
    const big = 'x'.repeat(100 * 1024);
    const r = await post(`${h.url}/v1/chat/completions`, chatBody({ messages: [{ role: 'user', content: big }] }));
    assert.equal(r.status, 413);
    assert.match((r.json as { error: { message: string } }).error.message, /exceeds the limit of 65536 bytes/);
    const a = await post(`${h.url}/v1/messages`, anthropicBody({ messages: [{ role: 'user', content: big }] }));
    assert.equal(a.status, 413);
    assert.equal((a.json as { error: { type: string } }).error.type, 'request_too_large');
  });

  test('gzip-compressed bodies are accepted; a zip bomb is measured after decompression', async () => {
    const { gzipSync } = await import('node:zlib');
    const ok = await post(`${h.url}/v1/chat/completions`, gzipSync(JSON.stringify(chatBody())), { 'content-encoding': 'gzip' });
    assert.equal(ok.status, 200);
    const bomb = gzipSync(JSON.stringify(chatBody({ pad: 'a'.repeat(1024 * 1024) })));
    assert.ok(bomb.length < 64 * 1024);
    const refused = await post(`${h.url}/v1/chat/completions`, bomb, { 'content-encoding': 'gzip' });
    assert.equal(refused.status, 413);
  });

  test('unknown model: 404 in each dialect, naming the model', async () => {
    const a = await post(`${h.url}/v1/messages`, anthropicBody({ model: 'nope' }));
    assert.equal(a.status, 404);
    assert.equal((a.json as { error: { type: string } }).error.type, 'not_found_error');
    assert.match((a.json as { error: { message: string } }).error.message, /"nope"/);
    const c = await post(`${h.url}/v1/chat/completions`, chatBody({ model: 'nope' }));
    assert.equal(c.status, 404);
    assert.match((c.json as { error: { message: string } }).error.message, /"nope"/);
  });

  test('unknown path and wrong method', async () => {
    const r = await post(`${h.url}/v1/nothing-here`, {});
    assert.equal(r.status, 404);
    const g = await fetch(`${h.url}/v1/chat/completions`);
    assert.equal(g.status, 405);
  });

  test('every answer carries a request id and the gateway overhead', async () => {
    for (const r of [await post(`${h.url}/v1/chat/completions`, chatBody()), await post(`${h.url}/v1/chat/completions`, '{')]) {
      assert.match(r.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{24}$/);
      assert.ok(Number(r.headers.get('x-sekisho-overhead-ms')) >= 0);
    }
  });
});

describe('upstream failures', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ backends: [{ flavor: 'openai', apis: ['chat', 'responses', 'messages'], timeouts: { idleMs: 300 } }] });
  });
  after(() => h.close());

  const cases = [
    { name: 'Anthropic passthrough', path: '/v1/messages', body: anthropicBody({ stream: true }), lastEvent: 'error' },
    { name: 'Responses passthrough', path: '/v1/responses', body: responsesBody({ stream: true }), lastEvent: 'error' },
    { name: 'Chat passthrough', path: '/v1/chat/completions', body: chatBody({ stream: true }), lastEvent: undefined },
  ];

  for (const c of cases) {
    test(`${c.name}: a stream broken mid-way ends with the dialect's error event, no half event`, async () => {
      h.fake.enqueue({ kind: 'break', afterEvents: 3 });
      const r = await post(h.url + c.path, c.body);
      assert.equal(r.status, 200);
      const last = r.events.at(-1)!;
      assert.equal(last.event, c.lastEvent);
      assert.match(last.data, /ended early|connection closed/);
      for (const e of r.events) assert.doesNotThrow(() => JSON.parse(e.data), `every event is whole JSON: ${e.data}`);
    });

    test(`${c.name}: a stalled stream hits the idle timeout`, async () => {
      h.fake.enqueue({ kind: 'stall', afterEvents: 2 });
      const r = await post(h.url + c.path, c.body);
      assert.match(r.events.at(-1)!.data, /idle/);
    });
  }

  test('translation: a broken chat backend stream reaches an Anthropic client as an error event', async () => {
    const h2 = await startHarness({ backends: [{ flavor: 'vllm' }] });
    try {
      h2.fake.enqueue({ kind: 'break', afterEvents: 3 });
      const r = await post(`${h2.url}/v1/messages`, anthropicBody({ stream: true }));
      assert.equal(r.events.at(-1)!.event, 'error');
      assert.ok(!r.events.some((e) => e.event === 'message_stop'), 'never looks complete');
    } finally {
      await h2.close();
    }
  });

  test('backend 400 on passthrough: the backend’s own error body reaches the client unchanged', async () => {
    const body = { error: { message: 'context too long', type: 'invalid_request_error', param: null, code: 'context_length_exceeded' } };
    h.fake.enqueue({ kind: 'error', status: 400, body });
    const r = await post(`${h.url}/v1/chat/completions`, chatBody());
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, body);
  });

  test('client disconnect aborts the upstream request', async () => {
    h.fake.enqueue({ kind: 'stall', afterEvents: 1 });
    const before = h.fake.requests.length;
    await new Promise<void>((resolve, reject) => {
      const req = request(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => {});
      req.on('close', () => resolve());
      req.end(JSON.stringify(chatBody({ stream: true })));
      setTimeout(() => reject(new Error('no first chunk')), 2000).unref();
    });
    await eventually(() => h.fake.requests.length > before && h.fake.requests.at(-1)!.aborted === true);
    await eventually(() => requestLogs(h).some((l) => l.status === 499));
  });
});

describe('retries and fallbacks before the first byte', () => {
  test('a replica answering 503 is retried on the other replica', async () => {
    const h = await startHarness({ backends: [{}, {}] });
    try {
      for (const f of h.fakes) f.enqueue({ kind: 'error', status: 503 });
      // One replica fails, the other (whichever the balancer tries second) answers.
      h.fakes[0]!.setDefault({ kind: 'text', text: 'from zero' });
      h.fakes[1]!.setDefault({ kind: 'text', text: 'from one' });
      const r = await post(`${h.url}/v1/chat/completions`, chatBody());
      // Both queued 503s may be consumed only if both were tried: the retry budget is 2 attempts.
      assert.equal(r.status, 502);
      const again = await post(`${h.url}/v1/chat/completions`, chatBody());
      assert.equal(again.status, 200);
      assert.match((again.json as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content, /from (zero|one)/);
    } finally {
      await h.close();
    }
  });

  test('first-byte timeout moves on to the fallback; the answer comes from it', async () => {
    const h = await startHarness({
      backends: [{ timeouts: { firstByteMs: 200 } }, {}],
      routes: (n) => [{ match: ['*'], targets: [{ backend: n[0]! }], fallbacks: [{ backend: n[1]!, model: 'small' }] }],
    });
    try {
      h.fakes[0]!.enqueue({ kind: 'delay', ms: 2000, then: { kind: 'text', text: 'too late' } });
      h.fakes[1]!.enqueue({ kind: 'text', text: 'from fallback' });
      const logCount = await logMark(h);
      const r = await post(`${h.url}/v1/chat/completions`, chatBody());
      assert.equal(r.status, 200);
      assert.equal((r.json as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content, 'from fallback');
      assert.equal((h.fakes[1]!.lastRequest()!.json as { model: string }).model, 'small', 'fallback model name is used');
      const log = await nextRequestLog(h, logCount);
      assert.equal(log.backend, 'b1');
      assert.equal(log.attempts, 2);
    } finally {
      await h.close();
    }
  });

  test('connection refused counts as a failure and ejects the replica after repeated failures', async () => {
    const h = await startHarness({ backends: [{ health: { failuresToEject: 1 } }, {}] });
    try {
      await h.fakes[0]!.close(); // b0 now refuses connections
      for (let i = 0; i < 4; i++) {
        const r = await post(`${h.url}/v1/chat/completions`, chatBody());
        assert.equal(r.status, 200);
      }
      const health = await healthDetails<{ backends: Array<{ name: string; healthy: boolean }> }>(h.url);
      assert.deepEqual(health.backends.map((b) => [b.name, b.healthy]), [['b0', false], ['b1', true]]);
    } finally {
      await h.close();
    }
  });

  test('no backend reachable: 502 in the client format, after the configured attempts', async () => {
    const h = await startHarness({ backends: [{}] });
    await h.fake.close();
    try {
      const r = await post(`${h.url}/v1/messages`, anthropicBody());
      assert.equal(r.status, 502);
      assert.equal((r.json as { type: string }).type, 'error');
      assert.match((r.json as { error: { message: string } }).error.message, /Could not reach the model backend/);
    } finally {
      await h.close();
    }
  });
});
