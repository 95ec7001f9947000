import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import type { PlacedDetection } from '../../inspection/inspector.ts';
import { conversationKey } from '../conversation-key.ts';
import { makePlaceholder } from '../../redaction/placeholder.ts';
import { buildReplacements, redactBody, redactConversation } from '../../redaction/redact-request.ts';
import { Restorer } from '../../redaction/restore.ts';
import { gatewayError } from '../../errors.ts';

/**
 * Inspection stage: runs every detector over every content surface of the request and records the
 * findings. In `redact` mode it replaces each found value by its conversation-stable placeholder in
 * both the canonical conversation and the raw body, and arms restoration of the answer. An inspector
 * that fails, or runs over its time budget, blocks the request (fail closed).
 */
export function inspectStage(runtime: Runtime): Stage<RequestContext> {
  return async (ctx, next) => {
    const { mode, timeoutMs } = runtime.config.inspection;
    if (mode === 'off' || !ctx.conversation) return next();
    const started = performance.now();
    let result;
    try {
      result = runtime.inspector.inspect(ctx.conversation, ctx.req.headers);
    } catch (err) {
      runtime.log.error('inspector failed; request blocked', { requestId: ctx.id, error: err instanceof Error ? err.message : String(err) });
      throw gatewayError('SEKISHO_ERR_INSPECTION_FAILED', { detail: `quote request id ${ctx.id} to your security team` }, { cause: err });
    }
    if (performance.now() - started > timeoutMs) throw gatewayError('SEKISHO_ERR_INSPECTION_TIMEOUT', { limit: timeoutMs });
    ctx.findings = result.findings;
    ctx.uninspected = result.uninspected;
    ctx.detections = result.detections;
    if (mode === 'redact') {
      const key = conversationKey(ctx);
      // Own-code findings are for policy (keep the request internal, block it), never placeholders:
      // replacing a pasted function by a token would break the request, and code is not a value to restore.
      const redactable = result.detections.filter((d) => d.detection.type !== 'own-code');
      if (redactable.length > 0) redact(ctx, runtime, key, redactable);
      const vault = runtime.vaults.open(key);
      if (vault) ctx.restorer = new Restorer(vault);
    }
    await next();
  };
}

function redact(ctx: RequestContext, runtime: Runtime, key: string, detections: PlacedDetection[]): void {
  const pairs = new Map<string, string>();
  for (const { detection, text } of detections) {
    // The exact text as it appears in the request (for an encoded finding: the encoded run), so that
    // restoring gives back what the client sent.
    const original = text.slice(detection.valueStart, detection.valueEnd);
    if (original === '' || pairs.has(original)) continue;
    const placeholder = makePlaceholder(detection.ruleId, original, key, runtime.secretKey);
    if (!runtime.vaults.put(key, placeholder, original)) {
      throw gatewayError('SEKISHO_ERR_INSPECTION_FAILED', { detail: 'too many redacted values in this conversation' });
    }
    pairs.set(original, placeholder);
  }
  const replacements = buildReplacements(pairs);
  const { conversation, unredactable } = redactConversation(ctx.conversation!, replacements);
  ctx.conversation = conversation;
  ctx.bodyText = redactBody(ctx.bodyText, replacements);
  delete ctx.bodyBytes; // the received bytes are no longer what goes upstream
  ctx.redaction = { values: pairs.size, unredactable };
  if (unredactable) {
    runtime.log.warn('a sensitive value sits in signed reasoning and was not redacted', { requestId: ctx.id });
  }
}
