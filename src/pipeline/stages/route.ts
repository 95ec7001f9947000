import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import type { Candidate } from '../../routing/router.ts';
import { gatewayError } from '../../errors.ts';

/**
 * Routing stage: maps the requested model to candidate backends (replicas, then fallbacks). When policy
 * enforces `route-internal`, only internal backends remain: the requested model's internal candidates,
 * else those of `policy.internalModel`; with none the request fails rather than leave the company.
 */
export function routeStage(runtime: Runtime): Stage<RequestContext> {
  return async (ctx, next) => {
    const candidates = runtime.router.candidates(ctx.model);
    if (ctx.decision.enforced === 'route-internal') {
      ctx.candidates = internalCandidates(ctx, runtime, candidates);
      return next();
    }
    if (!candidates || candidates.length === 0) throw gatewayError('SEKISHO_ERR_UNKNOWN_MODEL', { model: ctx.model });
    ctx.candidates = candidates;
    await next();
  };
}

function internalCandidates(ctx: RequestContext, runtime: Runtime, candidates: Candidate[] | undefined): Candidate[] {
  const internal = (list: Candidate[] | undefined): Candidate[] => (list ?? []).filter((c) => c.backend.config.zone === 'internal');
  let chosen = internal(candidates);
  const fallbackModel = runtime.policy.source.current.document.internalModel;
  if (chosen.length === 0 && fallbackModel !== undefined) chosen = internal(runtime.router.candidates(fallbackModel));
  if (chosen.length === 0) {
    throw gatewayError('SEKISHO_ERR_POLICY_NO_INTERNAL_BACKEND', { rule: ctx.decision.rule, model: ctx.model, requestId: ctx.id });
  }
  return chosen;
}
