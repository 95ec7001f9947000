import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { gatewayError } from '../../errors.ts';
import type { Surfaces } from '../../inspection/surfaces.ts';
import { requestSurfaces } from '../../inspection/wire-surfaces.ts';
import { FORWARDED_CLIENT_HEADERS } from '../../backends/upstream-headers.ts';

/**
 * The strings of the request as it is forwarded: every key and string of the parsed body, the query
 * string and the headers, plus the decoded text of attachments (wire-surfaces.ts, `requestSurfaces`).
 */
export function wireSurfaces(ctx: RequestContext): Surfaces {
  return requestSurfaces(
    { api: ctx.endpoint.api, body: ctx.json, search: ctx.search, headers: ctx.req.headers, forwardedHeaders: FORWARDED_CLIENT_HEADERS },
    ctx.conversation,
  );
}

/**
 * Inspection stage: runs every detector over every string the request forwards and records the
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
      result = runtime.inspector.inspectSurfaces(wireSurfaces(ctx));
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
