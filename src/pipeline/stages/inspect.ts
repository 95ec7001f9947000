import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { gatewayError } from '../../errors.ts';

/**
 * Inspection stage: runs every detector over every content surface of the request and records the
 * findings (and, in memory only, the detections redaction needs). It only finds: what to do about the
 * findings is policy's (decide, enforce). An inspector that fails, or runs over its time budget, blocks
 * the request (fail closed).
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
    await next();
  };
}
