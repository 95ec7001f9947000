import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicyFile } from './load-policy.ts';
import { ConfigError } from '../config/config-error.ts';
import { loadConfig } from '../config/load-config.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-policy-'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function problems(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  try {
    await loadPolicyFile(path, 'allow');
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.message.replaceAll(dir + '/', '');
  }
  assert.fail('the policy was accepted');
}

test('a valid policy file loads', async () => {
  const path = join(dir, 'good.yaml');
  await writeFile(path, 'default: redact\nrules:\n  - name: no-keys\n    action: block\n    when: { findings: { rule: sekisho-private-key } }\n');
  const loaded = await loadPolicyFile(path, 'allow');
  assert.equal(loaded.document.default, 'redact');
  assert.deepEqual(loaded.document.rules[0]!.when, { findings: [{ rule: ['sekisho-private-key'], minCount: 1 }] });
  assert.match(loaded.contentHash, /^[0-9a-f]{64}$/);
});

test('schema errors are reported at file:line:col', async () => {
  const text = [
    'default: allow',
    'rules:',
    '  - name: no-keys',
    '    action: blok',
    '    when:',
    '      findings: { type: secret, confidense: high }',
    '  - name: "bad name"',
    '    action: allow',
  ].join('\n');
  assert.equal(await problems('schema.yaml', text), [
    'schema.yaml:4:13: rules[0].action must be one of: allow, redact, route-internal, block (did you mean "block"?)',
    'schema.yaml:6:33: rules[0].when.findings: unknown key "confidense" (did you mean "confidence"?)',
    'schema.yaml:7:11: rules[1].name must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  ].join('\n'));
});

test('unknown rule fields and missing required ones are refused', async () => {
  const message = await problems('fields.yaml', 'rules:\n  - name: r\n    action: block\n    priority: 1\n  - action: allow\n');
  assert.match(message, /^fields\.yaml:4:5: rules\[0\]: unknown key "priority"$/m);
  assert.match(message, /^fields\.yaml:5:5: rules\[1\]: missing required key "name"$/m);
});

test('duplicate and reserved names, unknown time zones, empty windows', async () => {
  const text = [
    'rules:',
    '  - { name: r, action: block }',
    '  - { name: r, action: allow }',
    '  - { name: default, action: allow }',
    '  - name: t',
    '    action: block',
    '    when: { time: { hours: "10:00-10:00", timezone: Mars/Olympus_Mons } }',
  ].join('\n');
  const message = await problems('semantic.yaml', text);
  assert.equal(message, [
    'semantic.yaml:3:13: rules[1].name: "r" is already the name of rules[0]',
    'semantic.yaml:4:13: rules[2].name: "default" is reserved (it names the default action)',
    'semantic.yaml:7:28: rules[3].when.time.hours must be a non-empty window (start and end are equal)',
    'semantic.yaml:7:53: rules[3].when.time.timezone: "Mars/Olympus_Mons" is not an IANA time zone such as Asia/Tokyo or Europe/Berlin',
  ].join('\n'));
});

test('bad hours and YAML syntax errors', async () => {
  assert.match(await problems('hours.yaml', 'rules:\n  - { name: r, action: block, when: { time: { hours: "9-18" } } }\n'), /^hours\.yaml:2:54: rules\[0\]\.when\.time\.hours must be a window such as "09:00-18:00" \(24-hour clock\)$/);
  assert.match(await problems('syntax.yaml', 'rules:\n  - name: r\n   action: block\n'), /^syntax\.yaml:\d+:\d+: invalid YAML/);
  await assert.rejects(loadPolicyFile(join(dir, 'nope.yaml'), 'allow'), /no such file/);
});

test('in the config file: inline rules or a file, not both; rules are checked there too', async () => {
  const path = join(dir, 'sekisho.yaml');
  await writeFile(path, 'policy:\n  file: ./policy.yaml\n  rules: []\n');
  await assert.rejects(loadConfig({ configPath: path, env: {} }), /sekisho\.yaml:3:3: policy: "rules" cannot be set here when policy\.file is set/);
  await writeFile(path, 'policy:\n  rules:\n    - { name: a, action: block }\n    - { name: a, action: block }\n');
  await assert.rejects(loadConfig({ configPath: path, env: {} }), /sekisho\.yaml:4:15: policy\.rules\[1\]\.name: "a" is already the name/);
  await writeFile(path, 'inspection: { mode: redact }\npolicy:\n  file: ./p.yaml\n  sticky: { ttl: 1h }\n');
  const config = await loadConfig({ configPath: path, env: {} });
  assert.deepEqual(config.policy, { file: join(dir, 'p.yaml'), document: null, reloadIntervalMs: 2000, sticky: { ttlMs: 3_600_000, maxSessions: 100_000 } });
  await writeFile(path, 'inspection: { mode: redact }\npolicy:\n  rules: [ { name: a, action: block, when: { users: x } } ]\n');
  const inline = await loadConfig({ configPath: path, env: {} });
  assert.equal(inline.policy.document?.default, 'redact', 'the default follows inspection.mode');
});

test('the schema\'s default annotations for the policy section match the embedded defaults', async () => {
  const { readFile } = await import('node:fs/promises');
  const { parseDuration } = await import('../config/parse-duration.ts');
  const { DEFAULTS } = await import('../config/defaults.ts');
  type Node = { properties?: Record<string, Node>; default?: unknown };
  const schema = JSON.parse(await readFile(new URL('../config/schema.json', import.meta.url), 'utf8')) as { $defs: Record<string, Node> };
  const policy = schema.$defs.policy!;
  assert.equal(parseDuration(policy.properties!.reloadInterval!.default as string), DEFAULTS.policy.reloadIntervalMs);
  assert.equal(parseDuration(policy.properties!.sticky!.properties!.ttl!.default as string), DEFAULTS.policy.sticky.ttlMs);
  assert.equal(policy.properties!.sticky!.properties!.maxSessions!.default, DEFAULTS.policy.sticky.maxSessions);
});

test('uninspected / unredactable conditions and the unreadable setting load; unknown kinds are refused', async () => {
  const path = join(dir, 'unreadable.yaml');
  await writeFile(path, 'unreadable: fail-closed\nrules:\n  - name: design\n    action: redact\n    when: { teams: design, uninspected: [image, url], unredactable: false }\n');
  const loaded = await loadPolicyFile(path, 'allow');
  assert.equal(loaded.document.unreadable, 'fail-closed');
  assert.deepEqual(loaded.document.rules[0]!.when, { teams: ['design'], uninspected: ['image', 'url'], unredactable: false });
  const message = await problems('bad-kind.yaml', 'unreadable: maybe\nrules:\n  - { name: r, action: allow, when: { uninspected: [screenshot] } }\n');
  assert.match(message, /^bad-kind\.yaml:1:13: unreadable must be one of: fail-closed, allow/m);
  assert.match(message, /rules\[0\]\.when\.uninspected/);
});
