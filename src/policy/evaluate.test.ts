import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { compilePolicy } from './compile.ts';
import { evaluatePolicy, formatDecisionHeader } from './evaluate.ts';
import { buildPolicyDocument } from './build-policy.ts';
import type { RawPolicyDocument } from './raw-policy.ts';
import type { FindingFacts, PolicyFacts } from './types.ts';

/** A policy from YAML text, as a file would give it. */
function policy(yaml: string) {
  return compilePolicy(buildPolicyDocument(parse(yaml) as RawPolicyDocument, 'allow'));
}

const aws: FindingFacts = { type: 'secret', ruleId: 'aws-access-token', confidence: 'high' };
const entropy: FindingFacts = { type: 'secret', ruleId: 'generic-api-key', confidence: 'low' };
const email: FindingFacts = { type: 'pii', ruleId: 'pii-email', confidence: 'medium' };
const code: FindingFacts = { type: 'own-code', ruleId: 'own-code', confidence: 'high', ownCode: { repository: 'payments-api' } };

function facts(over: Partial<PolicyFacts> = {}): PolicyFacts {
  return {
    findings: [],
    principal: { id: 'key:alice-laptop', user: 'alice', team: 'payments', groups: ['engineering', 'contractors'] },
    clientTool: 'claude-code',
    model: 'claude-sonnet-4-5',
    zone: 'external',
    time: new Date('2026-03-04T03:00:00Z'), // Wednesday 12:00 in Tokyo
    ...over,
  };
}

const rule = (when: string, action = 'block'): string => `
rules:
  - name: r
    action: ${action}
    when: ${when}
`;

function fires(yaml: string, f: PolicyFacts): boolean {
  return evaluatePolicy(policy(yaml), f).decision.rule === 'r';
}

test('findings: type, rule glob, minimum confidence, count and repository', () => {
  assert.ok(fires(rule('{ findings: { type: secret } }'), facts({ findings: [aws] })));
  assert.ok(!fires(rule('{ findings: { type: pii } }'), facts({ findings: [aws] })));
  assert.ok(fires(rule('{ findings: { type: [pii, secret] } }'), facts({ findings: [aws] })), 'a list is alternatives');
  assert.ok(fires(rule('{ findings: { rule: "aws-*" } }'), facts({ findings: [aws] })));
  assert.ok(!fires(rule('{ findings: { rule: "aws" } }'), facts({ findings: [aws] })), 'globs are anchored');
  assert.ok(fires(rule('{ findings: { confidence: medium } }'), facts({ findings: [email] })));
  assert.ok(fires(rule('{ findings: { confidence: medium } }'), facts({ findings: [aws] })), 'high is at least medium');
  assert.ok(!fires(rule('{ findings: { confidence: medium } }'), facts({ findings: [entropy] })));
  assert.ok(!fires(rule('{ findings: { type: secret, minCount: 2 } }'), facts({ findings: [aws, email] })));
  assert.ok(fires(rule('{ findings: { type: secret, minCount: 2 } }'), facts({ findings: [aws, entropy] })));
  assert.ok(!fires(rule('{ findings: { type: secret, confidence: high, minCount: 2 } }'), facts({ findings: [aws, entropy] })), 'every field holds for each counted finding');
  assert.ok(fires(rule('{ findings: { repository: "payments-*" } }'), facts({ findings: [code] })));
  assert.ok(!fires(rule('{ findings: { repository: "*" } }'), facts({ findings: [aws] })), 'findings without a repository never match a repository condition');
  assert.ok(fires(rule('{ findings: [ { type: own-code }, { type: pii } ] }'), facts({ findings: [email] })), 'a list of conditions is alternatives');
  assert.ok(!fires(rule('{ findings: { type: secret } }'), facts()), 'no findings');
});

