/**
 * A value cut across an OpenAI Responses `previous_response_id` chain whose turns land on different
 * instances (no load balancer affinity): turn 1 on one gateway sends the start of a credential, turn 2 on
 * another sends the rest, continuing turn 1's answer by id. With a shared store the second instance finds
 * the first turn's tail and the value is caught (redacted before the backend, or refused under a block
 * policy); the tail is stored sealed (no plaintext in Redis or PostgreSQL) and per caller. Runs on
 * PostgreSQL + Redis, and on PostgreSQL alone. The last test shows why the store must be shared: two
 * instances each with its own memory do not join (the leak this closes); a store that cannot be reached
 * fails closed.
 *
 * PostgreSQL or Redis unreachable: the suites skip with the reason (fail under CI).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import OpenAI from 'openai';
import { startHarness, type Harness, type HarnessOptions } from '../support/gateway-harness.ts';
import type { PolicyDocument } from '../../src/policy/types.ts';
import { AWS_KEY_ID, GITHUB_TOKEN } from '../support/planted-credentials.ts';
import { createTestDatabase, type TestDatabase } from '../store/pg-test-db.ts';
import { deletePrefix, redisUnavailable, TEST_REDIS_URL, testPrefix } from '../store/redis-test.ts';
import type { TurnTailPort } from '../../src/store/ports.ts';
import { TurnTailStore } from '../../src/inspection/turn-tail-store.ts';

const redisSkip = (await redisUnavailable()) ?? false;

/**
 * Clean-ups run by each suite's or test's own hook, last first (not the file's \`after\`: with a name filter
 * it can run before tests declared after a top-level await).
 */
type Cleanups = Array<() => Promise<unknown> | unknown>;
async function cleanUp(list: Cleanups): Promise<void> {
  for (const c of list.splice(0).reverse()) await Promise.resolve().then(c).catch(() => {});
}

const sdk = (h: Harness, apiKey: string): OpenAI => new OpenAI({ baseURL: `${h.url}/v1`, apiKey, maxRetries: 0 });

/** One turn; returns the answer's id (the stream's final response when streaming). */
async function create(client: OpenAI, body: { model: string; input: string; previous_response_id?: string }, stream: boolean): Promise<string> {
  if (!stream) return (await client.responses.create(body)).id;
  const events = await client.responses.create({ ...body, stream: true });
  let id = '';
  for await (const event of events) if (event.type === 'response.completed') id = event.response.id;
  return id;
}

const sent = (h: Harness): string => h.fake.lastRequest()?.body ?? '';

/** Two (or more) gateways on one store: same installation key, keys required. */
async function instances(cleanups: Cleanups, n: number, configure: HarnessOptions['configure'], extra: Partial<HarnessOptions> = {}): Promise<Harness[]> {
  const secretKey = randomBytes(32);
  const out: Harness[] = [];
  for (let i = 0; i < n; i++) {
    const h = await startHarness({
      secretKey,
      inspection: 'redact',
      backends: [{ flavor: 'openai', apis: ['responses'] }],
      ...extra,
      configure: (c) => {
        c.auth = { anonymous: false, adminGroups: ['sekisho-admins'] };
        configure?.(c);
      },
    });
    cleanups.push(() => h.close());
    out.push(h);
  }
  return out;
}

