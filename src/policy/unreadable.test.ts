import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { compilePolicy } from './compile.ts';
import { evaluatePolicy, formatDecisionHeader } from './evaluate.ts';
import { buildPolicyDocument } from './build-policy.ts';
import type { RawPolicyDocument } from './raw-policy.ts';
import type { FindingFacts, PolicyFacts } from './types.ts';
import { UNINSPECTED_RULE, UNREDACTABLE_RULE } from './unreadable.ts';

function policy(yaml: string, fallback: 'allow' | 'redact' = 'allow') {
  return compilePolicy(buildPolicyDocument(parse(yaml) as RawPolicyDocument, fallback));
}

const aws: FindingFacts = { type: 'secret', ruleId: 'aws-access-token', confidence: 'high' };

function facts(over: Partial<PolicyFacts> = {}): PolicyFacts {
  return {
    findings: [],
    principal: { id: 'key:dana', user: 'dana', team: 'design', groups: [] },
    clientTool: 'claude-code',
    model: 'claude-sonnet',
    zone: 'external',
    time: new Date('2026-03-04T03:00:00Z'),
    uninspected: [],
    ...over,
  };
}
const screenshot = { uninspected: [['image'] as const] };
const decide = (yaml: string, f: PolicyFacts, fallback: 'allow' | 'redact' = 'allow') => evaluatePolicy(policy(yaml, fallback), f).decision;

test('the uninspected condition matches when any entry has any listed kind', () => {
  const yaml = 'rules:\n  - { name: r, action: block, when: { uninspected: [pdf, url] } }\n';
  assert.equal(decide(yaml, facts({ uninspected: [['image', 'url']] })).rule, 'r', 'a remote image is a url');
  assert.equal(decide(yaml, facts({ uninspected: [['pdf']] })).rule, 'r');
  assert.notEqual(decide(yaml, facts({ uninspected: [['image'], ['document', 'file-ref']] })).rule, 'r');
  assert.notEqual(decide(yaml, facts()).rule, 'r', 'nothing uninspected');
  const single = 'rules:\n  - { name: r, action: block, when: { uninspected: file-ref } }\n';
  assert.equal(decide(single, facts({ uninspected: [['document', 'file-ref']] })).rule, 'r', 'a single kind is accepted');
});

test('the unredactable condition matches true and false', () => {
  const yes = 'rules:\n  - { name: r, action: block, when: { unredactable: true } }\n';
  assert.equal(decide(yes, facts({ unredactable: true })).rule, 'r');
  assert.notEqual(decide(yes, facts({ unredactable: false })).rule, 'r');
  const no = 'rules:\n  - { name: r, action: route-internal, when: { unredactable: false, findings: { type: secret } } }\n';
  assert.equal(decide(no, facts({ findings: [aws] })).rule, 'r', 'absent fact is false');
});

test('default fail-closed: uninspected content bound for an external model is kept internal, or refused without one', () => {
  const internal = decide('rules: []', facts({ ...screenshot, internalRoute: true }));
  assert.deepEqual([internal.action, internal.enforced, internal.rule], ['route-internal', 'route-internal', UNINSPECTED_RULE]);
  const refused = decide('rules: []', facts(screenshot));
  assert.deepEqual([refused.action, refused.enforced, refused.rule], ['block', 'block', UNINSPECTED_RULE]);
  assert.match(refused.reason!, /cannot inspect \(image\).*pasted screenshot.*Remove the attachment.*security team/);
  const viaInternalModel = decide('internalModel: local-coder\nrules: []', facts(screenshot));
  assert.equal(viaInternalModel.enforced, 'route-internal', 'policy.internalModel serves it');
});

