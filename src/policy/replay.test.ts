import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent } from '../audit/audit-event.ts';
import type { Finding } from '../inspection/finding.ts';
import { compilePolicy } from './compile.ts';
import { replayEvents, parseSince } from './replay.ts';
import type { PolicyDocument } from './types.ts';

function finding(type: Finding['type'], ruleId: string): Finding {
  return { type, ruleId, confidence: 'high', start: 0, end: 1, valueStart: 0, valueEnd: 1, location: { surface: 'message-text', message: 0, part: 0 }, valueHash: 'ab'.repeat(32) };
}

function event(id: string, findings: Finding[], decision: AuditEvent['decision'], extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id, time: '2026-03-02T01:00:00.000Z', principal: { kind: 'key', id: 'key:alice', user: 'alice', groups: ['eng'] }, clientTool: 'claude-code',
    api: 'messages', requestedModel: 'claude-sonnet-4-5', decision, findings, uninspected: 0, latencyMs: 10, overheadMs: 1, status: 200, ...extra,
  };
}

const allow = { action: 'allow', enforced: 'allow', rule: 'default' } as const;
const NEW: PolicyDocument = {
  default: 'allow',
  monitor: false,
  rules: [
    { name: 'no-private-keys', action: 'block', monitor: false, when: { findings: [{ rule: ['sekisho-private-key'], minCount: 1 }] } },
    { name: 'pii-internal', action: 'route-internal', monitor: false, when: { findings: [{ type: ['pii'], minCount: 1 }] } },
    { name: 'secrets', action: 'redact', monitor: false, when: { findings: [{ type: ['secret'], minCount: 1 }] } },
    { name: 'watch-external', action: 'block', monitor: true, when: { zones: ['external'], users: ['mallory'] } },
  ],
};

test('replay: re-decides from recorded findings and reports what would change', async () => {
  const events = [
    event('req_1', [], allow),
    event('req_2', [finding('secret', 'sekisho-private-key')], allow),
    event('req_3', [finding('secret', 'aws-access-token')], { action: 'redact', enforced: 'redact', rule: 'old-secrets' }),
    event('req_4', [finding('pii', 'pii-email')], allow, { session: 's1' }),
    event('req_5', [], allow, { session: 's1', time: '2026-03-02T01:05:00.000Z' }),
    event('req_6', [], allow, { session: 's2' }),
    event('req_7', [], allow, { principal: { kind: 'key', id: 'key:m', user: 'mallory', groups: [] } }),
  ];
  const report = await replayEvents(events, { policy: compilePolicy(NEW), zoneFor: () => 'external' });
  assert.equal(report.events, 7);
  assert.equal(report.changed, 4);
  assert.equal(report.ruleOnly, 1, 'req_3: still redacted, by another rule');
  assert.deepEqual(report.transitions, [
    { from: 'allow', to: 'allow', count: 2 },
    { from: 'allow', to: 'route-internal', count: 2 },
    { from: 'allow', to: 'allow (monitor: block)', count: 1 },
    { from: 'allow', to: 'block', count: 1 },
    { from: 'redact', to: 'redact', count: 1 },
  ]);
  assert.deepEqual(report.changes.map((c) => [c.id, c.new.rule]), [
    ['req_2', 'no-private-keys'],
    ['req_4', 'pii-internal'],
    ['req_5', 'sticky:pii-internal'],
    ['req_7', 'watch-external'],
  ]);
  assert.deepEqual(report.changes[0], {
    id: 'req_2', time: '2026-03-02T01:00:00.000Z', principal: 'key:alice', model: 'claude-sonnet-4-5',
    old: { action: 'allow', enforced: 'allow', rule: 'default' }, new: { action: 'block', enforced: 'block', rule: 'no-private-keys' },
  });
});

