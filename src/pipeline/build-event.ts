/**
 * Turns a finished request's context into its AuditEvent: names, ids, counts and keyed hashes only.
 * The session is an HMAC of the session key (never the key itself: it can hold a client's session id).
 */
import { createHmac } from 'node:crypto';
import { hmacKey } from '../util/hmac-key.ts';
import type { Principal, RequestContext } from './context.ts';
import { finalStatus, overheadMs, refusalCode } from './context.ts';
import { conversationKey } from './conversation-key.ts';
import type { AuditEvent, AuditPolicyDecision, AuditRefusal } from '../domain/audit-event.ts';
import type { Finding } from '../inspection/finding.ts';
import { kindsOf } from '../inspection/uninspected.ts';
import { predictUnredactable } from '../redaction/unredactable.ts';

/** HMAC-SHA-256 under the installation key, domain-separated from finding hashes; 32 hex characters. */
export function sessionHash(secretKey: Buffer, sessionKey: string): string {
  // Every turn of a session hashes the same key: the last few hundred are remembered (per key Buffer).
  let memo = sessionHashes.get(secretKey);
  if (memo === undefined) sessionHashes.set(secretKey, (memo = new Map()));
  const known = memo.get(sessionKey);
  if (known !== undefined) return known;
  const hash = createHmac('sha256', hmacKey(secretKey)).update('sekisho-audit-session\0').update(sessionKey).digest('hex').slice(0, 32);
  if (sessionKey.length <= 512) {
    if (memo.size >= 512) memo.clear();
    memo.set(sessionKey, hash);
  }
  return hash;
}
const sessionHashes = new WeakMap<Buffer, Map<string, string>>();

/** The principal as recorded: identity fields only (no credential details). */
export function auditPrincipal(p: Principal): AuditEvent['principal'] {
  const principal: AuditEvent['principal'] = { kind: p.kind, id: p.id, groups: [...p.groups] };
  if (p.user !== undefined) principal.user = p.user;
  if (p.team !== undefined) principal.team = p.team;
  if (p.unverified) principal.unverified = true;
  return principal;
}

/** The policy decision as recorded. */
function auditDecision(d: RequestContext['decision']): AuditPolicyDecision {
  const decision: AuditPolicyDecision = { action: d.action, enforced: d.enforced, rule: d.rule };
  if (d.monitor) decision.monitor = true;
  if (d.reason !== undefined) decision.reason = d.reason;
  return decision;
}

/** What the trail and the access log say instead of a model name that held a finding. */
export const WITHHELD_MODEL = '[withheld: the model name held a finding]';

/**
 * The requested model as recorded. The model name is client text like any other: a credential pasted
 * there is found by inspection (surface `field`, path `model`), and it must not then be written in
 * clear to the audit trail, the access log or a SIEM. Withheld when a finding sits in the model field
 * (also decoded from it) or its value occurs in the name.
 */
export function recordedModel(ctx: Pick<RequestContext, 'model' | 'detections'>): string {
  if (!ctx.model) return ctx.model;
  for (const d of ctx.detections) {
    const path = d.location.path ?? '';
    if (d.location.surface === 'field' && (path === 'model' || path.startsWith('model#'))) return WITHHELD_MODEL;
    const value = d.detection.value;
    if (value.length > 0 && ctx.model.includes(value)) return WITHHELD_MODEL;
  }
  return ctx.model;
}

/** `text` with every occurrence of a withheld model name replaced. */
function withoutModel(ctx: Pick<RequestContext, 'model' | 'detections'>, text: string): string {
  return ctx.model && recordedModel(ctx) !== ctx.model ? text.split(ctx.model).join(WITHHELD_MODEL) : text;
}

/** The decision as recorded: the refusal when the gateway refused the request itself, else policy's. */
export function recordedDecision(ctx: RequestContext): AuditEvent['decision'] {
  const code = refusalCode(ctx);
  if (code === undefined) return auditDecision(ctx.decision);
  const refusal: AuditRefusal = { action: 'refused', enforced: 'refused', rule: code };
  if (ctx.error?.info.reason !== undefined) refusal.reason = withoutModel(ctx, ctx.error.info.reason);
  if (ctx.decided) refusal.policy = auditDecision(ctx.decision);
  return refusal;
}

export function buildAuditEvent(ctx: RequestContext, secretKey: Buffer): AuditEvent {
  const principal = auditPrincipal(ctx.principal);
  const decision = recordedDecision(ctx);
  const event: AuditEvent = {
    id: ctx.id,
    time: ctx.receivedAt.toISOString(),
    principal,
    clientTool: ctx.clientTool,
    api: ctx.endpoint.api,
    stream: ctx.stream,
    requestedModel: recordedModel(ctx),
    decision,
    findings: ctx.findings.map(auditFinding),
    uninspected: ctx.uninspected.length,
    latencyMs: Math.round(performance.now() - ctx.startedAt),
    overheadMs: Number(overheadMs(ctx).toFixed(2)),
    status: finalStatus(ctx),
  };
  const session = ctx.sessionKey ?? (ctx.conversation ? conversationKey(ctx) : undefined);
  if (session !== undefined) event.session = sessionHash(secretKey, session);
  if (ctx.served) event.served = { backend: ctx.served.backend, model: ctx.served.model, zone: ctx.served.zone, mode: ctx.served.mode };
  if (ctx.redaction) event.redacted = ctx.redaction.values;
  if (ctx.uninspected.length > 0) event.uninspectedKinds = ctx.uninspected.map(kindsOf);
  if (ctx.redaction?.unredactable || (ctx.predictedUnredactable ?? predictUnredactable(ctx.conversation, ctx.detections))) event.unredactable = true;
  if (ctx.usage) event.usage = { inputTokens: ctx.usage.inputTokens, outputTokens: ctx.usage.outputTokens };
  if (ctx.error) event.error = ctx.error.code;
  return event;
}

/**
 * A finding as recorded: its fields picked one by one, so a property a detector adds (which might hold
 * matched text) never reaches the trail.
 */
function auditFinding(f: Finding): Finding {
  const out: Finding = {
    type: f.type,
    ruleId: f.ruleId,
    confidence: f.confidence,
    start: f.start,
    end: f.end,
    valueStart: f.valueStart,
    valueEnd: f.valueEnd,
    location: { ...f.location },
    valueHash: f.valueHash,
  };
  if (f.encodings) out.encodings = [...f.encodings];
  if (f.description !== undefined) out.description = f.description;
  if (f.ownCode) out.ownCode = { ...f.ownCode };
  if (f.continuesAt) out.continuesAt = { ...f.continuesAt };
  return out;
}
