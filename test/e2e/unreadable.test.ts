/**
 * What Sekisho cannot read is never waved through by accident (docs/security.md, docs/policy.md):
 * - content it cannot inspect (a pasted screenshot, a PDF, a file id, a remote URL) bound for an
 *   external backend is kept internal, or refused with a message saying what happened and what to do,
 *   unless a rule explicitly allows it; report mode enforces nothing;
 * - text payloads (base64 documents labelled text/plain, Chat `file_data`, Responses `input_file`) are
 *   decoded and inspected: a secret inside cannot be redacted piecewise, so the request fails closed;
 * - a secret inside signed reasoning (`thinking` + signature, `redacted_thinking`, Responses
 *   `encrypted_content`) cannot be edited: fail closed too.
 * Every protocol, stream and non-stream, passthrough (Chat → Chat, Messages → Anthropic) and translation
 * (Messages / Responses → a Chat-only vLLM). A refused request reaches no backend at all.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startHarness, type Harness, type HarnessOptions } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';
import { patternDetector } from '../support/pattern-detector.ts';
import { sqliteDatabase } from '../../src/store/open-store.ts';
import type { PolicyDocument } from '../../src/policy/types.ts';

const SECRET = 'AKIAIOSFODNN7EXAMPLE';
const akia = patternDetector('test-aws', 'secret', 'aws', /AKIA[0-9A-Z]{16}/g);
const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');
/** The first bytes of a real PNG: not text, so Sekisho cannot read it. */
const PNG = b64(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]));

type Api = 'messages' | 'chat' | 'responses';
const PATHS: Record<Api, string> = { messages: '/v1/messages', chat: '/v1/chat/completions', responses: '/v1/responses' };

/** A body for `api` whose one user turn holds `parts` (already in that dialect's wire shape). */
function body(api: Api, stream: boolean, parts: unknown[], model = 'claude-test'): Record<string, unknown> {
  if (api === 'messages') return { model, max_tokens: 64, stream, messages: [{ role: 'user', content: parts }] };
  if (api === 'chat') return { model, stream, messages: [{ role: 'user', content: parts }] };
  return { model, stream, input: [{ role: 'user', content: parts }] };
}

