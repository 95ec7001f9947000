/**
 * Refusals end to end: identity is checked from the headers before the body is read; every request
 * the gateway refuses itself is recorded as `refused` with the principal it presented (audit event,
 * metrics) and skipped by policy replay; and each refusal reaches the official SDKs — with their
 * default retry settings — once, in a shape they do not retry, naming the rule and the request id once.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startHarness, OPERATOR_HEADERS, type Harness } from '../support/gateway-harness.ts';
import { patternDetector } from '../support/pattern-detector.ts';
import { sqliteDatabase } from '../../src/store/open-store.ts';
import { KeyStore } from '../../src/identity/key-store.ts';
import { generateKey } from '../../src/identity/key-format.ts';
import type { AuditEvent } from '../../src/audit/audit-event.ts';
import { replayEvents } from '../../src/policy/replay.ts';
import { compilePolicy } from '../../src/policy/compile.ts';
import type { PolicyDocument } from '../../src/policy/types.ts';

const PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-----END PRIVATE KEY-----';
const POLICY: PolicyDocument = {
  default: 'allow',
  monitor: false,
  rules: [{ name: 'no-private-keys', action: 'block', monitor: false, reason: 'private keys must never be sent to a model', when: { findings: [{ rule: ['sekisho-private-key'], minCount: 1 }] } }],
};
const BODY_LIMIT = 256 * 1024;

type Api = 'messages' | 'chat' | 'responses';
const APIS: Api[] = ['messages', 'chat', 'responses'];

let h: Harness;
let keys: KeyStore;

function events(): AuditEvent[] {
  const rows = sqliteDatabase(h.gateway.runtime.store).prepare('SELECT body FROM audit_events ORDER BY seq').all() as Array<{ body: string }>;
  return rows.map((r) => JSON.parse(r.body) as AuditEvent);
}
const eventCount = (): number => events().length;
const lastEvent = (): AuditEvent => events().at(-1)!;

/** One request with the official SDK for `api`, default retries (SDKs retry 408/409/429/5xx twice). */
function ask(api: Api, apiKey: string, text = 'hi', stream = false): Promise<unknown> {
  if (api === 'messages') {
    const client = new Anthropic({ baseURL: h.url, apiKey });
    const params = { model: 'm', max_tokens: 50, messages: [{ role: 'user' as const, content: text }] };
    return stream ? client.messages.create({ ...params, stream: true }).then(drain) : client.messages.create(params);
  }
  const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey });
  if (api === 'chat') {
    const params = { model: 'm', messages: [{ role: 'user' as const, content: text }] };
    return stream ? client.chat.completions.create({ ...params, stream: true }).then(drain) : client.chat.completions.create(params);
  }
  return stream ? client.responses.create({ model: 'm', input: text, stream: true }).then(drain) : client.responses.create({ model: 'm', input: text });
}
async function drain(s: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of s);
}

type SdkError = { status?: number; message: string; headers?: Headers; error?: unknown };
async function refusedWith(call: Promise<unknown>, status: number): Promise<SdkError> {
  const err = (await call.then(() => assert.fail('the request was not refused'), (e: unknown) => e)) as SdkError;
  assert.ok(err instanceof Anthropic.APIError || err instanceof OpenAI.APIError, String(err));
  assert.equal(err.status, status, err.message);
  return err;
}
/** The message as the client shows it: the Anthropic body's `error.message`, the OpenAI `error.message`. */
function shownMessage(api: Api, err: SdkError): string {
  const body = err.error as { message?: string; error?: { message?: string } } | undefined;
  return (api === 'messages' ? body?.error?.message : body?.message) ?? '';
}

before(async () => {
  h = await startHarness({
    inspection: 'report',
    detectors: [patternDetector('pem', 'secret', 'sekisho-private-key', /-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----/g)],
    policy: { document: POLICY },
    bodyLimitBytes: BODY_LIMIT,
    configure: (c) => {
      c.auth = { anonymous: false, adminGroups: [] };
      c.limits = [
        { name: 'burst', match: { users: ['limited'] }, scope: 'user', requestsPerMinute: 1 },
        { name: 'daily', match: { users: ['spent'] }, scope: 'user', tokensPerDay: 1 },
      ];
    },
  });
  keys = new KeyStore(h.gateway.runtime.store.keys);
});
after(() => h.close());

