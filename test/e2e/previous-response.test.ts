/**
 * A value split across an OpenAI Responses `previous_response_id` chain, end to end with the official
 * openai SDK over real HTTP: turn 1 sends the start of a credential, turn 2 (continuing turn 1's
 * answer by id, so turn 1 is not in its body) sends the rest. The gateway remembers the end of each
 * turn it answered, per caller, and joins it to the next: the second piece is redacted (or the request
 * refused under a block policy). Another caller naming the same response id gets no join.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import { KeyStore } from '../../src/identity/key-store.ts';
import { AWS_KEY_ID, GITHUB_TOKEN } from '../support/planted-credentials.ts';

const client = (h: Harness, apiKey: string) => new OpenAI({ baseURL: `${h.url}/v1`, apiKey, maxRetries: 0 });

/** The body the backend received in its last request (Responses `input`, or Anthropic `messages` when translated). */
function lastInput(h: Harness): string {
  return h.fake.lastRequest()?.body ?? '';
}

for (const [name, flavor] of [['passthrough', 'openai'], ['translated', 'anthropic']] as const) {
  describe(`previous_response_id chains (${name} backend)`, () => {
    let h: Harness;
    let alice: string;
    let mallory: string;
    before(async () => {
      h = await startHarness({
        inspection: 'redact',
        backends: [{ flavor, apis: flavor === 'openai' ? ['responses', 'chat'] : ['messages'] }],
        configure: (c) => void (c.auth = { anonymous: false, adminGroups: ['sekisho-admins'] }),
      });
      const keys = new KeyStore(h.gateway.runtime.store.keys);
      alice = (await keys.create({ user: 'alice' })).key;
      mallory = (await keys.create({ user: 'mallory' })).key;
    });
    after(() => h.close());

    for (const stream of [false, true]) {
      test(`an AWS key id split between two turns is redacted in the second (stream: ${stream})`, async () => {
        const sdk = client(h, alice);
        const cut = 10;
        const first = await create(sdk, { model: 'm', input: `my key is ${AWS_KEY_ID.slice(0, cut)}` }, stream);
        assert.match(first, /^resp_|^resp/);
        await create(sdk, { model: 'm', input: `${AWS_KEY_ID.slice(cut)} thanks`, previous_response_id: first }, stream);
        const sent = lastInput(h);
        assert.ok(!sent.includes(AWS_KEY_ID.slice(cut)), `the second piece must not reach the backend: ${sent}`);
        assert.match(sent, /thanks/);
      });
    }

    test('a GitHub token split over three short turns is redacted in the third', async () => {
      const sdk = client(h, alice);
      const a = await create(sdk, { model: 'm', input: GITHUB_TOKEN.slice(0, 12) }, false);
      const b = await create(sdk, { model: 'm', input: GITHUB_TOKEN.slice(12, 26), previous_response_id: a }, false);
      await create(sdk, { model: 'm', input: GITHUB_TOKEN.slice(26), previous_response_id: b }, false);
      assert.ok(!lastInput(h).includes(GITHUB_TOKEN.slice(26)), lastInput(h));
    });

    test("another caller's response id gives no join (no state crosses callers)", async () => {
      const first = await create(client(h, alice), { model: 'm', input: `key ${AWS_KEY_ID.slice(0, 10)}` }, false);
      await create(client(h, mallory), { model: 'm', input: `${AWS_KEY_ID.slice(10)} thanks`, previous_response_id: first }, false);
      assert.ok(lastInput(h).includes(AWS_KEY_ID.slice(10)), 'mallory is inspected alone: her piece is no value on its own');
    });

    test('an unknown previous_response_id is forwarded, inspected alone', async () => {
      await create(client(h, alice), { model: 'm', input: 'hello again', previous_response_id: 'resp_unknown_to_sekisho' }, false);
      assert.match(lastInput(h), /hello again/);
    });
  });
}

describe('previous_response_id chains under a block policy', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      inspection: 'report',
      policy: { document: { default: 'allow', monitor: false, rules: [{ name: 'no-secrets', action: 'block', monitor: false, when: { findings: [{ type: ['secret'], minCount: 1 }] } }] } },
      backends: [{ flavor: 'openai', apis: ['responses'] }],
    });
  });
  after(() => h.close());

  test('the turn completing a split value is refused and never reaches the backend', async () => {
    const sdk = client(h, 'anything');
    const first = await create(sdk, { model: 'm', input: `start ${AWS_KEY_ID.slice(0, 8)}` }, false);
    const before = h.fake.requests.length;
    await assert.rejects(create(sdk, { model: 'm', input: AWS_KEY_ID.slice(8), previous_response_id: first }, false), (err) => err instanceof OpenAI.APIError && /SEKISHO_ERR_POLICY_BLOCKED/.test(err.message));
    assert.equal(h.fake.requests.length, before);
  });
});

/** One turn through the SDK; returns the answer's id (the stream's final response when streaming). */
async function create(sdk: OpenAI, body: { model: string; input: string; previous_response_id?: string }, stream: boolean): Promise<string> {
  if (!stream) return (await sdk.responses.create(body)).id;
  const events = await sdk.responses.create({ ...body, stream: true });
  let id = '';
  for await (const event of events) if (event.type === 'response.completed') id = event.response.id;
  return id;
}
