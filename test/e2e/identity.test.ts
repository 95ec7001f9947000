/**
 * Who may call the gateway, end to end with the official SDKs: Sekisho keys through their whole
 * lifecycle (issued → accepted → revoked / expired → refused in each client's own error format),
 * anonymous access switched off, OIDC tokens verified against a JWKS served over loopback HTTP, and the
 * principal recorded in the access log.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startHarness, logMark, nextRequestLog, type Harness } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';
import { KeyStore } from '../../src/identity/key-store.ts';
import { generateKey } from '../../src/identity/key-format.ts';
import { claims, hmacWithPublicKey, signJwt, startJwksServer, testKey, unsignedJwt, type JwksServer } from '../../src/identity/sign-jwt.test-support.ts';

type ApiError = InstanceType<typeof Anthropic.APIError> | InstanceType<typeof OpenAI.APIError>;

const anthropic = (h: Harness, apiKey: string) => new Anthropic({ baseURL: h.url, apiKey, maxRetries: 0 });
const openai = (h: Harness, apiKey: string) => new OpenAI({ baseURL: `${h.url}/v1`, apiKey, maxRetries: 0 });
const ask = (h: Harness, apiKey: string) => anthropic(h, apiKey).messages.create({ model: 'm', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
const chat = (h: Harness, apiKey: string) => openai(h, apiKey).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
const respond = (h: Harness, apiKey: string) => openai(h, apiKey).responses.create({ model: 'm', input: 'hi' });

/** Asserts an SDK call fails with `status` and a message matching `message`; returns the error. */
async function failsWith(call: Promise<unknown>, status: number, message: RegExp): Promise<ApiError> {
  let caught: unknown;
  try {
    await call;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof Anthropic.APIError || caught instanceof OpenAI.APIError, `expected an API error, got ${String(caught)}`);
  assert.equal(caught.status, status);
  assert.match(caught.message, message);
  return caught;
}

describe('Sekisho keys: lifecycle through the gateway', () => {
  let h: Harness;
  let keys: KeyStore;
  before(async () => {
    h = await startHarness({ configure: (c) => void (c.auth = { anonymous: false, adminGroups: ['sekisho-admins'] }) });
    keys = new KeyStore(h.gateway.runtime.store.keys);
  });
  after(() => h.close());

  test('a key works with each SDK and header; the principal is in the access log; the key is not', async () => {
    const { key, record } = await keys.create({ user: 'alice@example.com', team: 'payments', groups: ['dev'] });
    const mark = await logMark(h);
    const message = await ask(h, key);
    assert.equal(message.content[0]?.type, 'text');
    const line = await nextRequestLog(h, mark);
    assert.equal(line.principal, `key:${record.id}`);
    assert.equal(line.status, 200);
    assert.ok((await chat(h, key)).choices[0]?.message.content);
    assert.ok((await respond(h, key)).output_text);
    assert.ok(!h.logs.some((l) => l.includes(key.slice(4))), 'the key never appears in logs');
    // The backend never sees the developer's key.
    const upstream = h.fake.lastRequest()!;
    assert.ok(!JSON.stringify(upstream.headers).includes(key));
    assert.equal((await keys.get(record.id))?.lastUsedAt !== undefined, true, 'last use recorded');
  });

  test('revocation takes effect on the next request: 401 in Anthropic and OpenAI formats', async () => {
    const { key, record } = await keys.create({ user: 'bob' });
    await ask(h, key);
    assert.equal(await keys.revoke(record.id), 'revoked');
    const a = await failsWith(ask(h, key), 401, new RegExp(`key ${record.id} has been revoked`));
    assert.ok(a instanceof Anthropic.AuthenticationError);
    assert.equal((a.error as { error: { type: string } }).error.type, 'authentication_error');
    const c = await failsWith(chat(h, key), 401, /has been revoked/);
    assert.ok(c instanceof OpenAI.AuthenticationError);
    assert.equal(c.code, 'SEKISHO_ERR_UNAUTHENTICATED');
    const r = await failsWith(respond(h, key), 401, /has been revoked/);
    assert.equal((r as InstanceType<typeof OpenAI.APIError>).type, 'authentication_error');
    assert.equal(h.fake.requests.filter((q) => JSON.stringify(q.headers).includes('bob')).length, 0);
  });

  test('an expired key, an unknown key and a mistyped key are refused, each saying which', async () => {
    const now = Date.now();
    // Issued two hours ago, valid for one: expired now.
    const { key: expired, record } = await keys.create({ user: 'dave', expiresAt: new Date(now - 3_600_000) }, new Date(now - 7_200_000));
    await failsWith(ask(h, expired), 401, new RegExp(`key ${record.id} has expired`));
    await failsWith(chat(h, expired), 401, /has expired/);
    // Well formed with a valid checksum, but never issued by this gateway.
    await failsWith(ask(h, generateKey().key), 401, /not known to this gateway/);
    await failsWith(chat(h, expired.slice(0, -1) + (expired.endsWith('a') ? 'b' : 'a')), 401, /mistyped or truncated/);
    await failsWith(chat(h, 'sks_short'), 401, /not a complete Sekisho key/);
    // A key about to expire still works.
    await ask(h, (await keys.create({ user: 'carol', expiresAt: new Date(now + 60_000) })).key);
  });

  test('anonymous access disabled: no key, or a dummy key, is refused with what to send', async () => {
    await failsWith(ask(h, 'sk-local'), 401, /not a Sekisho key \(sks_…\); anonymous access is disabled/);
    const r = await post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(r.status, 401);
    assert.match((r.json as { error: { message: string } }).error.message, /Authentication required/);
    assert.equal(h.fake.requests.length, 5, 'only the accepted requests reached the backend');
  });
});