test('replay: zone and time are facts too; the listing is bounded but everything is counted', async () => {
  const policy = compilePolicy({ default: 'allow', monitor: false, rules: [
    { name: 'night', action: 'block', monitor: false, when: { zones: ['external'], time: { hours: { start: 0, end: 360 }, timezone: 'Asia/Tokyo' } } },
  ] });
  const events = [
    event('day', [], allow, { time: '2026-03-02T03:00:00.000Z' }), // 12:00 Tokyo
    event('night-ext', [], allow, { time: '2026-03-02T18:00:00.000Z' }), // 03:00 Tokyo
    event('night-int', [], allow, { time: '2026-03-02T18:00:00.000Z', requestedModel: 'local-coder' }),
    event('night-ext-2', [], allow, { time: '2026-03-02T19:00:00.000Z' }),
  ];
  const report = await replayEvents(events, { policy, zoneFor: (m) => (m === 'local-coder' ? 'internal' : 'external'), limit: 1 });
  assert.equal(report.changed, 2);
  assert.deepEqual(report.changes.map((c) => c.id), ['night-ext']);
});

test('--since durations', async () => {
  assert.equal(parseSince('7d'), 7 * 86_400_000);
  assert.equal(parseSince('12h'), 12 * 3_600_000);
  assert.equal(parseSince('30m'), 30 * 60_000);
  assert.equal(parseSince('2026-03-01'), undefined);
});

test('replay re-decides from the recorded uninspected kinds and unredactable flag (the fail-closed default too)', async () => {
  const policy = compilePolicy({ default: 'redact', monitor: false, rules: [{ name: 'design', action: 'allow', monitor: false, when: { users: ['dana'], uninspected: ['image'] } }] });
  const events = [
    event('shot', [], allow, { uninspected: 1, uninspectedKinds: [['image']] }),
    event('shot-dana', [], allow, { uninspected: 1, uninspectedKinds: [['image']], principal: { kind: 'key', id: 'key:dana', user: 'dana', groups: [] } }),
    event('signed', [finding('secret', 'aws')], allow, { unredactable: true }),
    event('plain', [], allow),
  ];
  const report = await replayEvents(events, { policy, zoneFor: () => 'external', internalRouteFor: () => false });
  assert.deepEqual(report.changes.map((c) => [c.id, c.new.enforced, c.new.rule]), [
    ['shot', 'block', 'default:uninspected'],
    ['signed', 'block', 'default:unredactable'],
    ['plain', 'redact', 'default'],
  ]);
  const internal = await replayEvents(events.slice(0, 1), { policy, zoneFor: () => 'external', internalRouteFor: () => true });
  assert.equal(internal.changes[0]!.new.enforced, 'route-internal');
});

test('replay: refused requests are counted, not re-decided, and do not pin sessions', async () => {
  const refused = (id: string, rule: string, extra: Partial<AuditEvent> = {}): AuditEvent =>
    event(id, [], { action: 'refused', enforced: 'refused', rule, reason: 'key revoked' }, { status: 401, error: rule, ...extra });
  const events = [
    refused('req_r1', 'SEKISHO_ERR_UNAUTHENTICATED'),
    // A refusal after policy had decided (no internal backend): its findings would now block, but it is
    // not re-decided either, and its session is not pinned by it.
    { ...refused('req_r2', 'SEKISHO_ERR_POLICY_NO_INTERNAL_BACKEND', { session: 's9' }), findings: [finding('pii', 'pii-email')] },
    event('req_a', [], allow, { session: 's9' }),
    event('req_b', [finding('secret', 'sekisho-private-key')], allow),
  ];
  const report = await replayEvents(events, { policy: compilePolicy(NEW), zoneFor: () => 'external' });
  assert.equal(report.refused, 2);
  assert.equal(report.events, 2);
  assert.deepEqual(report.changes.map((c) => c.id), ['req_b'], 'req_a is not pinned by the refused req_r2');
  assert.ok(report.transitions.every((t) => !t.from.includes('refused')));
});
