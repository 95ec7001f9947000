import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { gatewayError } from '../../errors.ts';

/** Routing stage: maps the requested model to candidate backends (replicas, then fallbacks). */
export function routeStage(runtime: Runtime): Stage<RequestContext> {
  return async (ctx, next) => {
    const candidates = runtime.router.candidates(ctx.model);
    if (!candidates || candidates.length === 0) throw gatewayError('SEKISHO_ERR_UNKNOWN_MODEL', { model: ctx.model });
    ctx.candidates = candidates;
    await next();
  };
}