test('principal: users, teams, groups, keys', () => {
  assert.ok(fires(rule('{ users: [bob, alice] }'), facts()));
  assert.ok(!fires(rule('{ users: bob }'), facts()));
  assert.ok(fires(rule('{ teams: "pay*" }'), facts()));
  assert.ok(fires(rule('{ groups: contractors }'), facts()), 'any one of the principal\'s groups');
  assert.ok(!fires(rule('{ groups: admins }'), facts()));
  assert.ok(fires(rule('{ keys: alice-laptop }'), facts()), 'a bare key id');
  assert.ok(fires(rule('{ keys: "key:alice-*" }'), facts()), 'a principal id glob');
  assert.ok(!fires(rule('{ keys: alice-laptop }'), facts({ principal: { id: 'oidc:alice-laptop', groups: [] } })), 'an OIDC subject is not a key');
  assert.ok(!fires(rule('{ users: "*" }'), facts({ principal: { id: 'anonymous', groups: [] } })), 'no user: a user condition cannot hold');
});

test('client tool, model, zone', () => {
  assert.ok(fires(rule('{ clientTools: [codex, claude-code] }'), facts()));
  assert.ok(!fires(rule('{ clientTools: opencode }'), facts()));
  assert.ok(fires(rule('{ models: "claude-*" }'), facts()));
  assert.ok(!fires(rule('{ models: "gpt-*" }'), facts()));
  assert.ok(fires(rule('{ zone: external }'), facts()));
  assert.ok(!fires(rule('{ zone: internal }'), facts()));
  const { zone: _unused, ...unrouted } = facts();
  assert.ok(!fires(rule('{ zone: [internal, external] }'), unrouted), 'an unrouted model is in no zone');
});

test('time windows are evaluated in the rule\'s time zone, with wrap past midnight', () => {
  const wedNoonTokyo = new Date('2026-03-04T03:00:00Z');
  const wedNoonUtcIsNightInTokyo = new Date('2026-03-04T15:30:00Z'); // Thu 00:30 in Tokyo
  const office = '{ time: { days: [mon, tue, wed, thu, fri], hours: "09:00-18:00", timezone: Asia/Tokyo } }';
  assert.ok(fires(rule(office), facts({ time: wedNoonTokyo })));
  assert.ok(!fires(rule(office), facts({ time: wedNoonUtcIsNightInTokyo })));
  const night = '{ time: { hours: "22:00-06:00", timezone: Asia/Tokyo } }';
  assert.ok(fires(rule(night), facts({ time: wedNoonUtcIsNightInTokyo })));
  assert.ok(!fires(rule(night), facts({ time: wedNoonTokyo })));
  assert.ok(fires(rule('{ time: { days: [wed] } }'), facts({ time: new Date('2026-03-04T23:59:00Z') })), 'UTC by default');
  assert.ok(!fires(rule('{ time: { days: [wed], timezone: Asia/Tokyo } }'), facts({ time: new Date('2026-03-04T23:59:00Z') })), 'already Thursday in Tokyo');
  assert.ok(fires(rule('{ time: { hours: "09:00-18:00", timezone: Asia/Tokyo } }'), facts({ time: new Date('2026-03-04T00:00:00Z') })), 'start inclusive');
  assert.ok(!fires(rule('{ time: { hours: "09:00-18:00", timezone: Asia/Tokyo } }'), facts({ time: new Date('2026-03-04T09:00:00Z') })), 'end exclusive');
  // New York switches to daylight saving time on 2026-03-08: 13:30 UTC is 08:30 before and 09:30 after.
  const ny = '{ time: { hours: "09:00-17:00", timezone: America/New_York } }';
  assert.ok(!fires(rule(ny), facts({ time: new Date('2026-03-06T13:30:00Z') })));
  assert.ok(fires(rule(ny), facts({ time: new Date('2026-03-09T13:30:00Z') })));
});

test('conditions are ANDed; a rule without conditions matches everything', () => {
  const both = '{ users: alice, findings: { type: pii } }';
  assert.ok(!fires(rule(both), facts()));
  assert.ok(fires(rule(both), facts({ findings: [email] })));
  assert.ok(!fires(rule(both), facts({ findings: [email], principal: { id: 'key:x', user: 'bob', groups: [] } })));
  assert.ok(fires(rule('{}'), facts()));
  assert.ok(fires('rules: [ { name: r, action: block } ]', facts()));
});

