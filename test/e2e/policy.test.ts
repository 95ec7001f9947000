/**
 * Policy through the real gateway, driven by the official SDKs: every action (allow, redact,
 * route-internal, block) for every client API in stream and non-stream mode, with the
 * `x-sekisho-decision` header on each answer and the client-native block message naming the rule and
 * the request id; monitor mode; sticky reroute across turns (and across a gateway restart); hot reload
 * of a policy file, good and bad.
 *
 * Two fake model servers: `inside` (zone internal, serves `local-coder`) and `outside` (zone external,
 * serves everything else). Detection is a fixed set of tiny detectors: the pipeline is under test here,
 * not detection quality (the worked example in policy-example.test.ts uses the real detectors).
 */
import { describe, test, before, after } from 'node:test';
import { patternDetector } from '../support/pattern-detector.ts';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startHarness, healthDetails, type Harness, type HarnessOptions } from '../support/gateway-harness.ts';
import type { PolicyDocument } from '../../src/policy/types.ts';

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const EMAIL = 'hanako.yamada@example.co.jp';
const PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-----END PRIVATE KEY-----';
const OWN_CODE = 'func settleLedger(batch []Entry) error { return ledger.Commit(batch) }';

/** Tiny deterministic detectors, one per finding kind the policy below talks about. */
const detector = patternDetector;
const LEDGER = { repository: 'ledger-service', path: 'ledger/settle.go', startLine: 10, endLine: 12, coverage: 1 };
const detectors = [
  detector('aws', 'secret', 'aws-access-token', /AKIA[0-9A-Z]{16}/g),
  detector('pem', 'secret', 'sekisho-private-key', /-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----/g),
  detector('email', 'pii', 'pii-email', /[a-z.]+@example\.co\.jp/g),
  detector('code', 'own-code', 'own-code', /func settleLedger\([^)]*\)[^}]*\}/g, LEDGER),
];

const POLICY: PolicyDocument = {
  default: 'allow',
  monitor: false,
  internalModel: 'local-coder',
  rules: [
    { name: 'no-private-keys', action: 'block', monitor: false, reason: 'private keys must never be sent to a model', when: { findings: [{ rule: ['sekisho-private-key'], minCount: 1 }] } },
    { name: 'keep-sensitive-internal', action: 'route-internal', monitor: false, when: { findings: [{ type: ['own-code'], minCount: 1 }, { type: ['pii'], minCount: 1 }] } },
    { name: 'redact-secrets', action: 'redact', monitor: false, when: { findings: [{ type: ['secret'], minCount: 1 }] } },
  ],
};

function harnessOptions(policy: HarnessOptions['policy'], extra: Partial<HarnessOptions> = {}): HarnessOptions {
  return {
    inspection: 'report',
    detectors,
    backends: [
      { name: 'inside', flavor: 'vllm', zone: 'internal', apis: ['chat', 'responses', 'messages'] },
      { name: 'outside', flavor: 'vllm', zone: 'external', apis: ['chat', 'responses', 'messages'] },
    ],
    routes: () => [
      { match: ['local-coder'], targets: [{ backend: 'inside' }], fallbacks: [] },
      { match: ['*'], targets: [{ backend: 'outside' }], fallbacks: [] },
    ],
    policy,
    ...extra,
  };
}

type Api = 'messages' | 'chat' | 'responses';
type Msg = { role: 'user' | 'assistant'; content: string };

interface Answer {
  text: string;
  decision: string | null;
  requestId: string | null;
}

/**
 * One request through the official SDK for `api`; a custom fetch records the response headers (the
 * SDKs do not expose them on streams). Errors are the SDK's own error classes.
 */
