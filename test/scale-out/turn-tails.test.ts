/**
 * A value cut across an OpenAI Responses `previous_response_id` chain whose turns land on different
 * instances (no load balancer affinity): turn 1 on one gateway sends the start of a credential, turn 2 on
 * another sends the rest, continuing turn 1's answer by id. With a shared store the second instance finds
 * the first turn's tail and the value is caught (redacted before the backend, or refused under a block
 * policy); the tail is stored sealed (no plaintext in Redis or PostgreSQL) and per caller. Runs on
 * PostgreSQL + Redis, and on PostgreSQL alone. The last test shows why the store must be shared: two
 * instances each with its own memory do not join (the leak this closes).
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

const redisSkip = (await redisUnavailable()) ?? false;
const dbs: TestDatabase[] = [];
const harnesses: Harness[] = [];
const prefixes: string[] = [];
after(async () => {
  for (const h of harnesses) await h.close().catch(() => {});
  for (const p of prefixes) await deletePrefix(p);
  for (const db of dbs) await db.drop();
});

async function database(): Promise<TestDatabase | string> {
  const created = await createTestDatabase();
  if (typeof created !== 'string') dbs.push(created);
  return created;
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
async function instances(n: number, configure: HarnessOptions['configure'], extra: Partial<HarnessOptions> = {}): Promise<Harness[]> {
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
    harnesses.push(h);
    out.push(h);
  }
  return out;
}

function chainSuite(name: string, skip: string | false, setup: () => Promise<{ configure: HarnessOptions['configure']; stored: () => Promise<string[]> }>): void {
  describe(`previous_response_id across instances: ${name}`, { skip }, () => {
    let gw: Harness[] = [];
    let alice = '';
    let mallory = '';
    let stored: () => Promise<string[]> = async () => [];
    test('setup: two gateways on one store', async () => {
      const s = await setup();
      stored = s.stored;
      gw = await instances(2, s.configure);
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
prefixes.push(redisPrefix);
chainSuite('PostgreSQL + Redis', redisSkip, async () => {
  const db = await database();
  if (typeof db === 'string') throw new Error(db);
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

const pgProbe = await createTestDatabase();
const pgSkip = typeof pgProbe === 'string' ? pgProbe : false;
if (typeof pgProbe !== 'string') dbs.push(pgProbe);
chainSuite('PostgreSQL only', pgSkip, async () => {
  const db = pgProbe as TestDatabase;
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
  test('the turn completing a split value on another instance is refused and never reaches its backend', async () => {
    const db = await database();
    if (typeof db === 'string') throw new Error(db);
    const policy: PolicyDocument = { default: 'allow', monitor: false, rules: [{ name: 'no-secrets', action: 'block', monitor: false, when: { findings: [{ type: ['secret'], minCount: 1 }] } }] };
    const gw = await instances(2, (c) => void (c.store.url = db.url), { inspection: 'report', policy: { document: policy } });
    const { key } = await gw[0]!.gateway.runtime.keys.create({ user: 'alice' });
    const first = await create(sdk(gw[0]!, key), { model: 'm', input: `start ${AWS_KEY_ID.slice(0, 8)}` }, false);
    const before = gw[1]!.fake.requests.length;
    await assert.rejects(create(sdk(gw[1]!, key), { model: 'm', input: AWS_KEY_ID.slice(8), previous_response_id: first }, false), (err) => err instanceof OpenAI.APIError && /SEKISHO_ERR_POLICY_BLOCKED/.test(err.message));
    assert.equal(gw[1]!.fake.requests.length, before);
  });
});

test('why the store must be shared: two instances each with its own memory do not join (the split passes)', async () => {
  const gw = await instances(2, undefined, { inspection: 'redact' });
  // Separate data directories: separate key stores too; anonymous callers keep the test about the tails.
  for (const h of gw) h.gateway.runtime.config.auth.anonymous = true;
  const first = await create(sdk(gw[0]!, 'x'), { model: 'm', input: `deploy with ${AWS_KEY_ID.slice(0, 9)}` }, false);
  await create(sdk(gw[1]!, 'x'), { model: 'm', input: `${AWS_KEY_ID.slice(9)} please`, previous_response_id: first }, false);
  assert.ok(sent(gw[1]!).includes(AWS_KEY_ID.slice(9)), 'without a shared store the second instance cannot know the first turn');
  await create(sdk(gw[0]!, 'x'), { model: 'm', input: `${AWS_KEY_ID.slice(9)} please`, previous_response_id: first }, false);
  assert.ok(!sent(gw[0]!).includes(AWS_KEY_ID.slice(9)), 'the instance that answered turn 1 joins it');
});
