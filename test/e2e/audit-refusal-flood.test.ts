/**
 * A flood of requests the gateway refuses itself (here: no credential) cannot grow the audit trail
 * without bound: per kind, `audit.refusalsPerMinute` are recorded and the rest counted; requests that
 * reach policy are always recorded.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import { sqliteDatabase } from '../../src/store/open-store.ts';
import { KeyStore } from '../../src/identity/key-store.ts';
import type { AuditEvent } from '../../src/audit/audit-event.ts';

let h: Harness;
let key = '';
const events = (): AuditEvent[] =>
  (sqliteDatabase(h.gateway.runtime.store).prepare('SELECT body FROM audit_events ORDER BY seq').all() as Array<{ body: string }>).map((r) => JSON.parse(r.body) as AuditEvent);

before(async () => {
  h = await startHarness({
    audit: { refusalsPerMinute: 5 },
    inspection: 'report',
    // Only model `m` has a route: any other is refused after policy decided (SEKISHO_ERR_UNKNOWN_MODEL).
    routes: (names) => [{ match: ['m'], targets: names.map((backend) => ({ backend })), fallbacks: [] }],
    configure: (c) => {
      c.auth = { anonymous: false, adminGroups: [] };
    },
  });
  key = (await new KeyStore(h.gateway.runtime.store.keys).create({ user: 'alice', groups: [] })).key;
});
after(() => h.close());

function ask(headers: Record<string, string>, model = 'm', content = 'hi'): Promise<number> {
  return fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
  }).then(async (r) => (await r.arrayBuffer(), r.status));
}

test('40 unauthenticated requests: every one refused, 5 recorded, the rest counted; an authenticated one is recorded', async () => {
  const statuses = await Promise.all(Array.from({ length: 40 }, () => ask({})));
  assert.deepEqual(new Set(statuses), new Set([401]));
  const refused = events().filter((e) => e.decision.action === 'refused');
  // A minute boundary may fall inside the burst: then up to 5 more are recorded, carrying the count.
  assert.ok(refused.length >= 5 && refused.length <= 10, `${refused.length} recorded`);
  assert.equal(h.gateway.runtime.audit!.health().refusalsSuppressed, 40 - refused.length);
  assert.equal(await ask({ authorization: `Bearer ${key}` }), 200);
  const last = events().at(-1)!;
  assert.equal(last.decision.action, 'allow');
  assert.equal(last.principal.user, 'alice');
});

test('refusals after policy decided are never sampled out: each carries its decision and findings', async () => {
  // A flood of the same post-policy refusal (an unroutable model) first, then one carrying a credential:
  // the trail must still say who tried to send what, whatever came before it this minute.
  const auth = { authorization: `Bearer ${key}` };
  const before = events().length;
  for (let i = 0; i < 8; i++) assert.equal(await ask(auth, 'no-such-model'), 404);
  assert.equal(await ask(auth, 'no-such-model', 'db_password = "Zq8kLm2pWx7Tn4Rb"'), 404);
  const added = events().slice(before);
  assert.equal(added.length, 9, 'every post-policy refusal recorded');
  for (const e of added) {
    assert.equal(e.decision.action, 'refused');
    assert.ok((e.decision as { policy?: unknown }).policy !== undefined, JSON.stringify(e.decision));
  }
  assert.ok(added.at(-1)!.findings.some((f) => f.type === 'secret'), JSON.stringify(added.at(-1)!.findings));
});
