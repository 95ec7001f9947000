import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEgress } from './egress-check.ts';
import { Inspector } from '../inspection/inspector.ts';
import type { Detector } from '../inspection/detector.ts';
import type { RequestContext } from './context.ts';
import type { Runtime } from './runtime.ts';
import { silentLogger } from '../log.ts';

/** Value = whatever follows `token=` up to a space or quote: it also matches a placeholder there. */
const tokenRule: Detector = {
  name: 'token',
  scan(text) {
    return [...text.matchAll(/token=([^\s"]+)/g)].map((m) => {
      const start = m.index + 6;
      return { type: 'secret' as const, ruleId: 'token', confidence: 'high' as const, start: m.index, end: start + m[1]!.length, valueStart: start, valueEnd: start + m[1]!.length, value: m[1]! };
    });
  },
};

function setup(enforced: 'redact' | 'allow') {
  const runtime = {
    config: { inspection: { mode: 'redact' } },
    inspector: new Inspector({ detectors: [tokenRule], hashKey: Buffer.alloc(32, 1) }),
    log: silentLogger,
  } as unknown as Runtime;
  const ctx = {
    id: 'req_1',
    endpoint: { api: 'messages', dialect: 'anthropic-messages' },
    decision: { action: enforced, enforced, rule: 'r' },
    findings: [],
  } as unknown as RequestContext;
  return (body: unknown) => checkEgress(ctx, runtime, 'anthropic-messages', JSON.stringify(body));
}

const msg = (content: unknown) => ({ model: 'm', messages: [{ role: 'user', content }] });

test('under redact: a placeholder where a value was is fine; any other value refuses', () => {
  const check = setup('redact');
  assert.doesNotThrow(() => check(msg('use token=REDACTED_TOKEN_0123456789 now')));
  assert.throws(() => check(msg('use token=hunter2hunter2 now')), (e: Error & { code?: string }) => e.code === 'SEKISHO_ERR_EGRESS_CHECK' && /token at message-text message 0 messages\[0\]\.content/.test(e.message));
  // A placeholder with more text glued to it is not a placeholder.
  assert.throws(() => check(msg('token=REDACTED_TOKEN_0123456789ABCD')), /still carried/);
  // Keys count like values.
  assert.throws(() => check({ model: 'm', messages: [], metadata: { 'token=abc': 1 } }), /still carried/);
});

test('under redact: values in signed content are left to policy (reported unredactable), elsewhere they refuse', () => {
  const check = setup('redact');
  const signed = { role: 'assistant', content: [{ type: 'thinking', thinking: 'token=abc', signature: 'sig' }, { type: 'redacted_thinking', data: 'token=def' }] };
  assert.doesNotThrow(() => check({ model: 'm', messages: [signed] }));
  const unsigned = { role: 'assistant', content: [{ type: 'thinking', thinking: 'token=abc' }] };
  assert.throws(() => check({ model: 'm', messages: [unsigned] }), /still carried/);
  // A field merely named like a signed path elsewhere is not signed content.
  assert.throws(() => check({ model: 'm', messages: [signed], 'messages[0].content[0].thinking': 'token=x' }), /still carried/);
});
