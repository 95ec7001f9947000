/**
 * Rate limits and token budgets end to end: requests per minute answered with 429 and `retry-after` in
 * each client protocol (through the official SDKs), a daily token budget used up by the usage the
 * backend reports, and team-scoped counters shared by the team's members.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startHarness, logMark, nextRequestLog, type Harness } from '../support/gateway-harness.ts';
import { KeyStore } from '../../src/identity/key-store.ts';

type ApiError = InstanceType<typeof Anthropic.APIError> | InstanceType<typeof OpenAI.APIError>;

const anthropic = (h: Harness, apiKey: string) => new Anthropic({ baseURL: h.url, apiKey, maxRetries: 0 });
const openai = (h: Harness, apiKey: string) => new OpenAI({ baseURL: `${h.url}/v1`, apiKey, maxRetries: 0 });
const ask = (h: Harness, key: string) => anthropic(h, key).messages.create({ model: 'm', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
const chat = (h: Harness, key: string, stream = false) =>
  stream
    ? openai(h, key).chat.completions.stream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).finalChatCompletion()
    : openai(h, key).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
const respond = (h: Harness, key: string) => openai(h, key).responses.create({ model: 'm', input: 'hi' });

async function rateLimited(call: Promise<unknown>, message: RegExp): Promise<{ retryAfter: number; error: ApiError }> {
  let caught: unknown;
  try {
    await call;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof Anthropic.RateLimitError || caught instanceof OpenAI.RateLimitError, `expected a RateLimitError, got ${String(caught)}`);
  assert.equal(caught.status, 429);
  assert.match(caught.message, message);
  const header = caught.headers instanceof Headers ? caught.headers.get('retry-after') : (caught.headers as Record<string, string> | undefined)?.['retry-after'];
  const retryAfter = Number(header);
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `retry-after ${header}`);
  return { retryAfter, error: caught };
}

describe('requests per minute', () => {
  let h: Harness;
  let keys: KeyStore;
  before(async () => {
    h = await startHarness({
      configure: (c) => {
        c.auth = { anonymous: false, adminGroups: [] };
        c.limits = [{ name: 'per-key', match: {}, scope: 'key', requestsPerMinute: 2 }];
      },
    });
    keys = new KeyStore(h.gateway.runtime.store.keys);
  });
  after(() => h.close());

  test('Anthropic Messages: the third request in a minute is a 429 rate_limit_error with retry-after', async () => {
    const { key, record } = await keys.create({ user: 'a' });
    await ask(h, key);
    await ask(h, key);
    const before = h.fake.requests.length;
    const mark = await logMark(h);
    const { error, retryAfter } = await rateLimited(ask(h, key), /Rate limit \\?"per-key\\?" reached: 2 requests per minute/);
    assert.equal((error.error as { error: { type: string } }).error.type, 'rate_limit_error');
    assert.ok(retryAfter <= 120);
    assert.equal(h.fake.requests.length, before, 'the refused request went nowhere');
    const line = await nextRequestLog(h, mark);
    assert.equal(line.status, 429);
    assert.equal(line.error, 'SEKISHO_ERR_RATE_LIMITED');
    assert.equal(line.principal, `key:${record.id}`);
  });

  test('OpenAI Chat (stream and not) and Responses: 429 with retry-after and the Sekisho code', async () => {
    const { key } = await keys.create({ user: 'b' });
    await chat(h, key);
    await chat(h, key, true);
    const c = await rateLimited(chat(h, key, true), /2 requests per minute for key:/);
    assert.equal((c.error as InstanceType<typeof OpenAI.APIError>).code, 'SEKISHO_ERR_RATE_LIMITED');
    const { key: other } = await keys.create({ user: 'c' });
    await respond(h, other);
    await respond(h, other);
    const r = await rateLimited(respond(h, other), /Rate limit/);
    assert.equal((r.error as InstanceType<typeof OpenAI.APIError>).type, 'rate_limit_error');
  });
});

describe('tokens per day', () => {
  let h: Harness;
  let keys: KeyStore;
  before(async () => {
    h = await startHarness({
      configure: (c) => {
        c.auth = { anonymous: false, adminGroups: [] };
        c.limits = [{ name: 'daily', match: { groups: ['interns'] }, scope: 'user', tokensPerDay: 1_000 }];
      },
    });
    keys = new KeyStore(h.gateway.runtime.store.keys);
  });
  after(() => h.close());

  test('a request whose reported usage reaches the budget exhausts it until the next UTC day', async () => {
    const { key } = await keys.create({ user: 'intern@example.com', groups: ['interns'] });
    h.fake.enqueue({ kind: 'text', text: 'a long answer', usage: { input: 700, output: 400 } });
    const mark = await logMark(h);
    await ask(h, key);
    const line = await nextRequestLog(h, mark);
    assert.equal(line.inputTokens, 700);
    const { retryAfter } = await rateLimited(chat(h, key), /Token budget \\?"daily\\?" used up: 1000 tokens per day \(UTC\) for user:intern@example.com/);
    const secondsToMidnight = Math.ceil((Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000 - Date.now()) / 1000);
    assert.ok(Math.abs(retryAfter - secondsToMidnight) <= 2, `${retryAfter} vs ${secondsToMidnight}`);
    // The same user with another key shares the user-scoped budget; someone outside the rule does not.
    const { key: second } = await keys.create({ user: 'intern@example.com', groups: ['interns'] });
    await rateLimited(respond(h, second), /Token budget/);
    const { key: staff } = await keys.create({ user: 'staff@example.com', groups: ['dev'] });
    await ask(h, staff);
  });

  test('usage of a streamed Chat answer counts even when the client did not ask for it', async () => {
    const { key } = await keys.create({ user: 'streamer', groups: ['interns'] });
    h.fake.enqueue({ kind: 'text', text: 'streamed', usage: { input: 900, output: 200 } });
    const completion = await chat(h, key, true);
    assert.equal(completion.usage ?? undefined, undefined, 'the client did not ask for usage and does not get it');
    const sent = JSON.parse(h.fake.lastRequest()!.body) as { stream_options?: { include_usage?: boolean } };
    assert.equal(sent.stream_options?.include_usage, true, 'the gateway asked the backend for usage');
    await rateLimited(chat(h, key), /Token budget/);
    // A client that asked for usage still gets its usage chunk.
    const { key: asker } = await keys.create({ user: 'asker', groups: ['interns'] });
    h.fake.enqueue({ kind: 'text', text: 'streamed', usage: { input: 5, output: 2 } });
    const asked = await openai(h, asker).chat.completions.stream({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream_options: { include_usage: true } }).finalChatCompletion();
    assert.equal(asked.usage?.prompt_tokens, 5);
  });
});

describe('team scope', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      configure: (c) => {
        c.auth = { anonymous: false, adminGroups: [] };
        c.limits = [{ name: 'team-rpm', match: {}, scope: 'team', requestsPerMinute: 3 }];
      },
    });
  });
  after(() => h.close());

  test('two users of one team share a counter; another team has its own', async () => {
    const keys = new KeyStore(h.gateway.runtime.store.keys);
    const alice = (await keys.create({ user: 'alice', team: 'payments' })).key;
    const bob = (await keys.create({ user: 'bob', team: 'payments' })).key;
    const carol = (await keys.create({ user: 'carol', team: 'search' })).key;
    await ask(h, alice);
    await chat(h, bob);
    await respond(h, alice);
    await rateLimited(chat(h, bob), /team:payments/);
    await rateLimited(ask(h, alice), /team:payments/);
    await ask(h, carol);
  });
});
