/**
 * `sekisho policy check | test | replay` as a security engineer runs them: the real binary, a config
 * file with routes and zones, policy files (valid and not), a request body inspected by the gateway's
 * own detectors, and an audit trail in the store (the `audit_events` table with the contract columns,
 * written here since the audit trail is built separately).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store.ts';
import { appendEvent } from '../../src/audit/audit-store.ts';
import type { AuditEvent } from '../../src/audit/audit-event.ts';
import type { Finding } from '../../src/inspection/finding.ts';

const bin = new URL('../../bin/sekisho.js', import.meta.url).pathname;
let dir = '';

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, 'policy', ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000, env: { ...process.env, SEKISHO_CONFIG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CONFIG = `
dataDir: ./data
inspection: { mode: report }
backends:
  - { name: inside, type: openai, url: "http://127.0.0.1:9/v1", zone: internal }
  - { name: outside, type: anthropic, url: "http://127.0.0.1:9/v1", zone: external }
routes:
  - { match: local-coder, targets: [ { backend: inside } ] }
  - { match: "*", targets: [ { backend: outside } ] }
policy:
  file: ./policy.yaml
`;

const POLICY = `
internalModel: local-coder
rules:
  - name: no-private-keys
    action: block
    reason: private keys must never leave the company
    when: { findings: { rule: sekisho-private-key } }
  - name: personal-data-internal
    action: route-internal
    when: { findings: { type: pii, confidence: medium } }
  - name: redact-secrets
    action: redact
    when: { findings: { type: secret } }
`;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-policy-cmd-'));
  await writeFile(join(dir, 'sekisho.yaml'), CONFIG);
  await writeFile(join(dir, 'policy.yaml'), POLICY);
  await writeFile(join(dir, 'bad.yaml'), 'rules:\n  - name: x\n    action: allow\n    when: { clientTools: [claude] }\n');
  await writeFile(join(dir, 'badmodel.yaml'), 'internalModel: gpt-5\n');
  await writeFile(join(dir, 'request.json'), JSON.stringify({
    model: 'claude-sonnet-4-5',
    max_tokens: 512,
    messages: [{ role: 'user', content: 'Send the report to hanako.yamada@example.co.jp and use AWS key AKIAZ7QX3MPLRT2WVN5K' }],
  }));
});
after(() => rm(dir, { recursive: true, force: true }));

test('policy check: a valid policy is summarised; invalid ones exit 2 at file:line:col', () => {
  const ok = run(['check', '--config', 'sekisho.yaml']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^policy OK: .*policy\.yaml\n  3 rules \(first match wins\), default allow, internalModel local-coder, hash [0-9a-f]{16}\n  - no-private-keys: block\n  - personal-data-internal: route-internal\n  - redact-secrets: redact\n$/);

  const bad = run(['check', '--config', 'sekisho.yaml', '--policy', 'bad.yaml']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bad\.yaml:4:27: rules\[0\]\.when\.clientTools\[0\] must be one of: claude-code, codex, opencode, openai-sdk, anthropic-sdk, other/);

  const model = run(['check', '--config', 'sekisho.yaml', '--policy', 'badmodel.yaml']);
  assert.equal(model.code, 2);
  assert.match(model.stderr, /badmodel\.yaml: internalModel "gpt-5" is routed only to external backends/);

  const usage = run(['frobnicate']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /unknown subcommand "frobnicate"/);
});

test('policy test: findings (no values), the decision, the rule that fired and why', () => {
  const r = run(['test', 'request.json', '--config', 'sekisho.yaml', '--user', 'alice', '--client-tool', 'claude-code']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^request: messages, model claude-sonnet-4-5 \(external zone\), client tool claude-code, principal anonymous \(user alice\)$/m);
  assert.match(r.stdout, /^findings: 2$/m);
  assert.match(r.stdout, /^  pii\s+pii-email\s+medium/m);
  assert.match(r.stdout, /^decision: route-internal — rule personal-data-internal$/m);
  assert.match(r.stdout, /^  ✗ no-private-keys: findings did not match$/m);
  assert.match(r.stdout, /^  ✓ personal-data-internal: 1 finding: pii\/pii-email \(medium\)$/m);
  assert.match(r.stdout, /^header: x-sekisho-decision: route-internal; rule=personal-data-internal$/m);
  assert.ok(!r.stdout.includes('hanako') && !r.stdout.includes('AKIAZ7QX3MPLRT2WVN5K'), 'no values printed');

  const json = run(['test', 'request.json', '--config', 'sekisho.yaml', '--json', '--policy', 'bad.yaml']);
  assert.equal(json.code, 2, 'an invalid --policy is refused by test as well');
  const ok = run(['test', 'request.json', '--config', 'sekisho.yaml', '--json', '--model', 'local-coder']);
  const parsed = JSON.parse(ok.stdout) as { api: string; zone: string; decision: { rule: string }; findings: Array<{ rule: string }> };
  assert.equal(parsed.api, 'messages');
  assert.equal(parsed.zone, 'internal');
  assert.equal(parsed.decision.rule, 'personal-data-internal');
  assert.deepEqual(parsed.findings.map((f) => f.rule).sort(), ['pii-email', 'sekisho-aws-access-key-id']);
});

function finding(type: Finding['type'], ruleId: string, confidence: Finding['confidence'] = 'high'): Finding {
  return { type, ruleId, confidence, start: 0, end: 1, valueStart: 0, valueEnd: 1, location: { surface: 'message-text', message: 0, part: 0 }, valueHash: '0'.repeat(64) };
}

test('policy replay: what a new policy would change over the recorded trail', async () => {
  const none = run(['replay', '--config', 'sekisho.yaml']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no database at/);

  await mkdir(join(dir, 'data'), { recursive: true });
  // A trail written through the audit port, as the gateway writes it.
  const store = openStore(join(dir, 'data'));
  const now = Date.now();
  const at = (hoursAgo: number): string => new Date(now - hoursAgo * 3_600_000).toISOString();
  const allow = { action: 'allow', enforced: 'allow', rule: 'default' } as const;
  const base: Omit<AuditEvent, 'id' | 'time' | 'decision' | 'findings'> = { principal: { kind: 'key', id: 'key:alice', user: 'alice', groups: [] }, clientTool: 'claude-code', api: 'messages', requestedModel: 'claude-sonnet-4-5', uninspected: 0, latencyMs: 5, overheadMs: 1, status: 200 };
  const events: AuditEvent[] = [
    { ...base, id: 'req_old', time: at(24 * 10), decision: allow, findings: [finding('secret', 'sekisho-private-key')] },
    { ...base, id: 'req_key', time: at(30), decision: allow, findings: [finding('secret', 'sekisho-private-key')] },
    { ...base, id: 'req_mail', time: at(20), decision: allow, findings: [finding('pii', 'pii-email', 'medium')], session: 'sess-a' },
    { ...base, id: 'req_mail_2', time: at(19), decision: allow, findings: [], session: 'sess-a' },
    { ...base, id: 'req_plain', time: at(2), decision: allow, findings: [] },
    { ...base, id: 'req_aws', time: at(1), decision: { action: 'redact', enforced: 'redact', rule: 'default' }, findings: [finding('secret', 'sekisho-aws-access-key-id', 'medium')] },
    // Refused by the gateway itself (a revoked key): counted, never re-decided, whatever it carried.
    { ...base, id: 'req_refused', time: at(3), status: 401, error: 'SEKISHO_ERR_UNAUTHENTICATED', decision: { action: 'refused', enforced: 'refused', rule: 'SEKISHO_ERR_UNAUTHENTICATED', reason: 'key revoked' }, findings: [finding('secret', 'sekisho-private-key')] },
  ];
  for (const e of events) await appendEvent(store.audit, e);
  await store.close();

  const r = run(['replay', '--config', 'sekisho.yaml', '--since', '7d']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^replayed 5 recorded requests from .* to now under .*policy\.yaml \(hash [0-9a-f]{16}\)$/m);
  assert.match(r.stdout, /^3 would change; 1 more keep their outcome under another rule$/m);
  assert.match(r.stdout, /^1 refused request was not re-decided: the gateway refused it before policy/m);
  assert.ok(!r.stdout.includes('req_refused'));
  assert.match(r.stdout, /^\s+2  allow → route-internal   \*$/m);
  assert.match(r.stdout, /^\s+1  allow → block   \*$/m);
  assert.match(r.stdout, /^\s+1  allow → allow$/m);
  assert.match(r.stdout, /^  req_key  \S+  key:alice  claude-sonnet-4-5: allow \(default\) → block \(no-private-keys\)$/m);
  assert.match(r.stdout, /^  req_mail_2 .*→ route-internal \(sticky:personal-data-internal\)$/m);
  assert.ok(!r.stdout.includes('req_old'), 'outside --since');

  const json = run(['replay', '--config', 'sekisho.yaml', '--since', '1d', '--json', '--policy', 'badmodel.yaml']);
  assert.equal(json.code, 2);
  const monitor = join(dir, 'monitor.yaml');
  await writeFile(monitor, 'monitor: true\nrules:\n  - { name: no-keys, action: block, when: { findings: { rule: sekisho-private-key } } }\n');
  const j = run(['replay', '--config', 'sekisho.yaml', '--since', '2d', '--json', '--policy', 'monitor.yaml']);
  assert.equal(j.code, 0, j.stderr);
  const report = JSON.parse(j.stdout) as { events: number; refused: number; changed: number; changes: Array<{ id: string; new: { action: string; enforced: string; monitor?: boolean } }> };
  assert.equal(report.events, 5);
  assert.equal(report.refused, 1);
  assert.deepEqual(report.changes.map((c) => [c.id, c.new]), [
    ['req_key', { action: 'block', enforced: 'allow', rule: 'no-keys', monitor: true }],
    ['req_aws', { action: 'allow', enforced: 'allow', rule: 'default' }],
  ]);
});

test('policy test shows uninspected content and the fail-closed default keeping it internal', async () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString('base64');
  await writeFile(join(dir, 'screenshot.json'), JSON.stringify({
    model: 'claude-sonnet-4-5', max_tokens: 10,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'what is wrong here?' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }] }],
  }));
  const r = run(['test', 'screenshot.json', '--config', 'sekisho.yaml']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^uninspected: image$/m);
  assert.match(r.stdout, /^decision: route-internal — rule default:uninspected$/m);
  assert.match(r.stdout, /no rule explicitly allows it \(default decided allow\)/);
});

test('policy test inspects what the gateway forwards: a value in a field no parser models is found, a body the gateway refuses is refused', async () => {
  // An unknown top-level field and a tool's `metadata`: forwarded verbatim, so the gateway scans them;
  // the canonical conversation does not hold them.
  const token = 'ghp_' + 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx';
  await writeFile(join(dir, 'hidden.json'), JSON.stringify({
    model: 'claude-sonnet-4-5', max_tokens: 10,
    messages: [{ role: 'user', content: 'explain a mutex' }],
    x_notes: { deploy: `GITHUB_TOKEN=${token}` },
  }));
  const r = run(['test', 'hidden.json', '--config', 'sekisho.yaml', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { findings: Array<{ type: string; where: string }>; decision: { action: string } };
  assert.ok(out.findings.some((f) => f.type === 'secret' && f.where.includes('x_notes')), JSON.stringify(out.findings));
  assert.equal(out.decision.action, 'redact');
  assert.ok(!r.stdout.includes(token), 'the value is printed');

  await writeFile(join(dir, 'dupkey.json'), '{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"model":"local-coder"}');
  const dup = run(['test', 'dupkey.json', '--config', 'sekisho.yaml']);
  assert.equal(dup.code, 2);
  assert.match(dup.stderr, /the gateway would refuse this body \(400\).*duplicate/i);
});
