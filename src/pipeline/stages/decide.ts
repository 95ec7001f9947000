import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';

/** Policy stage: decides allow / redact / route-internal / block (governance issue). Allows everything for now. */
export function decideStage(): Stage<RequestContext> {
  return async (ctx, next) => {
    ctx.decision = { action: 'allow', enforced: 'allow', rule: 'default' };
    await next();
  };
}
