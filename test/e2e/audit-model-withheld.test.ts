/**
 * A credential pasted into the model name is found like any other value, and must then not be
 * written in clear where the gateway records the request: the audit event's `requestedModel`, the
 * refusal reason, and the access log line all say the name was withheld.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, requestLogs, type Harness } from '../support/gateway-harness.ts';
import { patternDetector } from '../support/pattern-detector.ts';
import { sqliteDatabase } from '../../src/store/open-store.ts';
import { WITHHELD_MODEL } from '../../src/pipeline/build-event.ts';
import type { AuditEvent } from '../../src/audit/audit-event.ts';
import type { PolicyDocument } from '../../src/policy/types.ts';

const SECRET = 'tok_live_' + 'Q7wZ3kP9xR2mV8nB4cT6'; // split so this file is not itself a finding
const POLICY: PolicyDocument = {
  default: 'allow',
  monitor: false,
  rules: [{ name: 'no-live-tokens', action: 'block', monitor: false, reason: 'no live tokens', when: { findings: [{ rule: ['test-live-token'], minCount: 1 }] } }],
};

let h: Harness;
const events = (): AuditEvent[] =>
  (sqliteDatabase(h.gateway.runtime.store).prepare('SELECT body FROM audit_events ORDER BY seq').all() as Array<{ body: string }>).map((r) => JSON.parse(r.body) as AuditEvent);

before(async () => {
  h = await startHarness({
    inspection: 'report',
    detectors: [patternDetector('live', 'secret', 'test-live-token', /tok_live_[A-Za-z0-9]{20}/g)],
    policy: { document: POLICY },
  });
});
after(() => h.close());

async function post(path: string, body: unknown): Promise<number> {
  const res = await fetch(`${h.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k', authorization: 'Bearer k' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

test('a blocked request whose model name holds the credential: the trail and the log withhold the name', async () => {
  const before = events().length;
  const status = await post('/v1/messages', { model: `claude-${SECRET}`, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(status, 451);
  const event = events().at(-1)!;
  assert.equal(events().length, before + 1);
  assert.equal(event.decision.action, 'block');
  assert.equal(event.requestedModel, WITHHELD_MODEL);
  assert.ok(!JSON.stringify(events()).includes(SECRET), 'the audit trail holds the credential');
  const lines = requestLogs(h);
  assert.equal(lines.at(-1)!['model'], WITHHELD_MODEL);
  assert.ok(!h.logs.join('\n').includes(SECRET), 'the log holds the credential');
});

test('a clean model name is recorded as sent, also next to findings elsewhere in the request', async () => {
  await post('/v1/chat/completions', { model: 'qwen-coder', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(events().at(-1)!.requestedModel, 'qwen-coder');
  await post('/v1/chat/completions', { model: 'qwen-coder', messages: [{ role: 'user', content: `use ${SECRET}` }] });
  const event = events().at(-1)!;
  assert.equal(event.findings.length, 1);
  assert.equal(event.requestedModel, 'qwen-coder');
});

test('refused because inspection failed or ran over its time: the model name is still withheld', async () => {
  const live = patternDetector('live', 'secret', 'test-live-token', /tok_live_[A-Za-z0-9]{20}/g);
  // Fails on the conversation (a crafted body can make an inspector throw); the name alone still scans.
  const failsOnBoom = { name: 'boom', scan: (text: string) => (text.includes('BOOM') ? (() => { throw new Error('detector failed'); })() : live.scan(text)) };
  // Fails on everything: the name cannot be inspected either, so it is withheld unread (fail closed).
  const alwaysFails = { name: 'broken', scan: (): never => { throw new Error('detector failed'); } };
  const cases: Array<{ detectors: Array<typeof live>; timeoutMs?: number; status: number; code: string; model: string }> = [
    { detectors: [failsOnBoom], status: 500, code: 'SEKISHO_ERR_INSPECTION_FAILED', model: `claude-${SECRET}` },
    { detectors: [alwaysFails], status: 500, code: 'SEKISHO_ERR_INSPECTION_FAILED', model: 'any-name-at-all' },
    { detectors: [live], timeoutMs: -1, status: 0, code: 'SEKISHO_ERR_INSPECTION_TIMEOUT', model: `claude-${SECRET}` },
  ];
  for (const c of cases) {
    const g = await startHarness({ inspection: 'report', detectors: c.detectors, configure: (config) => { if (c.timeoutMs !== undefined) config.inspection.timeoutMs = c.timeoutMs; } });
    try {
      const res = await fetch(`${g.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: JSON.stringify({ model: c.model, max_tokens: 10, messages: [{ role: 'user', content: 'BOOM' }] }) });
      await res.arrayBuffer();
      assert.ok(res.status >= 400, `${c.code}: ${res.status}`);
      const all = (sqliteDatabase(g.gateway.runtime.store).prepare('SELECT body FROM audit_events ORDER BY seq').all() as Array<{ body: string }>).map((r) => JSON.parse(r.body) as AuditEvent);
      const event = all.at(-1)!;
      assert.equal(event.error, c.code);
      assert.equal(event.requestedModel, WITHHELD_MODEL, c.code);
      assert.ok(!JSON.stringify(all).includes(c.model), `${c.code}: the audit trail holds the name`);
      assert.ok(!g.logs.join('\n').includes(c.model), `${c.code}: the log holds the name`);
    } finally {
      await g.close();
    }
  }
});
