/**
 * Adversarial review of the governance layer: ways a request could carry what policy says must be
 * blocked or kept internal past the inspector to an external backend. Each test is a bypass that was
 * found and closed.
 */
import { describe, test, before, after } from 'node:test';
import { patternDetector } from '../support/pattern-detector.ts';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import type { PolicyDocument } from '../../src/policy/types.ts';

const PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-----END PRIVATE KEY-----';
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';

const detector = patternDetector;
const detectors = [
  detector('aws', 'secret', 'aws-access-token', /AKIA[0-9A-Z]{16}/g),
  detector('pem', 'secret', 'sekisho-private-key', /-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----/g),
];
const POLICY: PolicyDocument = {
  default: 'allow',
  monitor: false,
  rules: [
    { name: 'no-private-keys', action: 'block', monitor: false, when: { findings: [{ rule: ['sekisho-private-key'], minCount: 1 }] } },
    { name: 'redact-secrets', action: 'redact', monitor: false, when: { findings: [{ type: ['secret'], minCount: 1 }] } },
  ],
};

describe('content the inspector did not see still went upstream', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      inspection: 'report',
      detectors,
      backends: [{ name: 'outside', flavor: 'anthropic', type: 'anthropic', zone: 'external', apis: ['messages', 'count_tokens'] }],
      policy: { document: POLICY },
    });
  });
  after(() => h.close());

  test('a plain-text document block carrying a private key is blocked, not sent', async () => {
    const before = h.fake.requests.length;
    const client = new Anthropic({ apiKey: 'k', baseURL: h.url, maxRetries: 0 });
    const err = await client.messages
      .create({
        model: 'claude-sonnet-4-5',
        max_tokens: 64,
        messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: `id_rsa:\n${PRIVATE_KEY}` } }, { type: 'text', text: 'is this fine?' }] }],
      })
      .then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof Anthropic.APIError && err.status === 451, `expected a block, got ${String(err)}`);
    assert.equal(h.fake.requests.length, before, 'nothing reached the external backend');
  });

  test('an extra field on a text block (e.g. citations) carrying a private key is blocked, not sent', async () => {
    const before = h.fake.requests.length;
    const res = await fetch(h.url + '/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', citations: [{ type: 'char_location', cited_text: PRIVATE_KEY }] }] }] }),
    });
    await res.text();
    assert.equal(res.status, 451);
    assert.equal(h.fake.requests.length, before, 'nothing reached the external backend');
  });

  test('a secret in a text document is redacted on passthrough', async () => {
    const before = h.fake.requests.length;
    const res = await fetch(h.url + '/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: `AWS_ACCESS_KEY_ID=${AWS_KEY}` } }] }] }),
    });
    await res.text();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-sekisho-decision'), 'redact; rule=redact-secrets');
    const sent = h.fake.requests.slice(before).map((r) => r.body);
    assert.equal(sent.length, 1);
    assert.ok(!sent[0]!.includes(AWS_KEY), 'the secret did not leave');
  });
});

describe('token budgets', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      backends: [{ name: 'b', flavor: 'anthropic', type: 'anthropic', apis: ['messages'] }],
      configure: (c) => {
        c.limits = [{ name: 'tiny', match: {}, scope: 'key', tokensPerDay: 1 }];
      },
    });
  });
  after(() => h.close());

  // Usage is only learned from the terminal event; a client that reads the answer and disconnects before
  // it (or a backend that never sends it) is charged the prompt estimate instead of nothing.
  test('a stream abandoned before its usage event is still charged', async () => {
    h.fake.enqueue({ kind: 'stall', afterEvents: 4 });
    const ac = new AbortController();
    const res = await fetch(h.url + '/v1/messages', {
      method: 'POST',
      signal: ac.signal,
      headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'm', max_tokens: 16, stream: true, messages: [{ role: 'user', content: 'write a long essay '.repeat(50) }] }),
    });
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    await new Promise((r) => setTimeout(r, 200));
    const next = await fetch(h.url + '/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'm', max_tokens: 16, messages: [{ role: 'user', content: 'again' }] }),
    });
    await next.text();
    assert.equal(next.status, 429, 'the abandoned request used the day budget');
  });
});