async function ask(h: Harness, api: Api, stream: boolean, messages: Msg[], headers: Record<string, string> = {}, model = 'claude-sonnet-4-5'): Promise<Answer> {
  let seen: Headers | undefined;
  const recordingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    seen = res.headers;
    return res;
  };
  const common = { apiKey: 'client-key', maxRetries: 0, fetch: recordingFetch, defaultHeaders: headers };
  let text: string;
  if (api === 'messages') {
    const client = new Anthropic({ ...common, baseURL: h.url });
    const params = { model, max_tokens: 256, messages };
    const message = stream ? await client.messages.stream(params).finalMessage() : await client.messages.create(params);
    text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
  } else if (api === 'chat') {
    const client = new OpenAI({ ...common, baseURL: h.url + '/v1' });
    const completion = stream
      ? await client.chat.completions.stream({ model, messages }).finalChatCompletion()
      : await client.chat.completions.create({ model, messages });
    text = completion.choices[0]?.message.content ?? '';
  } else {
    const client = new OpenAI({ ...common, baseURL: h.url + '/v1' });
    const input = messages.map((m) => ({ role: m.role, content: m.content }));
    const response = stream ? await client.responses.stream({ model, input, store: false }).finalResponse() : await client.responses.create({ model, input, store: false });
    text = response.output_text;
  }
  return { text, decision: seen?.get('x-sekisho-decision') ?? null, requestId: seen?.get('x-request-id') ?? null };
}

/** What each fake received, from `mark` on. */
function received(h: Harness, mark: number[]): { inside: string[]; outside: string[] } {
  return { inside: h.fakes[0]!.requests.slice(mark[0]).map((r) => r.body), outside: h.fakes[1]!.requests.slice(mark[1]).map((r) => r.body) };
}
const marks = (h: Harness): number[] => h.fakes.map((f) => f.requests.length);
const user = (content: string): Msg[] => [{ role: 'user', content }];

describe('each action, each protocol, stream and non-stream', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness(harnessOptions({ document: POLICY }));
  });
  after(() => h.close());

  for (const api of ['messages', 'chat', 'responses'] as const) {
    for (const stream of [false, true]) {
      const mode = stream ? 'stream' : 'non-stream';

      test(`${api} ${mode}: allow — an ordinary request goes to the external model unchanged`, async () => {
        const mark = marks(h);
        const answer = await ask(h, api, stream, user('Write a haiku about autumn'));
        assert.equal(answer.decision, 'allow; rule=default');
        assert.match(answer.text, /Hello from the fake upstream/);
        const got = received(h, mark);
        assert.equal(got.inside.length, 0);
        assert.equal(got.outside.length, 1);
        assert.ok(got.outside[0]!.includes('haiku about autumn'));
      });

      test(`${api} ${mode}: redact — the external model sees a placeholder, never the secret`, async () => {
        const mark = marks(h);
        const answer = await ask(h, api, stream, user(`Why is AWS_ACCESS_KEY_ID=${AWS_KEY} rejected?`), { 'x-session-id': `redact-${api}-${mode}` });
        assert.equal(answer.decision, 'redact; rule=redact-secrets');
        const got = received(h, mark);
        assert.equal(got.outside.length, 1);
        assert.ok(!got.outside[0]!.includes(AWS_KEY), 'the secret did not leave');
        assert.match(got.outside[0]!, /REDACTED_AWS_ACCESS_TOKEN_[0-9A-F]{10}/);
      });

      test(`${api} ${mode}: route-internal — personal data goes to the internal model only`, async () => {
        const mark = marks(h);
        const answer = await ask(h, api, stream, user(`Draft a reply to ${EMAIL} about the invoice`), { 'x-session-id': `pii-${api}-${mode}` });
        assert.equal(answer.decision, 'route-internal; rule=keep-sensitive-internal');
        assert.match(answer.text, /Hello from the fake upstream/);
        const got = received(h, mark);
        assert.equal(got.outside.length, 0, 'nothing reached the external model');
        assert.equal(got.inside.length, 1);
        assert.ok(got.inside[0]!.includes(EMAIL), 'internal models see the request as sent');
        assert.match(got.inside[0]!, /"model":\s*"local-coder"/, 'served by policy.internalModel');
      });

      test(`${api} ${mode}: block — the SDK raises a non-retried error naming the rule and the request id once`, async () => {
        const mark = marks(h);
        const err = await ask(h, api, stream, user(`Is this key valid? ${PRIVATE_KEY}`)).then(
          () => assert.fail('the request was not blocked'),
          (e: unknown) => e,
        );
        const sdkError = err as { status?: number; message: string; headers?: Headers; error?: { message?: string; error?: { message?: string } } };
        // The error message as the client shows it: the Anthropic SDK keeps the whole body in `error`,
        // the OpenAI SDK its `error` object.
        const message = (api === 'messages' ? sdkError.error?.error?.message : sdkError.error?.message) ?? '';
        // Per dialect (docs/security.md § Refusals): 451 for Messages (Claude Code shows 403 as an
        // authentication failure and resends 400s), 400 for the OpenAI dialects (Codex resends others).
        assert.equal(sdkError.status, api === 'messages' ? 451 : 400);
        assert.ok(err instanceof (api === 'messages' ? Anthropic.APIError : OpenAI.BadRequestError), String(err));
        assert.equal(sdkError.headers?.get('x-should-retry'), 'false');
        const requestId = sdkError.headers?.get('x-request-id') ?? '';
        assert.match(requestId, /^req_[0-9a-f]{24}$/);
        assert.equal(sdkError.headers?.get('x-sekisho-decision'), 'block; rule=no-private-keys');
        assert.equal(message.split(requestId).length, 2, `the request id is named once: ${message}`);
        assert.ok(message.startsWith(`Blocked by Sekisho policy rule "no-private-keys": private keys must never be sent to a model. Quote request id ${requestId} to your security team.`), message);
        assert.ok(!sdkError.message.includes('BEGIN PRIVATE KEY'), 'the value is never echoed');
        const got = received(h, mark);
        assert.deepEqual([got.inside.length, got.outside.length], [0, 0], 'nothing was sent anywhere');
      });
    }
  }

  test('the decision header is on every answer, errors included', async () => {
    const unknown = await fetch(h.url + '/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.headers.get('x-sekisho-decision'), 'refused; rule=SEKISHO_ERR_INVALID_JSON');
    const models = await fetch(h.url + '/v1/models');
    assert.ok(models.headers.get('x-sekisho-decision'));
  });
});

