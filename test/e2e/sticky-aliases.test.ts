/**
 * Red team, decision side: a session pinned internal must stay internal however the client names it on
 * a later turn — a changed or dropped session header, Codex's `session_id` header with a compacted
 * history, Claude Code's session in `metadata.user_id`, a Responses turn chained by
 * `previous_response_id` (which carries only its new input). Real HTTP on loopback, fake backends: the
 * assertion is which backend received the later turn.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { patternDetector } from '../support/pattern-detector.ts';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import type { PolicyDocument } from '../../src/policy/types.ts';

const OWN_CODE = 'func settleLedger(batch []Entry) error { return ledger.Commit(batch) }';
const LEDGER = { repository: 'ledger-service', path: 'ledger/settle.go', startLine: 10, endLine: 12, coverage: 1 };

const POLICY: PolicyDocument = {
  default: 'allow',
  monitor: false,
  internalModel: 'local-coder',
  rules: [{ name: 'keep-sensitive-internal', action: 'route-internal', monitor: false, when: { findings: [{ type: ['own-code'], minCount: 1 }] } }],
};

type Api = 'messages' | 'chat' | 'responses';
const PATH: Record<Api, string> = { messages: '/v1/messages', chat: '/v1/chat/completions', responses: '/v1/responses' };

interface Turn {
  status: number;
  decision: string | null;
  body: Record<string, unknown>;
}

async function send(h: Harness, api: Api, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Turn> {
  const res = await fetch(h.url + PATH[api], {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer client-key', 'x-api-key': 'client-key', 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify({ model: 'claude-sonnet-4-5', ...(api === 'messages' ? { max_tokens: 64 } : {}), ...body }),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* an error page */
  }
  return { status: res.status, decision: res.headers.get('x-sekisho-decision'), body: parsed };
}

function conversation(api: Api, msgs: { role: 'user' | 'assistant' | 'system'; content: string }[]): Record<string, unknown> {
  if (api === 'messages') {
    const system = msgs.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
    return { ...(system ? { system } : {}), messages: msgs.filter((m) => m.role !== 'system') };
  }
  if (api === 'chat') return { messages: msgs };
  return { input: msgs.map((m) => ({ role: m.role === 'system' ? 'developer' : m.role, content: m.content })), store: false };
}

const marks = (h: Harness): number[] => h.fakes.map((f) => f.requests.length);
const sent = (h: Harness, mark: number[]): { inside: number; outside: number } => ({ inside: h.fakes[0]!.requests.length - mark[0]!, outside: h.fakes[1]!.requests.length - mark[1]! });

describe('sticky sessions under any of their names', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      inspection: 'report',
      detectors: [patternDetector('code', 'own-code', 'own-code', /func settleLedger\([^)]*\)[^}]*\}/g, LEDGER)],
      backends: [
        { name: 'inside', flavor: 'vllm', zone: 'internal', apis: ['chat', 'responses', 'messages'] },
        { name: 'outside', flavor: 'vllm', zone: 'external', apis: ['chat', 'responses', 'messages'] },
      ],
      routes: () => [
        { match: ['local-coder'], targets: [{ backend: 'inside' }], fallbacks: [] },
        { match: ['*'], targets: [{ backend: 'outside' }], fallbacks: [] },
      ],
      policy: { document: POLICY },
    });
  });
  after(() => h.close());

  /** Turn 1 carries own code (pinned internal); turn 2 names the session differently and carries none. */
  const variants: { name: string; first: Record<string, string>; second: Record<string, string>; compacted?: boolean; metadata?: [string] }[] = [
    { name: 'session header changed, same history', first: { 'x-session-id': 's-1' }, second: { 'x-session-id': 's-2' } },
    { name: 'session header dropped, same history', first: { 'x-claude-code-session-id': 'cc-1' }, second: {} },
    { name: 'a second session header added before the first', first: { 'x-session-id': 'x-1' }, second: { 'x-claude-code-session-id': 'new-1', 'x-session-id': 'x-1' } },
    { name: "Codex's session_id header, history compacted", first: { session_id: 'codex-1' }, second: { session_id: 'codex-1' }, compacted: true },
    { name: 'header dropped, history compacted, session in metadata.user_id', first: { 'x-claude-code-session-id': '0d9c1b6e-7d1f-4a63-9a0e-111111111111' }, second: {}, compacted: true, metadata: ['user_abc_account_def_session_0d9c1b6e-7d1f-4a63-9a0e-111111111111'] },
  ];

  for (const api of ['messages', 'chat', 'responses'] as const) {
    for (const v of variants) {
      if (v.metadata && api !== 'messages') continue;
      test(`${api}: ${v.name} — the later turn stays internal`, async () => {
        const tag = `${api}-${v.name}`;
        const start = { role: 'user' as const, content: `[${tag}] Why does this deadlock?` };
        const first = [start, { role: 'assistant' as const, content: 'Show me the code.' }, { role: 'user' as const, content: OWN_CODE }];
        const headersOf = (hs: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(hs).map(([k, val]) => [k, `${val}-${api}`]));
        const t1 = await send(h, api, conversation(api, first), headersOf(v.first));
        assert.equal(t1.decision, 'route-internal; rule=keep-sensitive-internal');
        const history = v.compacted
          ? [{ role: 'user' as const, content: `[${tag}] Summary of the earlier conversation: we looked at a deadlock in the settlement job.` }]
          : [start, { role: 'assistant' as const, content: 'The commit holds the lock.' }];
        const body = conversation(api, [...history, { role: 'user', content: 'Write the fix' }]);
        if (v.metadata) body['metadata'] = { user_id: `${v.metadata[0]}-${api}` };
        const mark = marks(h);
        const t2 = await send(h, api, body, headersOf(v.second));
        assert.equal(t2.status, 200);
        assert.equal(t2.decision, 'route-internal; rule=sticky:keep-sensitive-internal');
        assert.deepEqual(sent(h, mark), { inside: 1, outside: 0 });
      });
    }
  }

  test('responses: a turn chained by previous_response_id stays internal (and the turn after it)', async () => {
    const t1 = await send(h, 'responses', { input: [{ role: 'user', content: `[chain] Why does this deadlock?\n${OWN_CODE}` }], store: true });
    assert.equal(t1.decision, 'route-internal; rule=keep-sensitive-internal');
    const id1 = t1.body['id'];
    assert.equal(typeof id1, 'string');
    let mark = marks(h);
    const t2 = await send(h, 'responses', { input: [{ role: 'user', content: 'Write the fix' }], previous_response_id: id1, store: true });
    assert.equal(t2.decision, 'route-internal; rule=sticky:keep-sensitive-internal');
    assert.deepEqual(sent(h, mark), { inside: 1, outside: 0 });
    mark = marks(h);
    const t3 = await send(h, 'responses', { input: [{ role: 'user', content: 'And the test' }], previous_response_id: t2.body['id'], store: true });
    assert.equal(t3.decision, 'route-internal; rule=sticky:keep-sensitive-internal');
    assert.deepEqual(sent(h, mark), { inside: 1, outside: 0 });
  });

  test("another caller's names do not pin: an unrelated session stays external", async () => {
    const mark = marks(h);
    const t = await send(h, 'chat', conversation('chat', [{ role: 'user', content: 'Write a haiku' }]), { 'x-session-id': 'unrelated' });
    assert.equal(t.decision, 'allow; rule=default');
    assert.deepEqual(sent(h, mark), { inside: 0, outside: 1 });
  });
});