test('the first matching rule wins, in file order; the default applies when none matches', () => {
  const p = policy(`
default: redact
rules:
  - { name: first, action: route-internal, when: { findings: { type: pii } } }
  - { name: second, action: block, when: { findings: { type: pii } } }
  - { name: third, action: allow, when: { users: alice } }
`);
  assert.equal(evaluatePolicy(p, facts({ findings: [email] })).decision.rule, 'first', 'not the strictest: the first');
  assert.deepEqual(evaluatePolicy(p, facts({ findings: [aws] })).decision, { action: 'allow', enforced: 'allow', rule: 'third' });
  assert.deepEqual(evaluatePolicy(p, facts({ principal: { id: 'anonymous', groups: [] } })).decision, { action: 'redact', enforced: 'redact', rule: 'default' });
  assert.equal(policy('{}').document.default, 'allow');
});

test('monitor mode: per rule and global; the action is recorded, allow is enforced', () => {
  const perRule = policy(`
rules:
  - { name: watch-keys, action: block, monitor: true, when: { findings: { type: secret } }, reason: keys stay home }
  - { name: block-pii, action: block, when: { findings: { type: pii } } }
`);
  assert.deepEqual(evaluatePolicy(perRule, facts({ findings: [aws] })).decision, { action: 'block', enforced: 'allow', rule: 'watch-keys', monitor: true, reason: 'keys stay home' });
  assert.deepEqual(evaluatePolicy(perRule, facts({ findings: [email] })).decision, { action: 'block', enforced: 'block', rule: 'block-pii' });
  const global = policy(`
monitor: true
default: redact
rules:
  - { name: block-pii, action: block, when: { findings: { type: pii } } }
  - { name: ok, action: allow, when: { users: alice } }
`);
  assert.deepEqual(evaluatePolicy(global, facts({ findings: [email] })).decision, { action: 'block', enforced: 'allow', rule: 'block-pii', monitor: true });
  assert.deepEqual(evaluatePolicy(global, facts({ principal: { id: 'anonymous', groups: [] } })).decision, { action: 'redact', enforced: 'allow', rule: 'default', monitor: true });
  assert.deepEqual(evaluatePolicy(global, facts()).decision, { action: 'allow', enforced: 'allow', rule: 'ok' }, 'allow has nothing to withhold');
});

test('explain: why the rule fired and why earlier rules did not (names and counts, no values)', () => {
  const p = policy(`
rules:
  - { name: contractors, action: block, when: { groups: admins } }
  - { name: keys, action: redact, when: { clientTools: claude-code, findings: { type: secret } } }
`);
  const result = evaluatePolicy(p, facts({ findings: [aws, aws] }), { explain: true });
  assert.equal(result.decision.rule, 'keys');
  assert.deepEqual(result.why, ['2 findings: secret/aws-access-token (high) ×2', 'client tool claude-code']);
  assert.deepEqual(result.trace, [
    { rule: 'contractors', matched: false, why: ['groups did not match'] },
    { rule: 'keys', matched: true, why: ['2 findings: secret/aws-access-token (high) ×2', 'client tool claude-code'] },
  ]);
});

test('the decision header', () => {
  assert.equal(formatDecisionHeader({ action: 'allow', enforced: 'allow', rule: 'default' }), 'allow; rule=default');
  assert.equal(formatDecisionHeader({ action: 'block', enforced: 'block', rule: 'no-private-keys' }), 'block; rule=no-private-keys');
  assert.equal(formatDecisionHeader({ action: 'block', enforced: 'allow', rule: 'no-private-keys', monitor: true }), 'allow; monitor=block; rule=no-private-keys');
  assert.equal(formatDecisionHeader({ action: 'route-internal', enforced: 'route-internal', rule: 'sticky:own-code' }), 'route-internal; rule=sticky:own-code');
});
