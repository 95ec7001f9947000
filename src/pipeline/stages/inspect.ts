import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { gatewayError } from '../../errors.ts';
import type { Surfaces } from '../../inspection/surfaces.ts';
import { requestSurfaces } from '../../inspection/wire-surfaces.ts';
import { FORWARDED_CLIENT_HEADERS } from '../../backends/upstream-headers.ts';
import { joinTail, requestTail, withoutTail, type TurnTail } from '../../inspection/turn-tails.ts';
import type { InspectionResult } from '../../inspection/inspector.ts';

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
    if (runtime.config.inspection.mode === 'off' || !ctx.conversation) return next();
    // Before the clock starts: the tail of the turn this one continues (a shared store's round trip; unreachable: refused).
    const recalling = recallTail(runtime, ctx);
    const leading = recalling === undefined ? undefined : await recalling;
    // In a function of its own, so that the surfaces are not kept alive by this suspended frame.
    inspectRequest(runtime, ctx, leading);
    await next();
  };
}

function inspectRequest(runtime: Runtime, ctx: RequestContext, leading: TurnTail | undefined): void {
  const { timeoutMs } = runtime.config.inspection;
  const started = performance.now();
  let result;
  try {
    result = inspectTurn(runtime, ctx, wireSurfaces(ctx), leading);
  } catch (err) {
    runtime.log.error('inspector failed; request blocked', { requestId: ctx.id, error: err instanceof Error ? err.message : String(err) });
    // The refusal is still recorded with the requested model: a credential in the name must be withheld
    // there (build-event.ts recordedModel), so the name alone is inspected.
    ctx.detections = inspectModelName(runtime, ctx.model);
    throw gatewayError('SEKISHO_ERR_INSPECTION_FAILED', { detail: `quote request id ${ctx.id} to your security team` }, { cause: err });
  }
  // Kept before a timeout refuses the request: the refusal's record withholds what they found (the model name).
  ctx.findings = result.findings;
  ctx.uninspected = result.uninspected;
  ctx.detections = result.detections;
  if (performance.now() - started > timeoutMs) throw gatewayError('SEKISHO_ERR_INSPECTION_TIMEOUT', { limit: timeoutMs });
}

/**
 * Inspects the request; a Responses request continuing an answer this gateway gave the same caller
 * (`previous_response_id`) is inspected joined to the end of that turn (inspection/turn-tails.ts), so a
 * value cut between the turns is found. The end of this request's text is kept on the context for the
 * forward stage to remember under the answer's id. An id the gateway does not know (expired, never
 * answered through this gateway or its shared store) gives no join: the request is inspected alone, as before.
 */
function inspectTurn(runtime: Runtime, ctx: RequestContext, surfaces: Surfaces, leading: TurnTail | undefined): InspectionResult {
  if (runtime.turnTails === undefined || ctx.endpoint.api !== 'responses') return runtime.inspector.inspectSurfaces(surfaces);
  ctx.turnTail = requestTail(surfaces.segments, leading);
  if (leading === undefined) return runtime.inspector.inspectSurfaces(surfaces);
  const joined = joinTail(surfaces, leading);
  return withoutTail(runtime.inspector.inspectSurfaces(joined.surfaces), joined.synthetic, joined.surfaces.segments);
}

/**
 * The remembered tail of the turn a Responses request continues (`previous_response_id`), from the
 * tail store (this process, the workers' file, or Redis / PostgreSQL shared by every instance). A store
 * that cannot be reached rejects (SEKISHO_ERR_STATE_UNAVAILABLE): the request is refused rather than
 * inspected without its join.
 */
function recallTail(runtime: Runtime, ctx: RequestContext): Promise<TurnTail | undefined> | undefined {
  const tails = runtime.turnTails;
  if (tails === undefined || ctx.endpoint.api !== 'responses') return undefined; // no await on other requests
  const previous = ctx.json['previous_response_id'];
  return typeof previous === 'string' && previous !== '' ? tails.recall(ctx.principal.id, previous) : undefined;
}

/**
 * Detections in the model name alone, after the whole request could not be inspected. When even that
 * fails, the whole name stands as one (fail closed: an uninspected name is withheld from the record).
 */
function inspectModelName(runtime: Runtime, model: string): RequestContext['detections'] {
  if (!model) return [];
  const location = { surface: 'field' as const, path: 'model' };
  try {
    return runtime.inspector.inspectSurfaces({ segments: [{ text: model, location }], uninspected: [] }).detections;
  } catch {
    const n = model.length;
    return [{ detection: { type: 'secret', ruleId: 'sekisho-uninspected', confidence: 'low', start: 0, end: n, valueStart: 0, valueEnd: n, value: model }, location, text: model }];
  }
}
