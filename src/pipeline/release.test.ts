import { test } from 'node:test';
import assert from 'node:assert/strict';
import { releaseRequest } from './release.ts';
import type { RequestContext } from './context.ts';
import type { Runtime } from './runtime.ts';
import type { PlacedDetection } from '../inspection/inspector.ts';
import { protocols } from '../protocols/index.ts';
import { countTokensEstimate } from '../protocols/anthropic-messages/count-tokens.ts';
import { conversationKey } from './conversation-key.ts';
import { buildAuditEvent } from './build-event.ts';
import { gatewayError } from '../errors.ts';

const SECRET = 'sk-ant-api03-' + 'a'.repeat(40);

function context(json: Record<string, unknown>, detections: PlacedDetection[] = []): RequestContext {
  const parsed = protocols['anthropic-messages'].parseRequest(json);
  assert.ok(parsed.ok);
  const bytes = Buffer.from(JSON.stringify(json));
  const ctx = {
    id: 'req_1',
    startedAt: performance.now(),
    receivedAt: new Date(),
    req: { headers: {} },
    res: { headersSent: true, statusCode: 200, writableFinished: true },
    endpoint: { api: 'messages', dialect: 'anthropic-messages', upstreamPath: 'messages', generation: true },
    search: '',
    json,
    bodyBytes: bytes,
    conversation: parsed.value,
    model: parsed.value.model,
    stream: false,
    principal: { kind: 'anonymous', id: 'anonymous', groups: [] },
    findings: [],
    detections,
    uninspected: [],
    decision: { action: 'allow', enforced: 'allow', rule: 'default' },
    clientTool: 'other',
    candidates: [],
    upstreamMs: 0,
    clientAbort: new AbortController(),
  } as unknown as RequestContext;
  Object.defineProperty(ctx, 'bodyText', { configurable: true, enumerable: true, get: () => bytes.toString('utf8'), set: () => {} });
  return ctx;
}

const body = {
  model: 'claude-x',
  max_tokens: 100,
  system: 'be brief',
  tools: [{ name: 'Read', description: 'read a file', input_schema: { type: 'object' } }],
  messages: [
    { role: 'user', content: 'first question ' + 'q'.repeat(2000) },
    { role: 'assistant', content: [{ type: 'thinking', thinking: `the key is ${SECRET}`, signature: 'sig' }, { type: 'text', text: 'answer' }] },
    { role: 'user', content: `use ${SECRET}` },
  ],
};
const runtime = (captures: boolean): Runtime => ({ audit: captures ? { capturesTranscripts: true } : undefined }) as unknown as Runtime;

test('release: drops the body, the parsed value and the history; keeps what is asked for later', () => {
  const text = `use ${SECRET}`;
  const detection = { detection: { type: 'secret', ruleId: 'anthropic', value: SECRET, start: 4, end: 4 + SECRET.length, valueStart: 4, valueEnd: 4 + SECRET.length, confidence: 'high' }, location: { surface: 'message', path: 'messages[2].content' }, text } as unknown as PlacedDetection;
  const full = context(structuredClone(body), [detection]);
  const ctx = context(structuredClone(body), [detection]);
  ctx.countsPromptTokens = true;
  const key = conversationKey(full);
  const tokens = countTokensEstimate(full.conversation!);
  releaseRequest(ctx, runtime(false));
  assert.equal(ctx.released, true);
  assert.deepEqual(ctx.json, {});
  assert.equal(ctx.bodyBytes, undefined);
  assert.equal(ctx.bodyText, '');
  assert.deepEqual(ctx.conversation!.messages, []);
  // What the answer encoders read stays (a Responses answer echoes the system part as `instructions`).
  assert.deepEqual(ctx.conversation!.system, full.conversation!.system);
  // What the answer encoders read stays.
  assert.deepEqual(ctx.conversation!.tools, full.conversation!.tools);
  assert.equal(ctx.conversation!.model, 'claude-x');
  // Worked out from the full request before it was dropped.
  assert.equal(ctx.sessionKey, key);
  assert.equal(ctx.promptTokens, tokens);
  assert.equal(ctx.predictedUnredactable, true, 'the secret is also inside signed thinking');
  // The audit event says the same as for the request never released.
  full.sessionKey = key;
  full.receivedAt = ctx.receivedAt; // (built a moment apart: the events' times would differ)
  const a = buildAuditEvent(full, Buffer.alloc(32, 1));
  const b = buildAuditEvent(ctx, Buffer.alloc(32, 1));
  assert.equal(b.unredactable, true);
  assert.deepEqual({ ...b, latencyMs: 0, overheadMs: 0 }, { ...a, latencyMs: 0, overheadMs: 0 });
  // Idempotent.
  releaseRequest(ctx, runtime(false));
  assert.equal(ctx.sessionKey, key);
});

test('release: without findings nothing is predicted unredactable; a refusal after release is recorded alike', () => {
  const ctx = context(structuredClone(body));
  releaseRequest(ctx, runtime(false));
  assert.equal(ctx.predictedUnredactable, false);
  assert.equal(ctx.promptTokens, undefined, 'no limit stage asked for it');
  ctx.error = gatewayError('SEKISHO_ERR_UPSTREAM_ABORTED', {});
  ctx.forwarding = true;
  const event = buildAuditEvent(ctx, Buffer.alloc(32, 1));
  assert.equal(event.unredactable, undefined);
  assert.equal(event.error, 'SEKISHO_ERR_UPSTREAM_ABORTED');
});

test('release: the body text stays when the audit trail captures transcripts', () => {
  const ctx = context(structuredClone(body));
  const text = ctx.bodyText;
  releaseRequest(ctx, runtime(true));
  assert.deepEqual(ctx.json, {});
  assert.deepEqual(ctx.conversation!.messages, []);
  assert.equal(ctx.bodyText, text);
});