describe('monitor mode', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness(harnessOptions({ document: { ...POLICY, monitor: true } }));
  });
  after(() => h.close());

  for (const api of ['messages', 'chat', 'responses'] as const) {
    test(`${api}: a would-be block goes through unchanged; the decision records the block`, async () => {
      const mark = marks(h);
      const answer = await ask(h, api, true, user(`Is this key valid? ${PRIVATE_KEY}`));
      assert.equal(answer.decision, 'allow; monitor=block; rule=no-private-keys');
      const got = received(h, mark);
      assert.equal(got.outside.length, 1);
      assert.ok(got.outside[0]!.includes(PRIVATE_KEY), 'monitor mode changes nothing: the upstream sees the request as sent');
    });
  }

  test('a would-be reroute is not enforced and pins nothing; a would-be redaction redacts nothing', async () => {
    const session = { 'x-session-id': 'monitored' };
    let mark = marks(h);
    const first = await ask(h, 'chat', false, user(`Mail ${EMAIL}`), session);
    assert.equal(first.decision, 'allow; monitor=route-internal; rule=keep-sensitive-internal');
    assert.equal(received(h, mark).outside.length, 1);
    mark = marks(h);
    const second = await ask(h, 'chat', false, user('Thanks'), session);
    assert.equal(second.decision, 'allow; rule=default');
    assert.equal(received(h, mark).outside.length, 1);
    mark = marks(h);
    const third = await ask(h, 'chat', false, user(`key ${AWS_KEY}`), session);
    assert.equal(third.decision, 'allow; monitor=redact; rule=redact-secrets');
    assert.ok(received(h, mark).outside[0]!.includes(AWS_KEY));
  });

  test('per-rule monitor: only that rule is relaxed', async () => {
    const perRule: PolicyDocument = { ...POLICY, rules: POLICY.rules.map((r) => (r.name === 'no-private-keys' ? { ...r, monitor: true } : r)) };
    const h2 = await startHarness(harnessOptions({ document: perRule }));
    try {
      const monitored = await ask(h2, 'messages', false, user(PRIVATE_KEY));
      assert.equal(monitored.decision, 'allow; monitor=block; rule=no-private-keys');
      const enforced = await ask(h2, 'messages', false, user(`Mail ${EMAIL}`));
      assert.equal(enforced.decision, 'route-internal; rule=keep-sensitive-internal');
    } finally {
      await h2.close();
    }
  });
});

