/**
 * Regression: every request real Claude Code sends carries its commit-attribution reminder
 * (`Co-Authored-By: Claude … <noreply@anthropic.com>`). It used to be flagged as personal data, so under
 * the worked example policy (examples/policy.yaml) every Claude Code request was routed internal. The
 * request here has the real header and body shape (test/fixtures/claude-code.ts, taken from a capture):
 * it must go to the external model with nothing flagged for that line, while a person's address typed
 * by the user still keeps the session internal.
 */
import { sqliteDatabase } from '../../src/store/open-store.ts';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import { claudeCodeRequest, CLAUDE_CODE_PATH } from '../fixtures/claude-code.ts';

let dir = '';
let h: Harness;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-attribution-'));
  await copyFile(new URL('../../examples/policy.yaml', import.meta.url), join(dir, 'policy.yaml'));
  h = await startHarness({
    inspection: 'report',
    backends: [
      { name: 'inside', flavor: 'vllm', zone: 'internal', apis: ['chat', 'responses', 'messages'] },
      { name: 'outside', flavor: 'anthropic', zone: 'external' },
    ],
    routes: () => [
      { match: ['coder'], targets: [{ backend: 'inside', model: 'qwen2.5-coder-32b-instruct' }], fallbacks: [] },
      { match: ['*'], targets: [{ backend: 'outside' }], fallbacks: [] },
    ],
    policy: { file: join(dir, 'policy.yaml') },
  });
});
after(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Event {
  decision: { action: string; rule: string };
  findings: Array<{ ruleId: string; type: string; location: { surface: string; message?: number; part?: number } }>;
}

function lastEvent(): Event {
  const row = sqliteDatabase(h.gateway.runtime.store).prepare('SELECT body FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { body: string };
  return JSON.parse(row.body) as Event;
}

async function send(body: Record<string, unknown>, headers: Record<string, string>, session: string): Promise<string | null> {
  const res = await fetch(h.url + CLAUDE_CODE_PATH, { method: 'POST', headers: { ...headers, 'x-claude-code-session-id': session }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  assert.equal(res.status, 200);
  return res.headers.get('x-sekisho-decision');
}

test('the real Claude Code request shape, attribution reminder included, goes to the external model', async () => {
  const { headers, body } = claudeCodeRequest({ turn: 1 });
  assert.match(JSON.stringify(body), /Co-Authored-By: Claude Opus 5\.5 <noreply@anthropic\.com>/, 'the fixture carries the real trailer');
  const before = h.fakes[1]!.requests.length;
  const decision = await send(body, headers, 'cc-attribution-1');
  assert.equal(decision, 'allow; rule=default');
  assert.equal(h.fakes[1]!.requests.length, before + 1, 'served by the external backend');
  const event = lastEvent();
  assert.deepEqual(event.findings.filter((f) => f.type === 'pii'), [], 'nothing flagged as personal data');
});

test('turn 2 (tool call and file contents) is still not personal data', async () => {
  const { headers, body } = claudeCodeRequest({ turn: 2 });
  const decision = await send(body, headers, 'cc-attribution-2');
  assert.doesNotMatch(decision ?? '', /route-internal/);
  assert.deepEqual(lastEvent().findings.filter((f) => f.type === 'pii'), []);
});

test('a real address in the user\'s message is still found and keeps the session internal', async () => {
  const { headers, body } = claudeCodeRequest({ turn: 1 });
  const messages = body['messages'] as Array<{ role: string; content: Array<{ type: string; text: string }> }>;
  const user = messages[0]!;
  user.content[user.content.length - 1]!.text = 'Draft a reply to hanako.yamada@acme-trading.co.jp about the invoice';
  const beforeOut = h.fakes[1]!.requests.length;
  const decision = await send(body, headers, 'cc-attribution-3');
  assert.equal(decision, 'route-internal; rule=personal-data-internal');
  assert.equal(h.fakes[1]!.requests.length, beforeOut, 'nothing went out');
  const pii = lastEvent().findings.filter((f) => f.type === 'pii');
  assert.deepEqual(pii.map((f) => [f.ruleId, f.location.message, f.location.part]), [['pii-email', 0, user.content.length - 1]], 'only the user\'s address, not the attribution line');
});