describe('anonymous access (the default)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  test('a dummy key is anonymous, a warning was logged at start; an sks_ key must still be valid', async () => {
    assert.ok(h.logs.some((l) => /anonymous access is enabled/.test(l) && JSON.parse(l).level === 'warn'));
    const mark = await logMark(h);
    await chat(h, 'sk-local');
    assert.equal((await nextRequestLog(h, mark)).principal, 'anonymous');
    const { key, record } = await new KeyStore(h.gateway.runtime.store.keys).create({ user: 'erin' });
    await new KeyStore(h.gateway.runtime.store.keys).revoke(record.id);
    await failsWith(chat(h, key), 401, /revoked/);
  });
});

describe('OIDC tokens', () => {
  let h: Harness;
  let jwks: JwksServer;
  const rsa = testKey('RS256', 'idp-rsa');
  const ec = testKey('ES256', 'idp-ec');
  const rogue = testKey('RS256', 'idp-rsa');
  before(async () => {
    jwks = await startJwksServer([rsa.publicJwk, ec.publicJwk]);
    h = await startHarness({
      configure: (c) => {
        c.auth = {
          anonymous: false,
          adminGroups: ['sekisho-admins'],
          oidc: {
            issuer: 'https://idp.test',
            audience: 'sekisho',
            jwks: { url: jwks.url },
            algorithms: ['RS256', 'ES256'],
            clockSkewMs: 30_000,
            jwksCacheTtlMs: 600_000,
            jwksMinRefetchMs: 30_000,
            userClaim: 'email',
            groupsClaim: 'groups',
            teamClaim: 'team',
          },
        };
      },
    });
  });
  after(async () => {
    await h.close();
    await jwks.close();
  });

  test('a valid token is accepted with each SDK; the principal is oidc:<sub>', async () => {
    const token = signJwt(rsa, claims({ sub: 'u-42', team: 'search' }));
    const mark = await logMark(h);
    await ask(h, token);
    assert.equal((await nextRequestLog(h, mark)).principal, 'oidc:u-42');
    await chat(h, signJwt(ec, claims()));
    await respond(h, token);
    assert.equal(jwks.fetches, 1, 'the JWKS is cached');
  });

  test('expired, wrong audience, wrong issuer, wrong key, alg none and HS256-with-public-key are 401 with the reason', async () => {
    const now = Math.floor(Date.now() / 1000);
    await failsWith(ask(h, signJwt(rsa, claims({ exp: now - 120 }))), 401, /OIDC token was refused: the token has expired/);
    await failsWith(chat(h, signJwt(rsa, claims({ aud: 'other-app' }))), 401, /not meant for this gateway/);
    await failsWith(respond(h, signJwt(rsa, claims({ iss: 'https://evil.test' }))), 401, /different identity provider/);
    await failsWith(chat(h, signJwt(rogue, claims())), 401, /signature is invalid/);
    await failsWith(ask(h, unsignedJwt(claims(), rsa.kid)), 401, /none\\?" is not accepted/);
    await failsWith(chat(h, hmacWithPublicKey(rsa, claims())), 401, /HS256\\?" is not accepted/);
    await failsWith(chat(h, signJwt(rsa, claims({ nbf: now + 600 }))), 401, /not valid yet/);
  });

  test('an unreachable JWKS fails closed with 503, never anonymous', async () => {
    const cold = await startHarness({
      configure: (c) => {
        c.auth = {
          anonymous: true,
          adminGroups: [],
          oidc: { issuer: 'https://idp.test', audience: 'sekisho', jwks: { url: 'http://127.0.0.1:1/jwks.json' }, algorithms: ['RS256'], clockSkewMs: 0, jwksCacheTtlMs: 600_000, jwksMinRefetchMs: 30_000, userClaim: 'email', groupsClaim: 'groups' },
        };
      },
    });
    try {
      const mark = await logMark(cold);
      await failsWith(chat(cold, signJwt(rsa, claims())), 503, /could not verify the token.*fail closed/);
      assert.equal((await nextRequestLog(cold, mark)).error, 'SEKISHO_ERR_AUTH_UNAVAILABLE');
      assert.equal(cold.fake.requests.length, 0);
    } finally {
      await cold.close();
    }
  });
});
