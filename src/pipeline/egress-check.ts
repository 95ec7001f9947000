import type { RequestContext } from './context.ts';
import type { Runtime } from './runtime.ts';
import type { Finding } from '../inspection/finding.ts';
import type { PlacedDetection } from '../inspection/inspector.ts';
import type { Dialect } from '../protocols/protocol.ts';
import { collectWireSurfaces, type WireApi } from '../inspection/wire-surfaces.ts';
import { evaluatePolicy } from '../policy/evaluate.ts';
import { factsOf } from './stages/decide.ts';
import { PLACEHOLDER_PREFIX } from '../redaction/placeholder.ts';
import { gatewayError } from '../errors.ts';
import { parseJsonBytes } from './read-json.ts';

/**
 * The egress check: inspects the strings of the body actually sent upstream, when that body is not the
 * one inspected — a body rendered for a backend of another dialect (translation builds strings from
 * several inputs: system blocks joined, tool inputs serialised into `arguments`, custom tools wrapped,
 * namespaces flattened), or a passthrough body rewritten by redaction. Scans go through the inspector's
 * cache, so strings already inspected cost a lookup.
 *
 * Values inside signed content (a signed thinking or redacted_thinking block, `encrypted_content`)
 * are not counted: they cannot be edited, redaction reported them as unredactable, and what to do about
 * that is policy's decision.
 *
 * Fails closed (nothing is sent) when the body carries:
 * - under an enforced `redact`, any value a detector finds outside a placeholder (redaction should have
 *   removed it all; own code is never redacted and is not counted);
 * - otherwise, a value inspection had not seen whose addition would change the policy's decision.
 */
export function checkEgress(ctx: RequestContext, runtime: Runtime, dialect: Dialect, sent: string | Buffer): void {
  if (runtime.config.inspection.mode === 'off') return;
  const api = apiOf(ctx, dialect);
  // The very bytes that are sent, parsed again (in pieces when large: read-json.ts).
  const body: unknown = typeof sent === 'string' ? JSON.parse(sent) : parseJsonBytes(sent);
  const result = runtime.inspector.inspectSurfaces(collectWireSurfaces({ api, body }));
  // Signed content cannot be redacted: it was reported unredactable (ctx.redaction), policy decides.
  const left = result.detections.filter((d) => d.detection.type !== 'own-code' && !insidePlaceholder(d) && !inSignedContent(body, api, d));
  if (left.length === 0) return;
  const first = left[0] as PlacedDetection;
  const refuse = (d: PlacedDetection): never => {
    runtime.log.warn('egress check refused the upstream body', { requestId: ctx.id, rule: d.detection.ruleId, surface: d.location.surface });
    throw gatewayError('SEKISHO_ERR_EGRESS_CHECK', { rule: d.detection.ruleId, place: placeOf(d), requestId: ctx.id });
  };
  if (ctx.decision.enforced === 'redact') refuse(first);
  const known = new Set(ctx.findings.map((f) => f.valueHash));
  const freshHashes = new Set(left.map((d) => runtime.inspector.hashValue(d.detection.value)).filter((h) => !known.has(h)));
  if (freshHashes.size === 0) return;
  const fresh: Finding[] = result.findings.filter((f) => freshHashes.has(f.valueHash));
  const again = evaluatePolicy(runtime.policy.source.current, { ...factsOf(ctx, runtime), findings: [...ctx.findings, ...fresh] }).decision;
  if (again.enforced !== ctx.decision.enforced) refuse(left.find((d) => freshHashes.has(runtime.inspector.hashValue(d.detection.value))) ?? first);
}

/** Whether a detection sits in content the backend verifies (see redaction/redact-request.ts `signedNodes`). */
function inSignedContent(body: unknown, api: WireApi, d: PlacedDetection): boolean {
  const path = d.location.path ?? '';
  if (api === 'messages' || api === 'count_tokens') {
    const m = /^messages\[(\d+)\]\.content\[(\d+)\]\.(thinking|signature|data)$/.exec(path);
    if (!m) return false;
    const block = (body as { messages?: Array<{ content?: unknown }> }).messages?.[Number(m[1])]?.content;
    const b = Array.isArray(block) ? (block[Number(m[2])] as Record<string, unknown> | undefined) : undefined;
    return (b?.['type'] === 'thinking' && typeof b['signature'] === 'string') || b?.['type'] === 'redacted_thinking';
  }
  if (api === 'responses') {
    const m = /^input\[(\d+)\]\.encrypted_content$/.exec(path);
    const item = m ? ((body as { input?: unknown[] }).input?.[Number(m[1])] as Record<string, unknown> | undefined) : undefined;
    return item?.['type'] === 'reasoning';
  }
  return false;
}

/** The wire API of a body in `dialect` (the client's own API when it is the client's dialect). */
function apiOf(ctx: RequestContext, dialect: Dialect): WireApi {
  if (dialect === ctx.endpoint.dialect) return ctx.endpoint.api;
  return dialect === 'anthropic-messages' ? 'messages' : dialect === 'openai-chat' ? 'chat' : 'responses';
}

/** A placeholder is not a leak: a detection wholly inside one (`api_key=REDACTED_…`) is expected. */
function insidePlaceholder(d: PlacedDetection): boolean {
  const { text, detection } = d;
  const at = text.lastIndexOf(PLACEHOLDER_PREFIX, detection.valueStart);
  if (at < 0) return false;
  const m = PLACEHOLDER.exec(text.slice(at, at + 80));
  return m !== null && at + m[0].length >= detection.valueEnd;
}

/** `REDACTED_<RULE>_<10 hex>` (redaction/placeholder.ts), not followed by more placeholder characters. */
const PLACEHOLDER = /^REDACTED_[A-Z0-9_]*?_[0-9A-F]{10}(?![A-Z0-9_])/;

function placeOf(d: PlacedDetection): string {
  const l = d.location;
  return [l.surface, l.message === undefined ? '' : `message ${l.message}`, l.path ?? ''].filter(Boolean).join(' ');
}
