/**
 * Same-dialect traffic goes through byte for byte (only a routed model name changes), with the
 * headers that change an API's behaviour forwarded and the client's credential never forwarded.
 * Also the pass-through-only APIs: count_tokens, completions (FIM), embeddings, models.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, requestLogs, nextRequestLog, logMark, type Harness } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';

describe('byte-faithful passthrough', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      backends: [{ type: 'anthropic' }, { flavor: 'vllm', apis: ['chat', 'completions', 'embeddings'] }],
      routes: (n) => [
        { match: ['claude-*'], targets: [{ backend: n[0]! }], fallbacks: [] },
        { match: ['coder'], targets: [{ backend: n[1]!, model: 'qwen2.5-coder-32b' }], fallbacks: [] },
        { match: ['*'], targets: [{ backend: n[1]! }], fallbacks: [] },
      ],
    });
  });
  after(() => h.close());

  test('Anthropic request: body bytes, query, anthropic-version and anthropic-beta arrive unchanged', async () => {
    // Odd spacing, key order and unicode escapes must survive: the backend's prefix cache and any
    // signature over the content depend on the exact bytes.
    const raw = '{"model":"claude-opus-5-5",  "max_tokens":64,\n "messages":[{"role":"user","content":"caf\\u00e9 \\"quoted\\""}],"metadata":{"user_id":"{\\"device_id\\":\\"d1\\"}"},"stream":false}';
    const beta = 'claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27';
    const r = await post(`${h.url}/v1/messages?beta=true`, raw, {
      'anthropic-version': '2026-10-21',
      'anthropic-beta': beta,
      'x-api-key': 'developer-key-must-not-leak',
    });
    assert.equal(r.status, 200);
    const got = h.fakes[0]!.lastRequest()!;
    assert.equal(got.body, raw);
    assert.equal(got.path, '/v1/messages?beta=true');
    assert.equal(got.headers['anthropic-version'], '2026-10-21');
    assert.equal(got.headers['anthropic-beta'], beta);
    assert.notEqual(got.apiKey, 'developer-key-must-not-leak');
    assert.equal(r.headers.get('request-id'), r.headers.get('x-request-id'));
  });

  test('routed model: only the model value is replaced', async () => {
    const raw = '{ "messages": [{"role": "user", "content": "model: coder"}], "model": "coder", "temperature": 0.2 }';
    const r = await post(`${h.url}/v1/chat/completions`, raw, { authorization: 'Bearer developer-key' });
    assert.equal(r.status, 200);
    const got = h.fakes[1]!.lastRequest()!;
    assert.equal(got.body, raw.replace('"model": "coder"', '"model": "qwen2.5-coder-32b"'));
    assert.equal(got.apiKey, undefined, 'the developer key is not forwarded');
  });

  test('routed model after multi-byte text: the splice lands on the right bytes', async () => {
    const raw = '{"messages":[{"role":"user","content":"日本語のテキスト 🚀 café"}],"model":"coder","stream":false}';
    const r = await post(`${h.url}/v1/chat/completions`, raw);
    assert.equal(r.status, 200);
    assert.equal(h.fakes[1]!.lastRequest()!.body, raw.replace('"model":"coder"', '"model":"qwen2.5-coder-32b"'));
  });

  test('streamed passthrough: the client receives the backend events unchanged', async () => {
    h.fakes[1]!.enqueue({ kind: 'text', text: 'abcdefghij', chunkSize: 2 });
    const r = await post(`${h.url}/v1/chat/completions`, { model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] });
    const deltas = r.events.filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data).choices[0]?.delta?.content ?? '');
    assert.equal(deltas.join(''), 'abcdefghij');
    assert.equal(r.events.at(-1)!.data, '[DONE]');
  });

  test('count_tokens: answered by an Anthropic backend that has it', async () => {
    const r = await post(`${h.url}/v1/messages/count_tokens`, { model: 'claude-x', messages: [{ role: 'user', content: 'hello there' }] });
    assert.equal(r.status, 200);
    assert.equal(typeof (r.json as { input_tokens: number }).input_tokens, 'number');
    assert.equal(r.headers.get('x-sekisho-token-count'), null);
    assert.equal(h.fakes[0]!.lastRequest()!.path, '/v1/messages/count_tokens');
  });

  test('count_tokens: estimated by the gateway for a backend without it, and marked so', async () => {
    const before = h.fakes[1]!.requests.length;
    const text = 'word '.repeat(400);
    const r = await post(`${h.url}/v1/messages/count_tokens`, { model: 'other', messages: [{ role: 'user', content: text }] });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-sekisho-token-count'), 'estimate');
    const n = (r.json as { input_tokens: number }).input_tokens;
    assert.ok(n >= 400 && n <= 800, `estimate ${n} is in a sane range for 2000 chars`);
    assert.equal(h.fakes[1]!.requests.length, before, 'backend not asked');
  });

  test('count_tokens: an Anthropic backend answering 404 falls back to the estimate', async () => {
    h.fakes[0]!.disable('/v1/messages/count_tokens');
    const r = await post(`${h.url}/v1/messages/count_tokens`, { model: 'claude-x', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-sekisho-token-count'), 'estimate');
  });

  test('legacy completions with a FIM suffix pass through, stream and not', async () => {
    const body = { model: 'm', prompt: 'def add(a, b):\n    ', suffix: '\n\nprint(add(1, 2))', max_tokens: 16 };
    const r = await post(`${h.url}/v1/completions`, body);
    assert.equal(r.status, 200);
    assert.equal((r.json as { object: string }).object, 'text_completion');
    assert.deepEqual(h.fakes[1]!.lastRequest()!.json, body);
    const s = await post(`${h.url}/v1/completions`, { ...body, stream: true });
    assert.equal(s.events.at(-1)!.data, '[DONE]');
  });

  test('embeddings pass through; an API the backend lacks is refused clearly', async () => {
    const r = await post(`${h.url}/v1/embeddings`, { model: 'm', input: ['a', 'b'] });
    assert.equal(r.status, 200);
    assert.equal((r.json as { data: unknown[] }).data.length, 2);
    const refused = await post(`${h.url}/v1/embeddings`, { model: 'claude-x', input: 'a' });
    assert.equal(refused.status, 400);
    assert.match((refused.json as { error: { message: string } }).error.message, /does not serve the embeddings API/);
  });

  test('models: one listing both SDK families accept', async () => {
    const res = await fetch(`${h.url}/v1/models`);
    const body = (await res.json()) as { object: string; data: Array<{ id: string; type: string }> };
    assert.equal(body.object, 'list');
    assert.ok(body.data.some((m) => m.id === 'coder' && m.type === 'model'));
    const one = await fetch(`${h.url}/v1/models/claude-anything`);
    assert.equal(one.status, 200);
    assert.equal(((await one.json()) as { id: string }).id, 'claude-anything');
  });

  test('the access log names backend, mode and usage, never content', async () => {
    const logCount = await logMark(h);
    await post(`${h.url}/v1/chat/completions`, { model: 'coder', messages: [{ role: 'user', content: 'SECRET-CONTENT-123' }] });
    const log = await nextRequestLog(h, logCount);
    assert.equal(log.backend, 'b1');
    assert.equal(log.servedModel, 'qwen2.5-coder-32b');
    assert.equal(log.mode, 'passthrough');
    assert.ok(!h.logs.join('\n').includes('SECRET-CONTENT-123'));
  });
});
