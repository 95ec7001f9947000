// Proves the fakes are faithful: the official SDKs, used directly as clients, accept everything they send.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_REPLY_TEXT, startFakeUpstream } from './fake-upstream.ts';
import type { FakeReply, FakeUpstream } from './fake-upstream.ts';

const JAPANESE = '東京の天気は晴れです。明日は雨が降るでしょう。';

function openaiClient(fake: FakeUpstream, extra: { timeout?: number } = {}): OpenAI {
  return new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseUrl, maxRetries: 0, ...extra });
}

function anthropicClient(fake: FakeUpstream): Anthropic {
  return new Anthropic({ apiKey: 'ak-test', baseURL: fake.url, maxRetries: 0 });
}

async function waitUntil(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('fake upstream driven by the openai SDK', () => {
  let fake: FakeUpstream;
  let client: OpenAI;
  before(async () => { fake = await startFakeUpstream(); client = openaiClient(fake); });
  after(() => fake.close());

  test('chat non-stream answers the requested model and records the request', async () => {
    const res = await client.chat.completions.create({ model: 'm-chat', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(res.model, 'm-chat');
    assert.equal(res.choices[0]?.message.content, DEFAULT_REPLY_TEXT);
    assert.ok((res.usage?.prompt_tokens ?? 0) > 0);
    const rec = fake.lastRequest();
    assert.equal(rec?.path, '/v1/chat/completions');
    assert.equal(rec?.apiKey, 'sk-test');
    assert.equal(rec?.aborted, false);
  });

  test('chat stream splits Japanese text into deltas and sends usage only when asked', async () => {
    fake.enqueue({ kind: 'text', text: JAPANESE, chunkSize: 3 }, { kind: 'text', text: JAPANESE });
    const chunks = [];
    const stream = await client.chat.completions.create({
      model: 'm', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'x' }],
    });
    for await (const c of stream) chunks.push(c);
    assert.equal(chunks[0]?.choices[0]?.delta.role, 'assistant');
    assert.equal(chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), JAPANESE);
    assert.ok(chunks.filter((c) => c.choices[0]?.delta.content).length >= JAPANESE.length / 3);
    assert.ok(chunks.at(-1)?.usage);
    const plain = await client.chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] });
    let sawUsage = false;
    for await (const c of plain) if (c.usage) sawUsage = true;
    assert.equal(sawUsage, false);
  });

  test('chat.completions.stream() helper assembles parallel tool calls', async () => {
    fake.enqueue({
      kind: 'tool-calls', text: 'Checking.', chunkSize: 4,
      calls: [{ id: 'call_a', name: 'read', arguments: { filePath: '/tmp/a.txt' } }, { name: 'bash', arguments: { command: 'ls -la' } }],
    });
    const final = await client.chat.completions
      .stream({ model: 'm', messages: [{ role: 'user', content: 'go' }], tools: [] })
      .finalChatCompletion();
    const choice = final.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    assert.equal(choice?.message.content, 'Checking.');
    const calls = (choice?.message.tool_calls ?? []).map((c) => (c.type === 'function' ? [c.id, c.function.name, JSON.parse(c.function.arguments)] : []));
    assert.equal(calls.length, 2);
    assert.deepEqual(calls[0], ['call_a', 'read', { filePath: '/tmp/a.txt' }]);
    assert.deepEqual(calls[1]?.slice(1), ['bash', { command: 'ls -la' }]);
  });

  test('responses non-stream and stream', async () => {
    const res = await client.responses.create({ model: 'm-resp', input: 'hi' });
    assert.equal(res.output_text, DEFAULT_REPLY_TEXT);
    assert.equal(res.model, 'm-resp');
    fake.enqueue({ kind: 'text', text: JAPANESE, chunkSize: 2 });
    const types: string[] = [];
    let text = '';
    const stream = await client.responses.create({ model: 'm', input: 'hi', stream: true });
    for await (const ev of stream) {
      types.push(ev.type);
      if (ev.type === 'response.output_text.delta') text += ev.delta;
    }
    assert.equal(text, JAPANESE);
    assert.deepEqual(types.slice(0, 4), ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    assert.equal(types.at(-1), 'response.completed');
  });

  test('responses.stream() helper with text and with a function call', async () => {
    const text = await client.responses.stream({ model: 'm', input: 'hi' }).finalResponse();
    assert.equal(text.output_text, DEFAULT_REPLY_TEXT);
    fake.enqueue({ kind: 'tool-calls', calls: [{ name: 'exec_command', arguments: { cmd: 'cat config.env' } }] });
    const fc = await client.responses
      .stream({ model: 'm', input: 'hi', tools: [{ type: 'function', name: 'exec_command', parameters: {}, strict: false }] })
      .finalResponse();
    const item = fc.output[0];
    assert.equal(item?.type, 'function_call');
    if (item?.type === 'function_call') assert.deepEqual(JSON.parse(item.arguments), { cmd: 'cat config.env' });
  });

  test('responses answers a custom tool (inside additional_tools) with custom_tool_call', async () => {
    fake.enqueue({ kind: 'tool-calls', calls: [{ name: 'exec', arguments: 'text("hi");' }] });
    const body = {
      model: 'm', stream: true,
      input: [{ type: 'additional_tools', role: 'developer', tools: [{ type: 'namespace', name: 'functions', tools: [{ type: 'custom', name: 'exec' }] }] }],
    };
    const res = await fetch(`${fake.baseUrl}/responses`, { method: 'POST', body: JSON.stringify(body) });
    const sse = await res.text();
    assert.match(sse, /event: response\.custom_tool_call_input\.delta/);
    assert.match(sse, /"type":"custom_tool_call","status":"completed","call_id":"[^"]+","name":"exec","input":"text\(\\"hi\\"\);"/);
  });

  test('responses.stream() helper accepts reasoning, text, a custom tool call and a function call together', async () => {
    fake.enqueue({
      kind: 'tool-calls', reasoning: 'Plan first.', text: 'Running.',
      calls: [{ name: 'exec', arguments: 'const r = 1;\ntext(r);' }, { name: 'other', arguments: { a: 1 } }],
    });
    const res = await client.responses.stream({
      model: 'm', input: 'x',
      tools: [{ type: 'custom', name: 'exec' }, { type: 'function', name: 'other', parameters: {}, strict: false }],
    }).finalResponse();
    assert.deepEqual(res.output.map((o) => o.type), ['reasoning', 'message', 'custom_tool_call', 'function_call']);
    const custom = res.output[2];
    assert.ok(custom?.type === 'custom_tool_call' && custom.input === 'const r = 1;\ntext(r);');
    assert.equal(res.output_text, 'Running.');
  });

  test('completions (FIM suffix), embeddings and models', async () => {
    fake.enqueue({ kind: 'text', text: 'return a + b;' });
    const cmp = await client.completions.create({ model: 'coder', prompt: 'function add(a, b) {', suffix: '}' });
    assert.equal(cmp.choices[0]?.text, 'return a + b;');
    assert.equal((fake.lastRequest()?.json as { suffix?: string }).suffix, '}');
    const streamed = await client.completions.create({ model: 'coder', prompt: 'x', stream: true });
    let joined = '';
    for await (const c of streamed) joined += c.choices[0]?.text ?? '';
    assert.equal(joined, DEFAULT_REPLY_TEXT);
    const emb = await client.embeddings.create({ model: 'embed', input: ['alpha', 'beta'] });
    assert.equal(emb.data.length, 2);
    assert.equal(emb.data[0]?.embedding.length, 8);
    const again = await client.embeddings.create({ model: 'embed', input: 'alpha', encoding_format: 'float' });
    assert.deepEqual(again.data[0]?.embedding, emb.data[0]?.embedding);
    const models = [];
    for await (const m of client.models.list()) models.push(m.id);
    assert.ok(models.includes('fake-model'));
  });
});