describe('sticky reroute', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness(harnessOptions({ document: POLICY }));
  });
  after(() => h.close());

  for (const api of ['messages', 'chat', 'responses'] as const) {
    test(`${api}: after own code, later turns of the session stay internal; another session is external`, async () => {
      const session = { 'x-session-id': `sticky-${api}` };
      let mark = marks(h);
      const t1 = await ask(h, api, true, user(`Why does this deadlock?\n${OWN_CODE}`), session);
      assert.equal(t1.decision, 'route-internal; rule=keep-sensitive-internal');
      assert.deepEqual([received(h, mark).inside.length, received(h, mark).outside.length], [1, 0]);

      mark = marks(h);
      const t2 = await ask(h, api, true, [{ role: 'user', content: 'Summarise what we found' }], session);
      assert.equal(t2.decision, 'route-internal; rule=sticky:keep-sensitive-internal', 'no findings, still internal');
      assert.deepEqual([received(h, mark).inside.length, received(h, mark).outside.length], [1, 0]);

      mark = marks(h);
      const other = await ask(h, api, true, user('Summarise what we found'), { 'x-session-id': `other-${api}` });
      assert.equal(other.decision, 'allow; rule=default');
      assert.deepEqual([received(h, mark).inside.length, received(h, mark).outside.length], [0, 1]);
    });
  }

  test('without a session header the conversation start identifies the session (a tool result dropped later)', async () => {
    const start: Msg = { role: 'user', content: 'Refactor the settlement job' };
    const t1 = await ask(h, 'messages', false, [start, { role: 'assistant', content: 'Here is the file.' }, { role: 'user', content: OWN_CODE }]);
    assert.equal(t1.decision, 'route-internal; rule=keep-sensitive-internal');
    const mark = marks(h);
    const t2 = await ask(h, 'messages', false, [start, { role: 'assistant', content: 'Done.' }, { role: 'user', content: 'Now write the changelog' }]);
    assert.equal(t2.decision, 'route-internal; rule=sticky:keep-sensitive-internal');
    assert.equal(received(h, mark).outside.length, 0);
    const fresh = await ask(h, 'messages', false, [{ role: 'user', content: 'Refactor the billing job' }]);
    assert.equal(fresh.decision, 'allow; rule=default');
  });

  test('a block still blocks inside a pinned session', async () => {
    const session = { 'x-session-id': 'pinned-then-key' };
    await ask(h, 'chat', false, user(`Mail ${EMAIL}`), session);
    await assert.rejects(ask(h, 'chat', false, user(PRIVATE_KEY), session), (e: { status?: number }) => e.status === 400);
  });

  test('a pinned session whose model has no internal backend and no internalModel fails closed', async () => {
    const h2 = await startHarness(harnessOptions({ document: { ...POLICY, internalModel: undefined } as PolicyDocument }));
    try {
      const mark = marks(h2);
      const err = (await ask(h2, 'chat', false, user(`Mail ${EMAIL}`)).catch((e: unknown) => e)) as { status?: number; message: string };
      assert.equal(err.status, 400);
      assert.match(err.message, /rule "keep-sensitive-internal" keeps this request on an internal model, but model "claude-sonnet-4-5" has no internal backend/);
      assert.deepEqual([received(h2, mark).inside.length, received(h2, mark).outside.length], [0, 0]);
      // A model routed internally needs no internalModel.
      const local = await ask(h2, 'chat', false, user(`Mail ${EMAIL}`), {}, 'local-coder');
      assert.equal(local.decision, 'route-internal; rule=keep-sensitive-internal');
    } finally {
      await h2.close();
    }
  });

  test('pins survive a gateway restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sekisho-sticky-'));
    const secretKey = Buffer.alloc(32, 7);
    const session = { 'x-session-id': 'across-restart' };
    try {
      const first = await startHarness(harnessOptions({ document: POLICY }, { dataDir, secretKey }));
      await ask(first, 'responses', false, user(OWN_CODE), session);
      await first.close();
      const second = await startHarness(harnessOptions({ document: POLICY }, { dataDir, secretKey }));
      try {
        const mark = marks(second);
        const answer = await ask(second, 'responses', false, user('continue'), session);
        assert.equal(answer.decision, 'route-internal; rule=sticky:keep-sensitive-internal');
        assert.equal(received(second, mark).outside.length, 0);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('hot reload of a policy file', () => {
  let h: Harness;
  let dir: string;
  let file: string;
  const health = async (): Promise<{ hash: string; rules: number; lastError?: { message: string } }> => {
    const body = await healthDetails<{ policy: { hash: string; rules: number; lastError?: { message: string } } }>(h.url);
    return body.policy;
  };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sekisho-reload-'));
    file = join(dir, 'policy.yaml');
    await writeFile(file, 'rules:\n  - { name: block-pii, action: block, when: { findings: { type: pii } } }\n');
    h = await startHarness(harnessOptions({ file, reloadIntervalMs: 100 }));
  });
  after(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a changed file takes effect without a restart; an invalid one is rejected and the last good policy stays', async () => {
    const first = await health();
    assert.equal(first.rules, 1);
    await assert.rejects(ask(h, 'chat', false, user(`Mail ${EMAIL}`)), (e: { status?: number }) => e.status === 400);

    // A new valid policy: picked up by the watcher (no explicit reload call).
    await writeFile(file, 'internalModel: local-coder\nrules:\n  - { name: pii-inside, action: route-internal, when: { findings: { type: pii } } }\n  - { name: noop, action: allow, when: { users: nobody } }\n');
    await waitFor(async () => (await health()).rules === 2);
    const rerouted = await ask(h, 'chat', false, user(`Mail ${EMAIL}`));
    assert.equal(rerouted.decision, 'route-internal; rule=pii-inside');
    const good = await health();
    assert.notEqual(good.hash, first.hash);

    // An invalid policy: rejected, error in /healthz, the previous policy still decides.
    await writeFile(file, 'rules:\n  - { name: broken, action: obliterate }\n');
    await waitFor(async () => (await health()).lastError !== undefined);
    const after = await health();
    assert.equal(after.hash, good.hash);
    assert.match(after.lastError!.message, /policy\.yaml:2:29: rules\[0\]\.action must be one of: allow, redact, route-internal, block/);
    const still = await ask(h, 'chat', false, user(`Mail ${EMAIL}`), { 'x-session-id': 'after-bad-reload' });
    assert.equal(still.decision, 'route-internal; rule=pii-inside');

    // An internalModel that is not routed internally is rejected too.
    await writeFile(file, 'internalModel: gpt-5\nrules: []\n');
    assert.equal(await h.gateway.runtime.policy.source.reload(), false);
    assert.match((await health()).lastError!.message, /internalModel "gpt-5" is routed only to external backends/);

    // Fixed again: explicit reload, the error clears.
    await writeFile(file, 'default: redact\n');
    await waitFor(async () => (await h.gateway.runtime.policy.source.reload()) || (await health()).rules === 0);
    const fixed = await health();
    assert.equal(fixed.lastError, undefined);
    assert.equal(fixed.rules, 0);
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
