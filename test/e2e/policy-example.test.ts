/**
 * The worked example of docs/policy.md, exactly as shipped in examples/policy.yaml, end to end with the
 * gateway's real detectors and a real own-code index (`sekisho index add` of a company repository):
 * an ordinary request goes to the external model; a secret is redacted on the way out and restored in
 * the answer; pasted company code and personal data keep the session on the internal model; a private
 * key is blocked with a message naming the rule and the request id.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import { PASTED_SNIPPET, writeCompanyRepo } from '../support/company-repo.ts';
import { sqliteDatabase } from '../../src/store/open-store.ts';
import { buildDetectors } from '../../src/inspection/build-detectors.ts';
import { defaultInspection } from '../../src/config/defaults.ts';
import { INDEX_FILE_NAME } from '../../src/inspection/own-code/store/rebuild-index.ts';
import { makePlaceholder } from '../../src/redaction/placeholder.ts';

const bin = new URL('../../bin/sekisho.js', import.meta.url).pathname;
const AWS_KEY = 'AKIAZ7QX3MPLRT2WVN5K';
const SECRET_KEY = Buffer.alloc(32, 5);
const PRIVATE_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let dir = '';
let h: Harness;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-example-policy-'));
  await writeCompanyRepo(join(dir, 'acme-platform'));
  const indexed = spawnSync(process.execPath, [bin, 'index', 'add', join(dir, 'acme-platform'), '--data-dir', join(dir, 'index')], { encoding: 'utf8', env: { ...process.env, SEKISHO_CONFIG: '' } });
  assert.equal(indexed.status, 0, indexed.stderr);
  const { detectors } = buildDetectors(defaultInspection(), { ownCodeIndexPath: join(dir, 'index', INDEX_FILE_NAME), requireOwnCode: true });
  await copyFile(new URL('../../examples/policy.yaml', import.meta.url), join(dir, 'policy.yaml'));
  h = await startHarness({
    inspection: 'report',
    detectors,
    backends: [
      { name: 'inside', flavor: 'vllm', zone: 'internal', apis: ['chat', 'responses', 'messages'] },
      { name: 'outside', flavor: 'anthropic', zone: 'external' },
    ],
    routes: () => [
      { match: ['coder'], targets: [{ backend: 'inside', model: 'qwen2.5-coder-32b-instruct' }], fallbacks: [] },
      { match: ['*'], targets: [{ backend: 'outside' }], fallbacks: [] },
    ],
    policy: { file: join(dir, 'policy.yaml') },
    secretKey: SECRET_KEY,
  });
});
after(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

const inside = (): string[] => h.fakes[0]!.requests.map((r) => r.body);
const outside = (): string[] => h.fakes[1]!.requests.map((r) => r.body);

/** A Claude Code-like client (Anthropic Messages, streaming) with a session id; returns text and headers. */
async function claude(session: string, prompt: string): Promise<{ text: string; decision: string | null }> {
  let decision: string | null = null;
  const client = new Anthropic({
    baseURL: h.url, apiKey: 'k', maxRetries: 0, defaultHeaders: { 'x-claude-code-session-id': session, 'user-agent': 'claude-cli/2.1.331 (external, cli)' },
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      decision = res.headers.get('x-sekisho-decision');
      return res;
    },
  });
  const message = await client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 512, messages: [{ role: 'user', content: prompt }] }).finalMessage();
  return { text: message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join(''), decision };
}

test('ordinary work goes to the external model', async () => {
  const before = outside().length;
  const r = await claude('s-ordinary', 'Explain the difference between a mutex and a semaphore');
  assert.equal(r.decision, 'allow; rule=default');
  assert.equal(outside().length, before + 1);
});

test('a secret is redacted on the way out and restored in the answer', async () => {
  // The placeholder the gateway will use: deterministic per conversation (session header) and rule.
  const placeholder = makePlaceholder('sekisho-aws-access-key-id', AWS_KEY, 'anonymous:h:x-claude-code-session-id:s-secret', SECRET_KEY);
  h.fakes[1]!.enqueue({ kind: 'text', text: `Rotate ${placeholder} now.` });
  const before = outside().length;
  const answer = await claude('s-secret', `Deploy fails with AWS_ACCESS_KEY_ID=${AWS_KEY} — why?`);
  assert.equal(answer.decision, 'redact; rule=redact-secrets');
  const body = outside()[before]!;
  assert.ok(!body.includes(AWS_KEY), 'the key never left');
  assert.ok(body.includes(placeholder), 'a placeholder took its place');
  assert.equal(answer.text, `Rotate ${AWS_KEY} now.`, 'the developer sees the original in the answer');
});

