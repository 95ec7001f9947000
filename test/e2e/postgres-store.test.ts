/**
 * Two gateway instances on one PostgreSQL store (store.url), each with its own data directory, signing
 * key and event loop: a per-user limit admits exactly N across both, a key issued on one works on the
 * other and a revocation on one refuses the key on the other at its next request, every answered request
 * is in one audit chain that `sekisho audit verify --store` checks with both instances' public keys, and
 * the data commands (`keys`, `audit`) take --store. Skipped with the reason when PostgreSQL is not
 * reachable (failing under CI).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import postgres from 'postgres';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import type { Config } from '../../src/config/types.ts';
import { createTestDatabase, type TestDatabase } from '../store/pg-test-db.ts';

const bin = fileURLToPath(new URL('../../bin/sekisho.js', import.meta.url));
const created = await createTestDatabase();
const db: TestDatabase | undefined = typeof created === 'string' ? undefined : created;
const skip = typeof created === 'string' ? created : false;

let one: Harness;
let two: Harness;
before(async () => {
  if (!db) return;
  const configure = (c: Config): void => {
    c.store.url = db.url;
    c.auth = { anonymous: false, adminGroups: [] };
    c.limits = [{ name: 'per-user', match: {}, scope: 'user', requestsPerMinute: 5 }];
  };
  // Instances sharing a store share the installation key (session ids are HMACs under it).
  const secretKey = randomBytes(32);
  one = await startHarness({ configure, secretKey });
  two = await startHarness({ configure, secretKey });
});
after(async () => {
  await one?.close();
  await two?.close();
  await db?.drop();
});

const ask = (h: Harness, key: string): Promise<Response> =>
  fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) });

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, SEKISHO_CONFIG: '', SEKISHO_STORE: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('two instances on one PostgreSQL store act as one gateway: shared limits, keys, revocation and audit chain', { skip }, async () => {
  assert.equal(one.gateway.runtime.store.kind, 'postgres');
  const { key, record } = await one.gateway.runtime.keys.create({ user: 'alice' });
  // 12 concurrent requests spread over both instances: exactly 5 admitted in this minute.
  const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => ask(i % 2 === 0 ? one : two, key)));
  const statuses = answers.map((r) => r.status);
  await Promise.all(answers.map((r) => r.arrayBuffer()));
  assert.equal(statuses.filter((s) => s === 200).length, 5, `statuses: ${statuses.join(',')}`);
  assert.equal(statuses.filter((s) => s === 429).length, 7);

  // Revoked through the other instance: refused at the next request, no restart, no cache to expire.
  assert.equal(await two.gateway.runtime.keys.revoke(record.id), 'revoked');
  const refused = await ask(one, key);
  await refused.arrayBuffer();
  assert.equal(refused.status, 401);

  // Every request (13) is in one chain; each instance signed checkpoints with its own key.
  await one.gateway.runtime.audit!.checkpoint();
  await two.gateway.runtime.audit!.checkpoint();
  const pub = (h: Harness): string => join(h.dataDir, 'keys', 'audit-ed25519.pub.pem');
  const verify = cli(['audit', 'verify', '--store', db!.url, '--public-key', pub(one), '--public-key', pub(two)]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /13 events/);
  const search = cli(['audit', 'search', '--store', db!.url, '--decision', 'refused', '--json']);
  assert.equal(search.code, 0, search.stderr);
  assert.equal(search.stdout.trim().split('\n').length, 8, '7 rate-limited + 1 revoked');

  const keys = cli(['keys', 'ls', '--all', '--json', '--store', db!.url]);
  assert.equal(keys.code, 0, keys.stderr);
  assert.deepEqual((JSON.parse(keys.stdout) as Array<{ id: string; state: string }>).map((k) => [k.id, k.state]), [[record.id, 'revoked']]);
  const bad = cli(['keys', 'ls', '--store', 'mysql://nope']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--store: must be a PostgreSQL URL/);
});

test('PostgreSQL failing an append: the answer is destroyed (fail closed); when it works again, so does the gateway, without a restart', { skip }, async () => {
  const { key } = await one.gateway.runtime.keys.create({ user: 'bob' });
  const admin = postgres(db!.url, { max: 1, onnotice: () => {} });
  try {
    await admin`ALTER TABLE audit_events RENAME TO audit_events_away`;
    const broken = await ask(one, key).then(
      async (r) => `complete ${r.status} ${await r.text()}`,
      (err: unknown) => `failed: ${String(err)}`,
    );
    assert.match(broken, /^failed: /, 'no complete answer without its event');
    assert.equal(one.gateway.runtime.audit!.health().ok, false);
    await admin`ALTER TABLE audit_events_away RENAME TO audit_events`;
    const ok = await ask(one, key);
    await ok.arrayBuffer();
    assert.equal(ok.status, 200);
    assert.equal(one.gateway.runtime.audit!.health().ok, true);
  } finally {
    await admin.end({ timeout: 1 });
  }
});