describe('identity before the body', () => {
  /** Sends headers and part of a body, never the rest; resolves with what the gateway answered and whether it closed. */
  function partialUpload(headers: Record<string, string>, sent: string, path = '/v1/messages'): Promise<{ head: string; closed: boolean }> {
    const { port } = new URL(h.url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let received = '';
      const timer = setTimeout(() => (socket.destroy(), reject(new Error(`no answer; got: ${received.slice(0, 200)}`))), 5_000);
      socket.on('data', (d) => (received += d.toString('latin1')));
      socket.on('close', () => {
        clearTimeout(timer);
        resolve({ head: received, closed: true });
      });
      socket.on('error', () => {});
      const lines = Object.entries({ host: 'gw', 'content-type': 'application/json', ...headers }).map(([k, v]) => `${k}: ${v}`);
      socket.write(`POST ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${sent}`);
      // Keep trickling body bytes: a gateway that reads the body would wait for the rest.
      const trickle = setInterval(() => (socket.writable ? socket.write('          ') : clearInterval(trickle)), 50);
      socket.on('close', () => clearInterval(trickle));
    });
  }

  test('no credential: 401 at once while the body is still arriving, the connection closed, the refusal audited', async () => {
    const before = eventCount();
    const { head, closed } = await partialUpload({ 'content-length': String(BODY_LIMIT - 10) }, '{"model":"m","messages":[');
    assert.match(head, /^HTTP\/1\.1 401 /);
    assert.match(head, /\r\nconnection: close\r\n/i);
    assert.ok(closed, 'the gateway closed the connection instead of reading the rest of the body');
    assert.equal(eventCount(), before + 1);
    const e = lastEvent();
    assert.deepEqual(e.principal, { kind: 'anonymous', id: 'anonymous', groups: [] });
    assert.deepEqual(e.decision, { action: 'refused', enforced: 'refused', rule: 'SEKISHO_ERR_UNAUTHENTICATED', reason: 'no credential' });
    assert.equal(e.status, 401);
    assert.equal(e.requestedModel, '', 'the body was never parsed');
  });

  test('a bad key with a declared body far over the limit is a 401 (identity first), not a 413', async () => {
    const { head } = await partialUpload({ 'content-length': String(BODY_LIMIT * 100), 'x-api-key': 'sks_nothing' }, '{');
    assert.match(head, /^HTTP\/1\.1 401 /);
    assert.equal(lastEvent().decision.rule, 'SEKISHO_ERR_UNAUTHENTICATED');
  });

  test('the admin API does not read an unauthenticated upload either', async () => {
    const { head, closed } = await partialUpload({ 'content-length': '10000000' }, '{"user":', '/admin/v1/keys');
    assert.match(head, /^HTTP\/1\.1 401 /);
    assert.match(head, /\r\nconnection: close\r\n/i);
    assert.ok(closed);
  });

  test('the SDKs get the 401 (not a broken connection) when refused in the middle of a large upload', async () => {
    const big = 'x'.repeat(BODY_LIMIT - 4096);
    for (const api of APIS) {
      const before = eventCount();
      const err = await refusedWith(ask(api, 'sk-wrong', big), 401);
      assert.ok(err instanceof Anthropic.AuthenticationError || err instanceof OpenAI.AuthenticationError, String(err));
      assert.equal(eventCount(), before + 1, `${api}: one request, not retried`);
    }
  });

  test('a valid key still reads and parses the body', async () => {
    const { key } = await keys.create({ user: 'reader' });
    await ask('chat', key, 'hello');
    assert.equal(lastEvent().decision.action, 'allow');
    assert.equal(lastEvent().requestedModel, 'm');
  });
});