function chainSuite(name: string, skip: string | false, setup: (cleanups: Cleanups) => Promise<{ configure: HarnessOptions['configure']; stored: () => Promise<string[]> }>): void {
  describe(`previous_response_id across instances: ${name}`, { skip }, () => {
    const cleanups: Cleanups = [];
    after(() => cleanUp(cleanups));
    let gw: Harness[] = [];
    let alice = '';
    let mallory = '';
    let stored: () => Promise<string[]> = async () => [];
    test('setup: two gateways on one store', async () => {
      const s = await setup(cleanups);
      stored = s.stored;
      gw = await instances(cleanups, 2, s.configure);
      alice = (await gw[0]!.gateway.runtime.keys.create({ user: 'alice' })).key;
      mallory = (await gw[1]!.gateway.runtime.keys.create({ user: 'mallory' })).key;
    });

    for (const stream of [false, true]) {
      test(`an AWS key id cut between a turn on one instance and the next on another is redacted (stream: ${stream})`, async () => {
        const cut = 9;
        const first = await create(sdk(gw[0]!, alice), { model: 'm', input: `deploy with ${AWS_KEY_ID.slice(0, cut)}` }, stream);
        assert.match(first, /^resp/);
        await create(sdk(gw[1]!, alice), { model: 'm', input: `${AWS_KEY_ID.slice(cut)} please`, previous_response_id: first }, stream);
        assert.ok(!sent(gw[1]!).includes(AWS_KEY_ID.slice(cut)), `the second piece reached the backend: ${sent(gw[1]!)}`);
        assert.match(sent(gw[1]!), /please/);
      });
    }

    test('a token cut over three turns on alternating instances is redacted in the third', async () => {
      const a = await create(sdk(gw[0]!, alice), { model: 'm', input: GITHUB_TOKEN.slice(0, 12) }, false);
      const b = await create(sdk(gw[1]!, alice), { model: 'm', input: GITHUB_TOKEN.slice(12, 26), previous_response_id: a }, false);
      await create(sdk(gw[0]!, alice), { model: 'm', input: GITHUB_TOKEN.slice(26), previous_response_id: b }, false);
      assert.ok(!sent(gw[0]!).includes(GITHUB_TOKEN.slice(26)), sent(gw[0]!));
    });

    test("another caller naming the response id on another instance gets no join", async () => {
      const first = await create(sdk(gw[0]!, alice), { model: 'm', input: `key ${AWS_KEY_ID.slice(0, 10)}` }, false);
      await create(sdk(gw[1]!, mallory), { model: 'm', input: `${AWS_KEY_ID.slice(10)} thanks`, previous_response_id: first }, false);
      assert.ok(sent(gw[1]!).includes(AWS_KEY_ID.slice(10)), 'mallory is inspected alone: her piece is no value on its own');
    });

    test('the shared store holds the tails sealed: no fragment, caller or response id in the clear', async () => {
      const first = await create(sdk(gw[0]!, alice), { model: 'm', input: `plain ${AWS_KEY_ID.slice(0, 11)}` }, false);
      const values = await stored();
      assert.ok(values.length > 0, 'tails are in the shared store');
      const all = values.join('\n');
      for (const plain of [AWS_KEY_ID.slice(0, 11), 'deploy with', first, 'alice']) assert.ok(!all.includes(plain), `${plain} is stored in the clear`);
    });
  });
}

const redisPrefix = testPrefix();
chainSuite('PostgreSQL + Redis', redisSkip, async (cleanups) => {
  const db = await createTestDatabase();
  if (typeof db === 'string') throw new Error(db);
  cleanups.push(() => db.drop(), () => deletePrefix(redisPrefix));
  return {
    configure: (c) => {
      c.store.url = db.url;
      c.redis = { ...c.redis, url: TEST_REDIS_URL, keyPrefix: redisPrefix };
    },
    stored: async () => {
      const { createClient } = await import('@redis/client');
      const client = createClient({ url: TEST_REDIS_URL });
      await client.connect();
      try {
        const out: string[] = [];
        for await (const keys of client.scanIterator({ MATCH: `${redisPrefix}tail:*`, COUNT: 500 })) {
          for (const k of keys) out.push(k, (await client.get(k)) ?? '');
        }
        return out;
      } finally {
        client.destroy();
      }
    },
  };
});

// Reachable? (the probe's database is dropped at once; each suite makes its own)
const pgProbe = await createTestDatabase();
const pgSkip = typeof pgProbe === 'string' ? pgProbe : false;
if (typeof pgProbe !== 'string') await pgProbe.drop();
chainSuite('PostgreSQL only', pgSkip, async (cleanups) => {
  const db = await createTestDatabase();
  if (typeof db === 'string') throw new Error(db);
  cleanups.push(() => db.drop());
  return {
    configure: (c) => {
      c.store.url = db.url;
    },
    stored: async () => {
      const sql = postgres(db.url, { max: 1, onnotice: () => {} });
      try {
        const rows = await sql<Array<{ name: string; sealed: string }>>`SELECT name, sealed FROM turn_tails`;
        return rows.flatMap((r) => [r.name, r.sealed]);
      } finally {
        await sql.end({ timeout: 1 });
      }
    },
  };
});