/** A pasted screenshot, as each client sends it. */
function screenshot(api: Api): unknown[] {
  if (api === 'messages') return [{ type: 'text', text: 'what is wrong in this screenshot?' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }];
  if (api === 'chat') return [{ type: 'text', text: 'what is wrong in this screenshot?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }];
  return [{ type: 'input_text', text: 'what is wrong in this screenshot?' }, { type: 'input_image', image_url: `data:image/png;base64,${PNG}` }];
}

/** A text attachment (base64 / data URL) holding `content`. */
function attachment(api: Api, content: string): unknown[] {
  if (api === 'messages') return [{ type: 'document', source: { type: 'base64', media_type: 'text/plain', data: b64(content) } }, { type: 'text', text: 'summarise' }];
  if (api === 'chat') return [{ type: 'file', file: { filename: 'notes.txt', file_data: `data:text/plain;base64,${b64(content)}` } }, { type: 'text', text: 'summarise' }];
  return [{ type: 'input_file', filename: 'notes.txt', file_data: `data:text/plain;base64,${b64(content)}` }, { type: 'input_text', text: 'summarise' }];
}

function errorMessage(json: unknown): string {
  const error = (json as { error?: { message?: string } | string }).error;
  return typeof error === 'string' ? error : error?.message ?? '';
}

/** A policy refusal's status per dialect (docs/security.md § Refusals): Claude Code shows 451, OpenAI clients 400. */
const REFUSED = { messages: 451, chat: 400, responses: 400 } as const;

describe('inspection.mode redact without a policy, external backend only: refused, nothing sent', () => {
  let h: Harness;
  before(async () => {
    // vLLM serves Chat only: Chat passes through, Messages and Responses are translated.
    h = await startHarness({ inspection: 'redact', detectors: [akia], backends: [{ flavor: 'vllm', apis: ['chat'], zone: 'external' }] });
  });
  after(() => h.close());

  for (const api of ['messages', 'chat', 'responses'] as const) {
    for (const stream of [false, true]) {
      const mode = stream ? 'stream' : 'non-stream';
      test(`${api} ${mode}: a pasted screenshot is refused with what happened and what to do`, async () => {
        const before = h.fake.requests.length;
        const r = await post(h.url + PATHS[api], body(api, stream, screenshot(api)));
        assert.equal(r.status, REFUSED[api], r.text);
        const message = errorMessage(r.json);
        assert.match(message, /default:uninspected/);
        assert.match(message, /cannot inspect \(image\)/);
        assert.match(message, /screenshot/);
        assert.match(message, /Remove the attachment/);
        assert.ok(message.includes(r.headers.get('x-request-id')!), 'the request id to quote');
        assert.equal(r.headers.get('x-sekisho-decision'), 'block; rule=default:uninspected');
        assert.equal(h.fake.requests.length, before, 'nothing reached the backend');
      });

      test(`${api} ${mode}: a text attachment is decoded and inspected — clean goes through, a secret inside fails closed`, async () => {
        const before = h.fake.requests.length;
        const clean = await post(h.url + PATHS[api], body(api, stream, attachment(api, 'meeting notes: ship on friday')));
        assert.equal(clean.status, 200, clean.text);
        assert.equal(h.fake.requests.length, before + 1, 'a readable attachment is not uninspected content');
        const dirty = await post(h.url + PATHS[api], body(api, stream, attachment(api, `AWS_ACCESS_KEY_ID=${SECRET}\n`)));
        assert.equal(dirty.status, REFUSED[api], dirty.text);
        assert.match(errorMessage(dirty.json), /default:unredactable/);
        assert.equal(h.fake.requests.length, before + 1, 'the secret never left');
      });
    }
  }

  test('the audit trail records the refusal, the kinds of what was not inspected, and unredactable values', async () => {
    const shot = await post(h.url + PATHS.messages, body('messages', false, screenshot('messages')));
    const secret = await post(h.url + PATHS.chat, body('chat', false, attachment('chat', `K=${SECRET}`)));
    const event = (id: string | null): Record<string, unknown> => {
      const row = sqliteDatabase(h.gateway.runtime.store).prepare('SELECT body FROM audit_events WHERE id = ?').get(id) as { body: string };
      return JSON.parse(row.body) as Record<string, unknown>;
    };
    const a = event(shot.headers.get('x-request-id'));
    assert.deepEqual([a.uninspected, a.uninspectedKinds, (a.decision as { rule: string }).rule, a.status], [1, [['image']], 'default:uninspected', REFUSED.messages]);
    const b = event(secret.headers.get('x-request-id'));
    assert.deepEqual([b.unredactable, (b.decision as { rule: string }).rule], [true, 'default:unredactable']);
  });

  test('a remote image URL and a file id are uninspected content too', async () => {
    const before = h.fake.requests.length;
    const remote = await post(h.url + PATHS.chat, body('chat', false, [{ type: 'image_url', image_url: { url: 'https://images.example.test/shot.png' } }]));
    assert.equal(remote.status, REFUSED.chat);
    assert.match(errorMessage(remote.json), /image\/url/);
    const file = await post(h.url + PATHS.chat, body('chat', false, [{ type: 'file', file: { file_id: 'file-abc123' } }]));
    assert.equal(file.status, REFUSED.chat);
    assert.match(errorMessage(file.json), /document\/file-ref/);
    assert.equal(h.fake.requests.length, before);
  });
});

describe('signed reasoning carrying a secret cannot be edited: fail closed', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ inspection: 'redact', detectors: [akia], backends: [{ flavor: 'anthropic', zone: 'external' }] });
  });
  after(() => h.close());

  const turns = (assistant: unknown[]): Record<string, unknown> => ({
    model: 'claude-test',
    max_tokens: 64,
    messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: assistant }, { role: 'user', content: 'go on' }],
  });

  for (const stream of [false, true]) {
    test(`${stream ? 'stream' : 'non-stream'}: thinking text, signature, redacted_thinking data`, async () => {
      const before = h.fake.requests.length;
      const blocks = [
        [{ type: 'thinking', thinking: `the key is ${SECRET}`, signature: 'c2lnbmF0dXJl' }, { type: 'text', text: 'ok' }],
        [{ type: 'thinking', thinking: 'fine', signature: `sig${SECRET}` }, { type: 'text', text: 'ok' }],
        [{ type: 'redacted_thinking', data: `opaque-${SECRET}-data` }, { type: 'text', text: 'ok' }],
      ];
      for (const assistant of blocks) {
        const r = await post(h.url + PATHS.messages, { ...turns(assistant), stream });
        assert.equal(r.status, REFUSED.messages, r.text);
        assert.match(errorMessage(r.json), /default:unredactable.*signed model reasoning/);
      }
      assert.equal(h.fake.requests.length, before, 'nothing reached the backend');
    });
  }

  test('the same value elsewhere in the request is no way around it: replaced there, it would stay in the signed block', async () => {
    const before = h.fake.requests.length;
    const r = await post(h.url + PATHS.messages, turns([{ type: 'thinking', thinking: `use ${SECRET}`, signature: 'c2ln' }, { type: 'text', text: `key ${SECRET}` }]));
    assert.equal(r.status, REFUSED.messages);
    assert.equal(h.fake.requests.length, before);
  });

  test('a thinking-shaped object hidden in a tool input: the value never leaves (redacted, or the request refused after the post-redaction check)', async () => {
    const before = h.fake.requests.length;
    const r = await post(h.url + PATHS.messages, turns([{ type: 'tool_use', id: 't1', name: 'Write', input: { note: { type: 'thinking', thinking: `k ${SECRET}`, signature: 's' } } }]));
    if (r.status === REFUSED.messages) {
      assert.match(errorMessage(r.json), /default:unredactable/);
      assert.equal(h.fake.requests.length, before);
    } else {
      // Redacted in place (the object is not signed content, only shaped like it) and forwarded.
      assert.equal(r.status, 200, r.text.slice(0, 200));
      assert.match(h.fake.lastRequest()!.body, /REDACTED_/);
    }
    assert.ok(h.fake.requests.slice(before).every((q) => !q.body.includes(SECRET)), 'the backend never saw the value');
  });

  test('Responses encrypted_content with a secret fails closed (translated to this Anthropic backend)', async () => {
    const before = h.fake.requests.length;
    const r = await post(h.url + PATHS.responses, {
      model: 'claude-test',
      input: [{ role: 'user', content: 'hi' }, { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: `gAAA${SECRET}` }, { role: 'user', content: 'go on' }],
    });
    assert.equal(r.status, REFUSED.responses, r.text);
    assert.match(errorMessage(r.json), /default:unredactable/);
    assert.equal(h.fake.requests.length, before);
  });
});