test('fail-closed leaves internal-zone and unknown models, blocks and route-internal decisions alone', () => {
  assert.equal(decide('rules: []', facts({ ...screenshot, zone: 'internal' })).enforced, 'allow');
  assert.equal(decide('rules: []', facts({ ...screenshot, zone: undefined })).enforced, 'allow');
  const block = decide('rules:\n  - { name: b, action: block, when: { teams: design } }\n', facts(screenshot));
  assert.deepEqual([block.enforced, block.rule], ['block', 'b']);
  const internal = decide('rules:\n  - { name: i, action: route-internal }\n', facts(screenshot));
  assert.deepEqual([internal.enforced, internal.rule], ['route-internal', 'i']);
});

test('first match wins: only the rule that fired can explicitly allow, and only the kinds it lists', () => {
  const yaml = `
rules:
  - name: design-screenshots
    action: redact
    when: { teams: design, uninspected: [image] }
  - name: everyone-else
    action: allow
`;
  const ok = decide(yaml, facts(screenshot));
  assert.deepEqual([ok.enforced, ok.rule], ['redact', 'design-screenshots']);
  const remote = decide(yaml, facts({ uninspected: [['image', 'url']] }));
  assert.deepEqual([remote.enforced, remote.rule], ['redact', 'design-screenshots'], 'an image behind a URL is still an image');
  const pdfToo = decide(yaml, facts({ uninspected: [['image'], ['pdf']] }));
  assert.deepEqual([pdfToo.enforced, pdfToo.rule], ['block', UNINSPECTED_RULE], 'the PDF is not covered');
  const otherTeam = decide(yaml, facts({ ...screenshot, principal: { id: 'key:x', team: 'payments', groups: [] } }));
  assert.deepEqual([otherTeam.enforced, otherTeam.rule], ['block', UNINSPECTED_RULE], 'a generic allow is not an explicit allowance');
  const blockRule = decide('rules:\n  - { name: watch, action: block, monitor: true, when: { uninspected: image } }\n', facts(screenshot));
  assert.deepEqual([blockRule.enforced, blockRule.rule], ['block', UNINSPECTED_RULE], 'a monitored block rule naming images is no allowance');
});

test('unredactable values under redact fail closed unless the firing rule says unredactable: true', () => {
  const f = facts({ findings: [aws], unredactable: true, internalRoute: true });
  const d = decide('rules: []', f, 'redact');
  assert.deepEqual([d.enforced, d.rule], ['route-internal', UNREDACTABLE_RULE]);
  assert.match(d.reason!, /cannot replace it/);
  const explicit = decide('rules:\n  - { name: accept, action: redact, when: { unredactable: true } }\n', f, 'redact');
  assert.deepEqual([explicit.enforced, explicit.rule], ['redact', 'accept']);
  assert.equal(decide('rules: []', facts({ findings: [aws], unredactable: true }), 'allow').enforced, 'allow', 'allow sends the value by choice anyway');
  assert.equal(decide('rules: []', facts({ findings: [aws], unredactable: false }), 'redact').enforced, 'redact');
});

test('unreadable: allow turns the default off; monitor mode records it without enforcing', () => {
  assert.equal(decide('unreadable: allow\nrules: []', facts(screenshot)).enforced, 'allow');
  const monitored = decide('monitor: true\nrules: []', facts(screenshot));
  assert.deepEqual([monitored.action, monitored.enforced, monitored.monitor], ['block', 'allow', true]);
  assert.equal(formatDecisionHeader(monitored), `allow; monitor=block; rule=${UNINSPECTED_RULE}`);
});

test('explain shows why the default stepped in', () => {
  const result = evaluatePolicy(policy('rules:\n  - { name: a, action: allow }\n'), facts(screenshot), { explain: true });
  assert.equal(result.decision.rule, UNINSPECTED_RULE);
  assert.match(result.why.at(-1)!, /content Sekisho cannot inspect \(image\) would go to an external model; no rule explicitly allows it \(a decided allow\)/);
  assert.deepEqual(result.trace!.map((t) => [t.rule, t.matched]), [['a', true], [UNINSPECTED_RULE, true]]);
});