describe('the trail tells the truth', () => {
  test('revoked, expired, unknown, garbage and missing credentials: the presented principal and the reason', async () => {
    const revoked = await keys.create({ user: 'rita', team: 'payments', groups: ['dev'] });
    await keys.revoke(revoked.record.id);
    const past = new Date(Date.now() - 3_600_000);
    const expired = await keys.create({ user: 'eve', expiresAt: new Date(past.getTime() + 1000) }, past);
    const stranger = generateKey();
    const cases: Array<[string, string | undefined, Partial<AuditEvent['principal']>, string]> = [
      ['revoked', revoked.key, { kind: 'key', id: `key:${revoked.record.id}`, user: 'rita', team: 'payments', groups: ['dev'], unverified: true }, 'key revoked'],
      ['expired', expired.key, { kind: 'key', id: `key:${expired.record.id}`, user: 'eve', unverified: true }, 'key expired'],
      ['unknown', stranger.key, { kind: 'key', id: `key:${stranger.id}`, groups: [], unverified: true }, 'key unknown'],
      ['checksum', stranger.key.slice(0, -1) + (stranger.key.endsWith('A') ? 'B' : 'A'), { kind: 'unknown', unverified: true }, 'key checksum'],
      ['garbage', 'sk-local', { kind: 'unknown', unverified: true }, 'credential not accepted'],
    ];
    for (const [name, credential, principal, reason] of cases) {
      const res = await fetch(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
      });
      assert.equal(res.status, 401, name);
      assert.equal(res.headers.get('x-should-retry'), 'false');
      assert.equal(res.headers.get('x-sekisho-decision'), 'refused; rule=SEKISHO_ERR_UNAUTHENTICATED');
      const e = lastEvent();
      assert.equal(e.id, res.headers.get('x-request-id'));
      for (const [k, v] of Object.entries(principal)) assert.deepEqual((e.principal as Record<string, unknown>)[k], v, `${name}: principal.${k}`);
      if (principal.kind === 'unknown') assert.match(e.principal.id, /^unknown:[0-9a-f]{16}$/, 'a keyed fingerprint, not the credential');
      assert.ok(!JSON.stringify(e).includes(credential!.slice(4)), `${name}: the credential is not in the event`);
      assert.deepEqual(e.decision, { action: 'refused', enforced: 'refused', rule: 'SEKISHO_ERR_UNAUTHENTICATED', reason }, name);
      assert.equal(e.error, 'SEKISHO_ERR_UNAUTHENTICATED');
    }
    // The same garbage credential again: the same fingerprint, so attempts can be correlated.
    const first = lastEvent().principal.id;
    await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-local' }, body: '{}' });
    assert.equal(lastEvent().principal.id, first);
    await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-other' }, body: '{}' });
    assert.notEqual(lastEvent().principal.id, first);
  });

  test('429, 413, 400 and a policy block: who asked, and refused vs decided', async () => {
    const limited = await keys.create({ user: 'limited' });
    await ask('chat', limited.key);
    // (fetch, not an SDK: SDKs rightly retry a short rate limit after its retry-after.)
    const rate = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${limited.key}` }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) });
    assert.equal(rate.status, 429);
    const wait = Number(rate.headers.get('retry-after'));
    assert.ok(wait >= 1);
    // SDKs honour a retry-after of up to 60 s; beyond that they would retry too early, in vain.
    assert.equal(rate.headers.get('x-should-retry'), wait > 60 ? 'false' : null);
    assert.match(((await rate.json()) as { error: { message: string } }).error.message, /Retry in \d+ s/);
    const tooMany = lastEvent();
    assert.equal(tooMany.status, 429);
    assert.deepEqual(tooMany.principal, { kind: 'key', id: `key:${limited.record.id}`, user: 'limited', groups: [] }, 'an accepted key: verified');
    assert.deepEqual(tooMany.decision, { action: 'refused', enforced: 'refused', rule: 'SEKISHO_ERR_RATE_LIMITED', reason: 'rate limit "burst"' });

    const { key, record } = await keys.create({ user: 'dev' });
    const large = await fetch(`${h.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x'.repeat(BODY_LIMIT) }] }) });
    assert.equal(large.status, 413);
    assert.equal(lastEvent().principal.id, `key:${record.id}`);
    assert.deepEqual(lastEvent().decision, { action: 'refused', enforced: 'refused', rule: 'SEKISHO_ERR_BODY_TOO_LARGE' });

    const bad = await fetch(`${h.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: '{"model": "m", ' });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('x-should-retry'), 'false');
    assert.deepEqual(lastEvent().decision, { action: 'refused', enforced: 'refused', rule: 'SEKISHO_ERR_INVALID_JSON' });

    await refusedWith(ask('messages', key, `look: ${PRIVATE_KEY}`), 451);
    const blocked = lastEvent();
    assert.equal(blocked.principal.id, `key:${record.id}`);
    assert.equal(blocked.decision.action, 'block', 'a policy block is a policy decision, not a refusal');
    assert.equal(blocked.decision.rule, 'no-private-keys');
    assert.equal(blocked.error, 'SEKISHO_ERR_POLICY_BLOCKED');
    assert.equal(blocked.status, 451);

    // The trail's decision column finds refusals (sekisho audit search --decision refused).
    const refusedRows = sqliteDatabase(h.gateway.runtime.store).prepare(`SELECT count(*) AS n FROM audit_events WHERE decision = 'refused'`).get() as { n: number };
    assert.equal(refusedRows.n, events().filter((e) => e.decision.action === 'refused').length);
    assert.ok(refusedRows.n >= 3);
  });

  test('metrics count refusals as refused, and only policy decisions as decisions', async () => {
    const text = await (await fetch(`${h.url}/metrics`, { headers: OPERATOR_HEADERS })).text();
    const value = (series: string): number => Number(text.split('\n').find((l) => l.startsWith(series + ' '))?.slice(series.length + 1) ?? 0);
    const all = events();
    const refusedChat401 = all.filter((e) => e.api === 'chat' && e.status === 401 && e.decision.action === 'refused').length;
    assert.ok(refusedChat401 >= 5);
    assert.equal(value('sekisho_requests_total{api="chat",status="401",action="refused"}'), refusedChat401);
    assert.equal(value('sekisho_requests_total{api="chat",status="401",action="allow"}'), 0);
    assert.equal(value('sekisho_refusals_total{api="messages",code="SEKISHO_ERR_BODY_TOO_LARGE"}'), 1);
    assert.equal(value('sekisho_refusals_total{api="chat",code="SEKISHO_ERR_RATE_LIMITED"}'), all.filter((e) => e.error === 'SEKISHO_ERR_RATE_LIMITED').length);
    assert.equal(value('sekisho_requests_total{api="messages",status="451",action="block"}'), 1);
    const decided = all.filter((e) => e.decision.action !== 'refused').length;
    const decisions = text.split('\n').filter((l) => l.startsWith('sekisho_decisions_total{')).reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
    assert.equal(decisions, decided, 'refused requests are not counted as policy decisions');
    assert.doesNotMatch(text, /unknown:|key:/, 'no principal in a label');
  });

  test('policy replay counts refused requests and does not re-decide them', async () => {
    const all = events();
    const blockAll: PolicyDocument = { default: 'block', monitor: false, rules: [] };
    const report = await replayEvents(all, { policy: compilePolicy(blockAll), zoneFor: () => 'external' });
    const refused = all.filter((e) => e.decision.action === 'refused').length;
    assert.equal(report.refused, refused);
    assert.equal(report.events, all.length - refused);
    assert.ok(report.changes.every((c) => c.old.action !== ('refused' as string)), 'no refused event is re-decided');
  });
});

describe('refusal shapes: once, readable, not retried (SDK default retries)', () => {
  for (const api of APIS) {
    for (const stream of [false, true]) {
      test(`${api}${stream ? ' stream' : ''}: a policy block names the rule and the request id once; one request, nothing forwarded`, async () => {
        const { key } = await keys.create({ user: `shape-${api}` });
        const [events0, backend0] = [eventCount(), h.fake.requests.length];
        const err = await refusedWith(ask(api, key, `key: ${PRIVATE_KEY}`, stream), api === 'messages' ? 451 : 400);
        const requestId = err.headers?.get('x-request-id') ?? '';
        assert.match(requestId, /^req_[0-9a-f]{24}$/);
        assert.equal(err.headers?.get('x-should-retry'), 'false');
        const message = shownMessage(api, err);
        assert.match(message, /^Blocked by Sekisho policy rule "no-private-keys": private keys must never be sent to a model\./);
        assert.equal(message.split(requestId).length, 2, `request id named exactly once: ${message}`);
        assert.doesNotMatch(message, /authenticat/i);
        assert.ok(!message.includes('BEGIN PRIVATE KEY'));
        assert.equal(eventCount(), events0 + 1, 'one request reached the gateway: not retried');
        assert.equal(h.fake.requests.length, backend0, 'nothing reached the backend');
      });
    }
  }

  test('a wrong key is an authentication error, once, in every dialect', async () => {
    for (const api of APIS) {
      const before = eventCount();
      const err = await refusedWith(ask(api, 'sks_wrong'), 401);
      assert.ok(err instanceof Anthropic.AuthenticationError || err instanceof OpenAI.AuthenticationError);
      assert.match(shownMessage(api, err), /not a complete Sekisho key/);
      assert.equal(eventCount(), before + 1);
    }
  });

  test('a used-up daily budget: 429 with retry-after and the wait in the message, not retried by the SDKs', async () => {
    const { key } = await keys.create({ user: 'spent' });
    await ask('chat', key); // spends the 1-token budget
    for (const api of APIS) {
      const before = eventCount();
      const err = await refusedWith(ask(api, key), 429);
      const retryAfter = Number(err.headers?.get('retry-after'));
      assert.ok(retryAfter > 60, 'resets at the end of the UTC day');
      assert.equal(err.headers?.get('x-should-retry'), 'false', 'an SDK would retry within seconds, in vain');
      assert.match(shownMessage(api, err), new RegExp(`resets in ${retryAfter} s`));
      assert.equal(eventCount(), before + 1, `${api}: not retried`);
    }
  });

  test('413 and 400 are not retried either', async () => {
    const { key } = await keys.create({ user: 'sizes' });
    for (const api of APIS) {
      const before = eventCount();
      await refusedWith(ask(api, key, 'x'.repeat(BODY_LIMIT)), 413);
      assert.equal(eventCount(), before + 1, `${api}: 413 once`);
    }
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: key });
    const before = eventCount();
    await refusedWith(client.chat.completions.create({ model: 'm', messages: 'not a list' as never }), 400);
    assert.equal(eventCount(), before + 1);
  });
});