test('pasted company code keeps the whole session on the internal model', async () => {
  const [beforeIn, beforeOut] = [inside().length, outside().length];
  const first = await claude('s-code', `Why does this stall under load?\n\n${PASTED_SNIPPET}`);
  assert.equal(first.decision, 'route-internal; rule=own-code-internal');
  assert.equal(outside().length, beforeOut, 'no byte of it went out');
  assert.equal(inside().length, beforeIn + 1);
  assert.match(inside()[beforeIn]!, /qwen2\.5-coder-32b-instruct/, 'served by internalModel "coder", translated to the internal server');
  const next = await claude('s-code', 'Thanks. Now suggest a better name for the function.');
  assert.equal(next.decision, 'route-internal; rule=sticky:own-code-internal');
  assert.equal(outside().length, beforeOut);
  const other = await claude('s-other', 'Suggest a better name for a rate limiter function.');
  assert.equal(other.decision, 'allow; rule=default');
});

test('personal data stays internal (Codex over Responses)', async () => {
  const beforeOut = outside().length;
  let decision: string | null = null;
  const client = new OpenAI({
    baseURL: h.url + '/v1', apiKey: 'k', maxRetries: 0, defaultHeaders: { originator: 'codex_exec', 'session-id': 'codex-1' },
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      decision = res.headers.get('x-sekisho-decision');
      return res;
    },
  });
  const response = await client.responses.stream({ model: 'gpt-5-codex', input: 'Write a welcome mail to hanako.yamada@example.co.jp', store: false }).finalResponse();
  assert.ok(response.output_text.length > 0);
  assert.equal(decision, 'route-internal; rule=personal-data-internal');
  assert.equal(outside().length, beforeOut);
});

test('a private key is blocked outright, with the rule and the request id', async () => {
  const [beforeIn, beforeOut] = [inside().length, outside().length];
  const err = (await claude('s-key', `Is this key still valid?\n${PRIVATE_KEY}`).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
  assert.ok(err instanceof Anthropic.APIError && err.status === 451, String(err));
  const requestId = err.headers?.get('x-request-id');
  const message = (err.error as { error?: { message?: string } }).error?.message;
  assert.equal(message, `Blocked by Sekisho policy rule "no-private-keys": a private key must never be sent to a model; remove it and ask again. Quote request id ${requestId} to your security team.`);
  assert.deepEqual([inside().length, outside().length], [beforeIn, beforeOut]);
});

test('an auditor finds every decision above in the trail, without a secret in it, and the chain verifies', async () => {
  const rows = sqliteDatabase(h.gateway.runtime.store).prepare('SELECT body FROM audit_events ORDER BY seq').all() as Array<{ body: string }>;
  const events = rows.map((r) => JSON.parse(r.body) as { decision: { action: string; rule: string }; served?: { zone: string }; findings: Array<{ ruleId: string }> });
  const rules = new Set(events.map((e) => `${e.decision.action}:${e.decision.rule}`));
  for (const expected of ['allow:default', 'redact:redact-secrets', 'route-internal:own-code-internal', 'route-internal:personal-data-internal', 'block:no-private-keys']) {
    assert.ok(rules.has(expected), `${expected} in ${[...rules].join(', ')}`);
  }
  // Later turns of a pinned session are recorded as sticky and served internally.
  assert.ok(events.some((e) => e.decision.rule.startsWith('sticky:') && e.served?.zone === 'internal'));
  const trail = rows.map((r) => r.body).join('\n');
  assert.ok(!trail.includes(AWS_KEY) && !trail.includes('PRIVATE KEY-----\nMC'), 'no plaintext secret in the trail');
  // The auditor's own check, as a separate process with the data directory (the gateway keeps running).
  const verified = spawnSync(process.execPath, [bin, 'audit', 'verify', '--data-dir', h.dataDir], { encoding: 'utf8', env: { ...process.env, SEKISHO_CONFIG: '' } });
  assert.equal(verified.status, 0, verified.stdout + verified.stderr);
});
