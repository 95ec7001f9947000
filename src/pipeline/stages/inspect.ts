import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { gatewayError } from '../../errors.ts';
import type { Surfaces } from '../../inspection/surfaces.ts';
import { collectWireSurfaces } from '../../inspection/wire-surfaces.ts';
import { collectUninspected } from '../../inspection/uninspected.ts';
import { collectPayloadSegments } from '../../inspection/payloads.ts';
import { FORWARDED_CLIENT_HEADERS } from '../../backends/upstream-headers.ts';

/**
 * The strings of the request as it is forwarded: every key and string of the parsed body, the query
 * string and the headers (wire-surfaces.ts), plus the decoded text of attachments (payloads.ts: base64
 * or data-URL text, printable runs of binary files; paths end in `#decoded`). The canonical conversation
 * only lists what cannot be read.
 */
export function wireSurfaces(ctx: RequestContext): Surfaces {
  const surfaces = collectWireSurfaces(
    { api: ctx.endpoint.api, body: ctx.json, search: ctx.search, headers: ctx.req.headers, forwardedHeaders: FORWARDED_CLIENT_HEADERS },
    ctx.conversation ? collectUninspected(ctx.conversation) : [],
  );
  if (ctx.conversation) for (const s of collectPayloadSegments(ctx.conversation)) surfaces.segments.push({ text: s.text, location: s.location });
  return surfaces;
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