describe('previous_response_id across instances under a block policy (PostgreSQL only)', { skip: pgSkip }, () => {
  test('the turn completing a split value on another instance is refused and never reaches its backend', async (t) => {
    const cleanups: Cleanups = [];
    t.after(() => cleanUp(cleanups));
    const db = await createTestDatabase();
    if (typeof db === 'string') throw new Error(db);
    cleanups.push(() => db.drop());
    const policy: PolicyDocument = { default: 'allow', monitor: false, rules: [{ name: 'no-secrets', action: 'block', monitor: false, when: { findings: [{ type: ['secret'], minCount: 1 }] } }] };
    const gw = await instances(cleanups, 2, (c) => void (c.store.url = db.url), { inspection: 'report', policy: { document: policy } });
    const { key } = await gw[0]!.gateway.runtime.keys.create({ user: 'alice' });
    const first = await create(sdk(gw[0]!, key), { model: 'm', input: `start ${AWS_KEY_ID.slice(0, 8)}` }, false);
    const before = gw[1]!.fake.requests.length;
    await assert.rejects(create(sdk(gw[1]!, key), { model: 'm', input: AWS_KEY_ID.slice(8), previous_response_id: first }, false), (err) => err instanceof OpenAI.APIError && /SEKISHO_ERR_POLICY_BLOCKED/.test(err.message));
    assert.equal(gw[1]!.fake.requests.length, before);
  });
});

test('why the store must be shared: two instances each with its own memory do not join (the split passes)', async (t) => {
  const cleanups: Cleanups = [];
  t.after(() => cleanUp(cleanups));
  const gw = await instances(cleanups, 2, undefined, { inspection: 'redact' });
  // Separate data directories: separate key stores too; anonymous callers keep the test about the tails.
  for (const h of gw) h.gateway.runtime.config.auth.anonymous = true;
  const first = await create(sdk(gw[0]!, 'x'), { model: 'm', input: `deploy with ${AWS_KEY_ID.slice(0, 9)}` }, false);
  await create(sdk(gw[1]!, 'x'), { model: 'm', input: `${AWS_KEY_ID.slice(9)} please`, previous_response_id: first }, false);
  assert.ok(sent(gw[1]!).includes(AWS_KEY_ID.slice(9)), 'without a shared store the second instance cannot know the first turn');
  await create(sdk(gw[0]!, 'x'), { model: 'm', input: `${AWS_KEY_ID.slice(9)} please`, previous_response_id: first }, false);
  assert.ok(!sent(gw[0]!).includes(AWS_KEY_ID.slice(9)), 'the instance that answered turn 1 joins it');
});

test('a tail store that cannot be reached fails closed: the answer is cut, a continuing turn is refused with 503', async (t) => {
  const cleanups: Cleanups = [];
  t.after(() => cleanUp(cleanups));
  const [h] = await instances(cleanups, 1, undefined, { inspection: 'redact' });
  h!.gateway.runtime.config.auth.anonymous = true;
  const working = h!.gateway.runtime.turnTails!;
  const first = await create(sdk(h!, 'x'), { model: 'm', input: `deploy with ${AWS_KEY_ID.slice(0, 9)}` }, false);
  // The store goes away (as Redis or PostgreSQL would): both operations reject.
  const down: TurnTailPort = { put: () => Promise.reject(new Error('down')), get: () => Promise.reject(new Error('down')) };
  h!.gateway.runtime.turnTails = new TurnTailStore({ port: down, key: randomBytes(32) });
  const before = h!.fake.requests.length;
  const refused = await fetch(`${h!.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', input: `${AWS_KEY_ID.slice(9)} please`, previous_response_id: first }) });
  assert.equal(refused.status, 503);
  assert.match(await refused.text(), /SEKISHO_ERR_STATE_UNAVAILABLE/);
  assert.equal(h!.fake.requests.length, before, 'not forwarded');
  // A new chain: forwarded, but its tail cannot be stored, so the answer is not completed.
  for (const stream of [false, true]) {
    await assert.rejects(create(sdk(h!, 'x'), { model: 'm', input: 'hello' }, stream), `stream ${stream}: the answer must not complete`);
  }
  h!.gateway.runtime.turnTails = working;
  assert.match(await create(sdk(h!, 'x'), { model: 'm', input: 'hello again' }, false), /^resp/, 'served again once the store is back');
});
