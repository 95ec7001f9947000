import type { RequestContext } from './context.ts';
import type { Runtime } from './runtime.ts';
import type { PlacedDetection } from '../inspection/inspector.ts';
import { makePlaceholder } from '../redaction/placeholder.ts';
import { buildReplacements, redactBody, redactConversation } from '../redaction/redact-request.ts';
import { gatewayError } from '../errors.ts';

/**
 * Replaces each found value by its conversation-stable placeholder in both the canonical conversation
 * and the raw body, keeping the originals in the conversation's vault for restoration. Runs when the
 * enforced decision is `redact`. Own-code findings are never replaced: they are for policy (keep the
 * request internal, block it); replacing a pasted function by a token would break the request, and
 * code is not a value to restore.
 */
export async function applyRedaction(ctx: RequestContext, runtime: Runtime, sessionKey: string): Promise<void> {
  const detections = ctx.detections.filter((d) => d.detection.type !== 'own-code');
  if (detections.length === 0 || !ctx.conversation) return;
  await redact(ctx, runtime, sessionKey, detections);
}

/**
 * The originals are stored (one vault operation) before anything is replaced: a vault that cannot be
 * reached rejects with SEKISHO_ERR_STATE_UNAVAILABLE and the request is refused — a value is never
 * replaced by a placeholder nobody could restore, nor sent unredacted.
 */
async function redact(ctx: RequestContext, runtime: Runtime, key: string, detections: PlacedDetection[]): Promise<void> {
  const pairs = new Map<string, string>();
  for (const { detection, text } of detections) {
    // The exact text as it appears in the request (for an encoded finding: the encoded run), so that
    // restoring gives back what the client sent.
    const original = text.slice(detection.valueStart, detection.valueEnd);
    if (original === '' || pairs.has(original)) continue;
    pairs.set(original, makePlaceholder(detection.ruleId, original, key, runtime.secretKey));
  }
  if (!(await runtime.vaults.putAll(key, [...pairs].map(([original, placeholder]): [string, string] => [placeholder, original])))) {
    throw gatewayError('SEKISHO_ERR_INSPECTION_FAILED', { detail: 'too many redacted values in this conversation' });
  }
  const replacements = buildReplacements(pairs);
  const redacted = redactConversation(ctx.conversation!, replacements);
  ctx.conversation = redacted.conversation;
  const body = redactBody(ctx.bodyText, replacements, ctx.endpoint.api);
  ctx.bodyText = body.text;
  ctx.json = JSON.parse(body.text) as Record<string, unknown>;
  const unredactable = redacted.unredactable || body.unredactable;
  delete ctx.bodyBytes; // the received bytes are no longer what goes upstream
  ctx.redaction = { values: pairs.size, unredactable };
  if (unredactable) {
    runtime.log.warn('a sensitive value sits in signed reasoning and was not redacted', { requestId: ctx.id });
  }
}
