/**
 * Two gateway instances sharing one Redis (redis.url), each with its own data directory and policy file:
 * a conversation redacted on one is restored on the other (the vault is in Redis, sealed: no value and no
 * session id in Redis); a policy reload asked of one reaches the other within moments (Redis pub/sub); a
 * change whose message was missed is caught by the periodic re-check; `/healthz` lists the instances and
 * names the ones whose policy differs. A vault that cannot store refuses with 503 in the client's format;
 * one that cannot be read leaves the placeholders. Skipped with the reason when Redis is unreachable
 * (failing under CI).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { createClient } from '@redis/client';
import { healthDetails, OPERATOR_HEADERS, startHarness, type Harness, type HarnessOptions } from '../support/gateway-harness.ts';
import { patternDetector } from '../support/pattern-detector.ts';
import { makePlaceholder } from '../../src/redaction/placeholder.ts';
import { VaultStore, sharedVaultKey } from '../../src/redaction/vault.ts';
import { RedisConnection } from '../../src/store/redis/client.ts';
import { RedisVault } from '../../src/store/redis/vault.ts';
import type { VaultPort } from '../../src/store/ports.ts';
import type { Config } from '../../src/config/types.ts';
import { closedPort, deletePrefix, redisUnavailable, TEST_REDIS_URL, testPrefix } from '../store/redis-test.ts';

const bin = new URL('../../bin/sekisho.js', import.meta.url).pathname;
const skip = (await redisUnavailable()) ?? false;
if (skip) process.stderr.write(`# ${skip}\n`);
const prefix = testPrefix();
const SHARED_KEY = randomBytes(32);
const SECRET = 'AKIAIOSFODNN7EXAMPLE';
const SESSION = `fan-out-${randomBytes(4).toString('hex')}`;
const akia = patternDetector('test-aws', 'secret', 'aws', /AKIA[0-9A-Z]{16}/g);
const harnesses: Harness[] = [];
let dir: string;

async function start(options: HarnessOptions): Promise<Harness> {
  const h = await startHarness({ secretKey: SHARED_KEY, inspection: 'redact', detectors: [akia], ...options });
  harnesses.push(h);
  return h;
}

const shared =
  (recheckIntervalMs = 30_000) =>
  (c: Config): void => {
    c.redis = { ...c.redis, url: TEST_REDIS_URL, keyPrefix: prefix, connectTimeoutMs: 1_000, commandTimeoutMs: 1_000 };
    c.store = { ...c.store, recheckIntervalMs };
  };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-fan-out-'));
});

after(async () => {
  for (const h of harnesses) await h.close();
  await rm(dir, { recursive: true, force: true });
  if (!skip) await deletePrefix(prefix);
});

async function redisKeys(): Promise<Map<string, string>> {
  const client = createClient({ url: TEST_REDIS_URL });
  await client.connect();
  try {
    const out = new Map<string, string>();
    for await (const keys of client.scanIterator({ MATCH: `${prefix}vault:*`, COUNT: 500 })) {
      for (const key of keys) out.set(key, JSON.stringify(await client.hGetAll(key)));
    }
    return out;
  } finally {
    client.destroy();
  }
}

async function until(what: string, check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sessionHeaders = { 'x-session-id': SESSION };
const placeholder = makePlaceholder('aws', SECRET, `anonymous:h:x-session-id:${SESSION}`, SHARED_KEY);

test('redacted on one instance, restored on the other: the vault is in Redis, sealed', { skip }, async () => {
  const a = await start({ configure: shared() });
  const b = await start({ configure: shared() });
  const c = await start({}); // no Redis: its own memory vault
  const client = (h: Harness): OpenAI => new OpenAI({ baseURL: `${h.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: sessionHeaders });

  a.fake.enqueue({ kind: 'text', text: 'Noted.' });
  await client(a).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `My key is ${SECRET}, keep it safe` }] });
  assert.ok(a.fake.lastRequest()!.body.includes(placeholder), 'the backend saw the placeholder');
  assert.ok(!a.fake.lastRequest()!.body.includes(SECRET));

  // The next turn goes to the other instance; its backend answers with the placeholder.
  b.fake.enqueue({ kind: 'text', text: `Your key was ${placeholder}.`, chunkSize: 3 });
  const stream = await client(b).chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content: 'What was my key?' }] });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  assert.equal(text, `Your key was ${SECRET}.`, 'restored on the instance that did not redact');

  // An instance without the shared vault cannot restore it (what the shared vault fixes): the placeholder stays.
  c.fake.enqueue({ kind: 'text', text: `Your key was ${placeholder}.` });
  const alone = await client(c).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'What was my key?' }] });
  assert.equal(alone.choices[0]!.message.content, `Your key was ${placeholder}.`);

  // What Redis holds: one hash named by an HMAC, values sealed — neither the value nor the session id.
  const stored = await redisKeys();
  assert.equal(stored.size, 1);
  const [key, value] = [...stored][0]!;
  assert.match(key, new RegExp(`^${prefix}vault:[0-9a-f]{40}$`));
  assert.ok(value.includes(placeholder), 'fields are placeholders');
  for (const text of [key, value]) {
    assert.equal(text.includes(SECRET), false, 'no value in the clear');
    assert.equal(text.includes(SESSION), false, 'no session id');
    assert.equal(text.includes(Buffer.from(SECRET).toString('base64').slice(0, 16)), false);
  }
});

test('the vault cannot store (Redis unreachable): refused with 503 SEKISHO_ERR_STATE_UNAVAILABLE in the client\'s format, nothing forwarded', async () => {
  const port = await closedPort();
  const redis = await RedisConnection.open({ url: `redis://127.0.0.1:${port}`, connectTimeoutMs: 200, commandTimeoutMs: 500 });
  try {
    const h = await start({ backends: [{}, { name: 'anthropic', type: 'anthropic' }], routes: (names) => [{ match: ['claude-*'], targets: [{ backend: names[1]! }], fallbacks: [] }, { match: ['*'], targets: [{ backend: names[0]! }], fallbacks: [] }] });
    h.gateway.runtime.vaults = new VaultStore({ port: new RedisVault(redis), key: sharedVaultKey(SHARED_KEY) });
    const openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const err = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `key ${SECRET}` }] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof OpenAI.APIError, String(err));
    assert.equal(err.status, 503);
    assert.equal((err.error as { code?: string }).code, 'SEKISHO_ERR_STATE_UNAVAILABLE');
    assert.match(err.message, /redaction vault.*fail closed/);
    const anthropic = new Anthropic({ baseURL: h.url, apiKey: 'unused', maxRetries: 0 });
    const aerr = await anthropic.messages.create({ model: 'claude-x', max_tokens: 10, messages: [{ role: 'user', content: `key ${SECRET}` }] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(aerr instanceof Anthropic.APIError, String(aerr));
    assert.equal(aerr.status, 503);
    assert.equal((aerr.error as { error?: { type?: string } }).error?.type, 'overloaded_error');
    assert.equal(h.fakes.reduce((n, f) => n + f.requests.length, 0), 0, 'nothing reached a backend: neither the value nor an unrestorable placeholder');
  } finally {
    await redis.close();
  }
});

test('the vault cannot be read: the answer keeps its placeholders (never the value of another conversation, never an error)', async () => {
  const h = await start({});
  const memory = h.gateway.runtime.vaults;
  const failing: VaultPort = {
    put: async () => true,
    read: async () => {
      throw new Error('vault store down');
    },
  };
  h.gateway.runtime.vaults = new VaultStore({ port: failing });
  h.fake.enqueue({ kind: 'text', text: `Your key was ${placeholder}.` });
  const openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: sessionHeaders });
  const answer = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `key ${SECRET}` }] });
  assert.equal(answer.choices[0]!.message.content, `Your key was ${placeholder}.`);
  assert.ok(!h.fake.lastRequest()!.body.includes(SECRET), 'still redacted');
  assert.ok(h.logs.some((l) => l.includes('redaction vault unreachable')));
  h.gateway.runtime.vaults = memory;
});

test('policy reload asked of one instance reaches the other (pub/sub); /healthz lists both and names the one whose policy differs', { skip }, async () => {
  const fileA = join(dir, 'a.yaml');
  const fileB = join(dir, 'b.yaml');
  const v1 = 'rules:\n  - { name: block-aws, action: block, when: { findings: { type: secret } } }\n';
  await writeFile(fileA, v1);
  await writeFile(fileB, v1);
  const a = await start({ policy: { file: fileA, reloadIntervalMs: 3_600_000 }, configure: shared() });
  const b = await start({ policy: { file: fileB, reloadIntervalMs: 3_600_000 }, configure: shared() });
  const adminKey = (await a.gateway.runtime.keys.create({ user: 'ops@example.com', admin: true })).key;
  // B's file watch is off (a host where notifications do not arrive): only the fan-out can reload it.
  b.gateway.runtime.policy.source.stop();
  a.gateway.runtime.policy.source.stop();
  const hash = (h: Harness): string => h.gateway.runtime.policy.source.current.hash;
  const before = hash(b);
  assert.equal(hash(a), before);
  const v2 = 'rules:\n  - { name: block-aws, action: block, when: { findings: { type: secret } } }\n  - { name: noop, action: allow, when: { users: nobody } }\n';
  await writeFile(fileB, v2);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(hash(b), before, 'not reloaded on its own');

  const reload = await fetch(`${a.url}/admin/v1/policy/reload`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}` } });
  const body = (await reload.json()) as { changed: boolean; fanOut?: { epoch: number } };
  assert.equal(reload.status, 200);
  assert.equal(body.changed, false, "A's own file did not change");
  assert.ok((body.fanOut?.epoch ?? 0) >= 1);
  await until('B reloads its policy file', async () => hash(b) !== before);
  assert.equal(b.gateway.runtime.policy.source.current.document.rules.length, 2);

  // Both instances listed (live, from Redis); A sees that B's policy differs from its own.
  await until('A lists B with its new hash', async () => {
    const health = await healthDetails<{ fanOut: { instances: Array<{ instance: string; policyHash: string }>; policyDivergent: string[] } }>(a.url);
    const bId = b.gateway.runtime.fanOut!.instance;
    return health.fanOut.instances.some((i) => i.instance === bId && i.policyHash === hash(b)) && health.fanOut.policyDivergent.includes(bId);
  });
  const healthB = await healthDetails<{ fanOut: { ok: boolean; instance: string; policyDivergent: string[] } }>(b.url);
  assert.equal(healthB.fanOut.ok, true);
  assert.ok(healthB.fanOut.policyDivergent.includes(a.gateway.runtime.fanOut!.instance));
  // The unauthenticated probe gets no details.
  assert.equal(((await (await fetch(`${a.url}/healthz`)).json()) as { fanOut?: unknown }).fanOut, undefined);
  assert.equal((await fetch(`${a.url}/healthz`, { headers: OPERATOR_HEADERS })).status, 200);
});

test('a missed message: the periodic re-check compares the epochs and reloads', { skip }, async () => {
  const file = join(dir, 'c.yaml');
  await writeFile(file, 'rules: []\n');
  const h = await start({ policy: { file, reloadIntervalMs: 3_600_000 }, configure: shared(200) });
  h.gateway.runtime.policy.source.stop();
  const before = h.gateway.runtime.policy.source.current.hash;
  await writeFile(file, 'rules:\n  - { name: noop, action: allow, when: { users: nobody } }\n');
  // The epoch moves in Redis with no message published (as if the subscriber had been disconnected).
  const client = createClient({ url: TEST_REDIS_URL });
  await client.connect();
  try {
    await client.hIncrBy(`${prefix}epochs`, 'policy', 1);
  } finally {
    client.destroy();
  }
  await until('the re-check reloads', async () => h.gateway.runtime.policy.source.current.hash !== before, 5_000);
  assert.ok(h.logs.some((l) => l.includes('change caught by the periodic re-check')));
});

test('sekisho policy reload tells every instance (Redis); without shared state it says there is nothing to tell', { skip }, async () => {
  const file = join(dir, 'd.yaml');
  await writeFile(file, 'rules: []\n');
  const h = await start({ policy: { file, reloadIntervalMs: 3_600_000 }, configure: shared() });
  h.gateway.runtime.policy.source.stop();
  const before = h.gateway.runtime.policy.source.current.hash;
  await writeFile(file, 'rules:\n  - { name: noop, action: allow, when: { users: nobody } }\n');
  const config = join(dir, 'cli.yaml');
  await writeFile(config, `redis:\n  url: ${TEST_REDIS_URL}\n  keyPrefix: "${prefix}"\n`);
  const env = { ...process.env, SEKISHO_CONFIG: '', SEKISHO_REDIS: '', SEKISHO_STORE: '' };
  const r = spawnSync(process.execPath, [bin, 'policy', 'reload', '--config', config, '--data-dir', dir], { encoding: 'utf8', timeout: 30_000, env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /policy reload announced to every instance/);
  await until('the instance reloads', async () => h.gateway.runtime.policy.source.current.hash !== before);
  const none = spawnSync(process.execPath, [bin, 'policy', 'reload', '--data-dir', dir], { encoding: 'utf8', timeout: 30_000, env });
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no shared state is configured/);
});