describe('fake upstream driven by the anthropic SDK', () => {
  let fake: FakeUpstream;
  let client: Anthropic;
  before(async () => { fake = await startFakeUpstream({ flavor: 'anthropic' }); client = anthropicClient(fake); });
  after(() => fake.close());

  test('messages.create non-stream and count_tokens', async () => {
    const msg = await client.messages.create({ model: 'claude-x', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(msg.model, 'claude-x');
    assert.deepEqual(msg.content.map((b) => b.type), ['text']);
    assert.equal(msg.stop_reason, 'end_turn');
    const count = await client.messages.countTokens({ model: 'claude-x', messages: [{ role: 'user', content: 'hello there' }] });
    assert.ok(count.input_tokens > 0);
  });

  test('messages.stream() with thinking, text and tool_use', async () => {
    fake.enqueue({ kind: 'tool-calls', reasoning: 'Need the file.', text: JAPANESE, calls: [{ name: 'Read', arguments: { file_path: '/tmp/x' } }] });
    const events: string[] = [];
    const stream = client.messages.stream({ model: 'claude-x', max_tokens: 100, messages: [{ role: 'user', content: 'go' }] });
    stream.on('streamEvent', (e) => events.push(e.type));
    const msg = await stream.finalMessage();
    assert.deepEqual(msg.content.map((b) => b.type), ['thinking', 'text', 'tool_use']);
    const tool = msg.content[2];
    assert.ok(tool?.type === 'tool_use');
    assert.deepEqual(tool.input, { file_path: '/tmp/x' });
    const text = msg.content[1];
    assert.ok(text?.type === 'text' && text.text === JAPANESE);
    assert.equal(msg.stop_reason, 'tool_use');
    assert.equal(events[0], 'message_start');
    assert.equal(events.at(-1), 'message_stop');
  });

  test('models list and other endpoints are 404 on the anthropic flavor', async () => {
    const page = await client.models.list();
    assert.ok(page.data.some((m) => m.id === 'claude-fake-5'));
    const res = await fetch(`${fake.baseUrl}/chat/completions`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { type: string } }).error.type, 'not_found_error');
  });

  test('in-stream error event surfaces as an APIError', async () => {
    fake.enqueue({ kind: 'stream-error', afterEvents: 4, error: { message: 'Overloaded' } });
    const stream = client.messages.stream({ model: 'c', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    await assert.rejects(stream.finalMessage(), (err: unknown) => err instanceof Anthropic.APIError && /Overloaded/.test(String(err)));
  });
});

describe('scripted failures', () => {
  let fake: FakeUpstream;
  before(async () => { fake = await startFakeUpstream({ flavor: 'vllm', requireKey: 'sk-good' }); });
  after(() => fake.close());

  test('requireKey answers 401 in the endpoint format', async () => {
    const bad = new OpenAI({ apiKey: 'sk-bad', baseURL: fake.baseUrl, maxRetries: 0 });
    await assert.rejects(bad.chat.completions.create({ model: 'm', messages: [] }), (e: unknown) => e instanceof OpenAI.AuthenticationError);
    const anth = await fetch(`${fake.baseUrl}/messages`, { method: 'POST', headers: { 'x-api-key': 'nope' }, body: '{}' });
    assert.equal(anth.status, 401);
    assert.equal(((await anth.json()) as { type: string }).type, 'error');
  });

  test('error reply becomes the SDK error class for its status', async () => {
    const client = new OpenAI({ apiKey: 'sk-good', baseURL: fake.baseUrl, maxRetries: 0 });
    fake.enqueue({ kind: 'error', status: 429 }, { kind: 'error', status: 503, body: { error: { message: 'custom' } }, headers: { 'retry-after': '1' } });
    await assert.rejects(client.chat.completions.create({ model: 'm', messages: [] }), (e: unknown) => e instanceof OpenAI.RateLimitError);
    await assert.rejects(client.responses.create({ model: 'm', input: 'x' }), (e: unknown) => e instanceof OpenAI.APIError && e.status === 503 && /custom/.test(e.message));
  });

  test('vllm flavor streams reasoning_content and the chat stream error is an APIError', async () => {
    fake.enqueue({ kind: 'text', text: 'ok', reasoning: 'thinking hard' });
    const res = await fetch(`${fake.baseUrl}/chat/completions`, {
      method: 'POST', headers: { authorization: 'Bearer sk-good' }, body: JSON.stringify({ model: 'm', stream: true, messages: [] }),
    });
    assert.match(await res.text(), /"reasoning_content":"think"/);
    const client = new OpenAI({ apiKey: 'sk-good', baseURL: fake.baseUrl, maxRetries: 0 });
    fake.enqueue({ kind: 'stream-error', afterEvents: 2, error: { message: 'engine died' } });
    const stream = await client.chat.completions.create({ model: 'm', stream: true, messages: [] });
    await assert.rejects(async () => { for await (const _ of stream) { /* drain */ } }, /engine died/);
  });

  test('break destroys the socket mid-stream; break-end ends without the terminal event', async () => {
    const client = new OpenAI({ apiKey: 'sk-good', baseURL: fake.baseUrl, maxRetries: 0 });
    fake.enqueue({ kind: 'break', afterEvents: 3 });
    const s1 = await client.chat.completions.create({ model: 'm', stream: true, messages: [] });
    await assert.rejects(async () => { for await (const _ of s1) { /* drain */ } });
    assert.equal(fake.lastRequest()?.aborted, false);
    fake.enqueue({ kind: 'break', afterEvents: 3, then: 'end' });
    const res = await fetch(`${fake.baseUrl}/chat/completions`, {
      method: 'POST', headers: { authorization: 'Bearer sk-good' }, body: JSON.stringify({ model: 'm', stream: true, messages: [] }),
    });
    const body = await res.text();
    assert.equal(body.split('\n\n').filter((f) => f.startsWith('data:')).length, 3);
    assert.doesNotMatch(body, /\[DONE\]/);
  });

  test('stall goes silent: a client timeout fires and the disconnect is recorded', async () => {
    const client = new OpenAI({ apiKey: 'sk-good', baseURL: fake.baseUrl, maxRetries: 0, timeout: 300 });
    fake.enqueue({ kind: 'stall', afterEvents: 2 });
    const started = Date.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 300);
    const stream = await client.chat.completions.create({ model: 'm', stream: true, messages: [] }, { signal: controller.signal });
    let chunks = 0;
    // The SDK ends iteration quietly (or throws) when its signal aborts; either way no finish chunk arrived.
    await (async () => { for await (const _ of stream) chunks++; })().catch(() => undefined);
    clearTimeout(timer);
    assert.equal(chunks, 2);
    assert.ok(Date.now() - started >= 250);
    const rec = fake.lastRequest();
    await waitUntil(() => rec?.aborted === true);
  });

  test('delay holds the first byte back', async () => {
    fake.enqueue({ kind: 'delay', ms: 150, then: { kind: 'text', text: 'late' } });
    const t0 = Date.now();
    const res = await fetch(`${fake.baseUrl}/completions`, {
      method: 'POST', headers: { authorization: 'Bearer sk-good' }, body: JSON.stringify({ model: 'm', prompt: 'p' }),
    });
    assert.ok(Date.now() - t0 >= 140);
    assert.equal(((await res.json()) as { choices: Array<{ text: string }> }).choices[0]?.text, 'late');
  });

  test('raw reply sends exact bytes; disable() answers 404', async () => {
    fake.enqueue({ kind: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: ['data: {"broken', '\n\n'] });
    const res = await fetch(`${fake.baseUrl}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-good' }, body: '{"stream":true}' });
    assert.equal(await res.text(), 'data: {"broken\n\n');
    fake.disable('/responses');
    const gone = await fetch(`${fake.baseUrl}/responses`, { method: 'POST', headers: { authorization: 'Bearer sk-good' }, body: '{}' });
    assert.equal(gone.status, 404);
    assert.deepEqual(await gone.json(), { detail: 'Not Found' });
  });

  test('close() ends a stalled stream', async () => {
    const other = await startFakeUpstream();
    other.enqueue({ kind: 'stall', afterEvents: 1 });
    const res = await fetch(`${other.baseUrl}/chat/completions`, { method: 'POST', body: '{"stream":true}' });
    const reading = res.text().then(() => 'ended', () => 'errored');
    await other.close();
    assert.ok(['ended', 'errored'].includes(await reading));
  });
});

describe('flavors', () => {
  test('ollama sends each tool call whole; llamacpp puts usage and timings on the finish chunk', async () => {
    const ollama = await startFakeUpstream({ flavor: 'ollama' });
    const llama = await startFakeUpstream({ flavor: 'llamacpp' });
    try {
      const reply: FakeReply = { kind: 'tool-calls', calls: [{ name: 'bash', arguments: { command: 'echo hello world' } }], chunkSize: 3 };
      ollama.enqueue(reply);
      llama.enqueue(reply);
      const body = JSON.stringify({ model: 'm', stream: true, stream_options: { include_usage: true }, messages: [] });
      const o = await (await fetch(`${ollama.baseUrl}/chat/completions`, { method: 'POST', body })).text();
      assert.equal(o.match(/"tool_calls":\[/g)?.length, 1);
      const l = await (await fetch(`${llama.baseUrl}/chat/completions`, { method: 'POST', body })).text();
      const finish = l.split('\n\n').find((f) => f.includes('"finish_reason":"tool_calls"')) ?? '';
      assert.match(finish, /"usage":/);
      assert.match(finish, /"timings":/);
      const client = openaiClient(llama);
      llama.enqueue(reply);
      const final = await client.chat.completions.stream({ model: 'm', messages: [] }).finalChatCompletion();
      assert.equal(final.choices[0]?.message.tool_calls?.length, 1);
    } finally {
      await ollama.close();
      await llama.close();
    }
  });

  test('multi-byte text is written split inside a UTF-8 character', async () => {
    const fake = await startFakeUpstream();
    try {
      fake.enqueue({ kind: 'text', text: JAPANESE, chunkSize: 4 });
      const res = await fetch(`${fake.baseUrl}/chat/completions`, { method: 'POST', body: '{"stream":true}' });
      const pieces: Uint8Array[] = [];
      for await (const chunk of res.body ?? []) pieces.push(chunk as Uint8Array);
      const decoder = new TextDecoder('utf-8', { fatal: true });
      const splitInside = pieces.some((p) => { try { decoder.decode(p); return false; } catch { return true; } });
      assert.ok(splitInside, 'expected at least one network chunk ending inside a character');
      assert.match(Buffer.concat(pieces).toString('utf8'), /東京/);
    } finally {
      await fake.close();
    }
  });
});
