/**
 * The admin API (`/admin/v1/`): only administrators get in, keys issued over HTTP work at once and stop
 * working when revoked, the policy and the audit trail can be read, and every admin call is itself an
 * audit event naming who did what — committed before the answer.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Json {
  [key: string]: unknown;
}

async function admin(h: Harness, method: string, path: string, key: string | undefined, body?: unknown): Promise<{ status: number; json: Json }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  const res = await fetch(`${h.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, json: (await res.json()) as Json };
}

const chat = (h: Harness, key: string) =>
  post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${key}` });

describe('admin API', () => {
  let h: Harness;
  let adminKey: string;
  let devKey: string;
  before(async () => {
    h = await startHarness({ configure: (c) => void (c.auth = { anonymous: false, adminGroups: [] }) });
    adminKey = (await h.gateway.runtime.keys.create({ user: 'sec@example.com', admin: true })).key;
    devKey = (await h.gateway.runtime.keys.create({ user: 'dev@example.com' })).key;
  });
  after(() => h.close());

  test('no credential → 401, a developer key → 403, unknown path → 404, wrong method → 405', async () => {
    const none = await admin(h, 'GET', '/admin/v1/keys', undefined);
    assert.equal(none.status, 401);
    assert.equal((none.json.error as Json).code, 'SEKISHO_ERR_UNAUTHENTICATED');
    const dev = await admin(h, 'GET', '/admin/v1/keys', devKey);
    assert.equal(dev.status, 403);
    assert.match(String((dev.json.error as Json).message), /needs an administrator/);
    assert.equal((await admin(h, 'GET', '/admin/v1/nothing', adminKey)).status, 404);
    assert.equal((await admin(h, 'PUT', '/admin/v1/keys', adminKey)).status, 405);
  });

  test('key lifecycle over HTTP: create (shown once) → works → listed without secret → revoke → refused', async () => {
    const created = await admin(h, 'POST', '/admin/v1/keys', adminKey, { user: 'carol@example.com', team: 'payments', groups: ['dev'], expires: '30d' });
    assert.equal(created.status, 201);
    const key = String(created.json.key);
    const id = String(created.json.id);
    assert.match(key, /^sks_/);
    assert.equal(created.json.team, 'payments');
    assert.ok(typeof created.json.expiresAt === 'string');
    assert.equal((await chat(h, key)).status, 200);

    const listed = await admin(h, 'GET', '/admin/v1/keys', adminKey);
    assert.equal(listed.status, 200);
    const entry = (listed.json.keys as Json[]).find((k) => k.id === id);
    assert.equal(entry?.state, 'active');
    assert.ok(!JSON.stringify(listed.json).includes(key.slice(4)), 'the list never contains a key');

    const revoked = await admin(h, 'DELETE', `/admin/v1/keys/${id}`, adminKey);
    assert.equal(revoked.status, 200);
    const refused = await chat(h, key);
    assert.equal(refused.status, 401);
    assert.match(refused.text, /revoked/);
    assert.equal((await admin(h, 'DELETE', '/admin/v1/keys/nosuchid', adminKey)).status, 404);
    assert.equal((await admin(h, 'DELETE', '/admin/v1/keys/%E0%A4%A', adminKey)).status, 400);
  });

  test('bad input is refused with a clear message', async () => {
    const noUser = await admin(h, 'POST', '/admin/v1/keys', adminKey, { team: 't' });
    assert.equal(noUser.status, 400);
    assert.match(String((noUser.json.error as Json).message), /"user" is required/);
    const badExpiry = await admin(h, 'POST', '/admin/v1/keys', adminKey, { user: 'x', expires: 'soonish' });
    assert.equal(badExpiry.status, 400);
    const notJson = await fetch(`${h.url}/admin/v1/keys`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}` }, body: '{' });
    assert.equal(notJson.status, 400);
  });

  test('policy status and reload', async () => {
    const policy = await admin(h, 'GET', '/admin/v1/policy', adminKey);
    assert.equal(policy.status, 200);
    assert.equal((policy.json.status as Json).source, 'inspection-mode');
    assert.ok(Array.isArray(policy.json.rules));
    const reload = await admin(h, 'POST', '/admin/v1/policy/reload', adminKey);
    assert.equal(reload.status, 400);
    assert.match(String((reload.json.error as Json).message), /not read from a file/);
  });

  test('reloading a policy file: a good version is taken, a bad one is rejected with its error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sekisho-admin-policy-'));
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, 'default: allow\nrules: []\n');
    const p = await startHarness({ policy: { file, reloadIntervalMs: 3_600_000 }, configure: (c) => void (c.auth = { anonymous: false, adminGroups: [] }) });
    try {
      const key = (await p.gateway.runtime.keys.create({ user: 'sec@example.com', admin: true })).key;
      writeFileSync(file, 'default: allow\nrules:\n  - name: no-keys\n    action: block\n    when: { findings: { type: secret } }\n');
      const good = await admin(p, 'POST', '/admin/v1/policy/reload', key);
      assert.equal(good.status, 200);
      assert.equal((good.json.status as Json).rules, 1);
      writeFileSync(file, 'default: allow\nrules:\n  - name: broken\n    action: explode\n');
      const bad = await admin(p, 'POST', '/admin/v1/policy/reload', key);
      assert.equal(bad.status, 422);
      assert.equal(bad.json.rejected, true);
      assert.equal((bad.json.status as Json).rules, 1, 'the last good policy stays');
    } finally {
      await p.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('audit reads: model requests and admin calls are events; every admin call names who did what; the chain verifies', async () => {
    const created = await admin(h, 'POST', '/admin/v1/keys', adminKey, { user: 'dave@example.com' });
    const id = String(created.json.id);
    const res = await chat(h, String(created.json.key));
    const requestId = res.headers.get('x-request-id')!;

    const one = await admin(h, 'GET', `/admin/v1/audit/events/${requestId}`, adminKey);
    assert.equal(one.status, 200);
    const event = one.json.event as Json;
    assert.equal((event.principal as Json).id, `key:${id}`);
    assert.equal(event.api, 'chat');

    const search = await admin(h, 'GET', `/admin/v1/audit/events?principal=${encodeURIComponent('key:' + id)}`, adminKey);
    assert.equal(search.status, 200);
    assert.deepEqual((search.json.events as Json[]).map((e) => (e.event as Json).id), [requestId]);

    const recent = await admin(h, 'GET', '/admin/v1/audit/events?limit=50', adminKey);
    const adminEvents = (recent.json.events as Json[]).map((e) => e.event as Json).filter((e) => e.api === 'admin');
    const createEvent = adminEvents.find((e) => (e.admin as Json).operation === 'keys.create' && (e.admin as Json).target === id);
    assert.ok(createEvent, 'the key creation is in the trail');
    assert.equal((createEvent.principal as Json).user, 'sec@example.com');
    assert.ok(adminEvents.some((e) => (e.admin as Json).operation === 'keys.revoke'));
    // A refused admin call by a known principal is recorded too (with its error).
    assert.ok(adminEvents.some((e) => e.status === 403 && e.error === 'SEKISHO_ERR_FORBIDDEN' && (e.principal as Json).user === 'dev@example.com'));
    assert.ok(!JSON.stringify(recent.json).includes(String(created.json.key).slice(4)), 'no key in the trail');

    const verify = await admin(h, 'GET', '/admin/v1/audit/verify', adminKey);
    assert.equal(verify.status, 200);
    assert.equal(verify.json.ok, true);

    const badSince = await admin(h, 'GET', '/admin/v1/audit/events?since=yesterday-ish', adminKey);
    assert.equal(badSince.status, 400);
  });
});