const ROUTES: HarnessOptions['routes'] = () => [
  { match: ['local-coder'], targets: [{ backend: 'inside' }], fallbacks: [] },
  { match: ['*'], targets: [{ backend: 'outside' }], fallbacks: [] },
];
const POLICY: PolicyDocument = {
  default: 'redact',
  monitor: false,
  internalModel: 'local-coder',
  rules: [
    { name: 'design-screenshots', action: 'redact', monitor: false, when: { models: ['design-*'], uninspected: ['image'] } },
  ],
};

describe('with a policy and an internal model: kept internal, or explicitly allowed', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      inspection: 'redact',
      detectors: [akia],
      backends: [
        { name: 'inside', flavor: 'vllm', zone: 'internal', apis: ['chat', 'responses', 'messages'] },
        { name: 'outside', flavor: 'anthropic', zone: 'external', apis: ['messages'] },
      ],
      routes: ROUTES,
      policy: { document: POLICY },
    });
  });
  after(() => h.close());
  const counts = (): number[] => h.fakes.map((f) => f.requests.length);

  for (const stream of [false, true]) {
    test(`Claude Code (official SDK, ${stream ? 'stream' : 'non-stream'}): a screenshot goes to the internal model, never outside`, async () => {
      const [inside, outside] = counts();
      let decision: string | null = null;
      const client = new Anthropic({
        baseURL: h.url, apiKey: 'k', maxRetries: 0, defaultHeaders: { 'x-session-id': `shot-${stream}` },
        fetch: async (input, init) => {
          const res = await fetch(input, init);
          decision = res.headers.get('x-sekisho-decision');
          return res;
        },
      });
      const params = { model: 'claude-test', max_tokens: 64, messages: [{ role: 'user' as const, content: screenshot('messages') as Anthropic.ContentBlockParam[] }] };
      const message = stream ? await client.messages.stream(params).finalMessage() : await client.messages.create(params);
      assert.ok(message.content.length > 0);
      assert.equal(decision, 'route-internal; rule=default:uninspected');
      assert.deepEqual(counts(), [inside! + 1, outside], 'served inside only');
      assert.match(h.fakes[0]!.lastRequest()!.body, /local-coder/);
    });
  }

  test('an explicit rule lets screenshots out (first match wins); a PDF beside them is still kept internal', async () => {
    const [inside, outside] = counts();
    // Its own opening: a request that starts like the screenshots above (pinned internal) is their
    // session by its conversation start (policy/session-aliases.ts) and would stay internal.
    const review = [{ type: 'text', text: 'design review, page 2' }, ...screenshot('messages')];
    const ok = await post(h.url + PATHS.messages, body('messages', false, review, 'design-review'));
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.headers.get('x-sekisho-decision'), 'redact; rule=design-screenshots');
    assert.deepEqual(counts(), [inside, outside! + 1]);
    const pdf = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: b64(Buffer.from([0x25, 0x50, 0x44, 0x46, 0xe2, 0xe3, 0xcf, 0xd3, 0, 1])) } };
    const mixed = await post(h.url + PATHS.messages, body('messages', false, [...screenshot('messages'), pdf], 'design-review'), { 'x-session-id': 'mixed' });
    assert.equal(mixed.headers.get('x-sekisho-decision'), 'route-internal; rule=default:uninspected');
    assert.deepEqual(counts(), [inside! + 1, outside! + 1]);
  });

  test('an allowed screenshot whose bytes carry a key (PNG text chunk) is still kept internal: the key cannot be redacted', async () => {
    const [inside, outside] = counts();
    const png = b64(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 40]), Buffer.from(`tEXtComment\0key=${SECRET}`), Buffer.from([0, 0xff])]));
    const r = await post(h.url + PATHS.messages, body('messages', false, [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }], 'design-review'), { 'x-session-id': 'png-key' });
    assert.equal(r.headers.get('x-sekisho-decision'), 'route-internal; rule=default:unredactable');
    assert.deepEqual(counts(), [inside! + 1, outside]);
  });

  test('a secret in a text attachment is kept internal (unredactable), unredacted there', async () => {
    const [inside, outside] = counts();
    const r = await post(h.url + PATHS.messages, body('messages', false, attachment('messages', `KEY=${SECRET}`)), { 'x-session-id': 'attach' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('x-sekisho-decision'), 'route-internal; rule=default:unredactable');
    assert.deepEqual(counts(), [inside! + 1, outside]);
    assert.ok(h.fakes[0]!.lastRequest()!.body.includes(b64(`KEY=${SECRET}`)), 'the internal model gets the attachment as sent');
  });
});

describe('report mode enforces nothing', () => {
  test('a screenshot goes through unchanged', async () => {
    const h = await startHarness({ inspection: 'report', detectors: [akia], backends: [{ flavor: 'vllm', apis: ['chat'], zone: 'external' }] });
    try {
      const r = await post(h.url + PATHS.chat, body('chat', false, screenshot('chat')));
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('x-sekisho-decision'), 'allow; rule=default');
      assert.ok(h.fake.lastRequest()!.body.includes(PNG));
    } finally {
      await h.close();
    }
  });
});
