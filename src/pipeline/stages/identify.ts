import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';

/**
 * Identity stage: establishes `ctx.principal` from the request's `x-api-key` or `Authorization:
 * Bearer` (a Sekisho key, an OIDC token, or anonymous when `auth.anonymous` allows it; see
 * identity/authenticate.ts) or refuses the request with 401/503. Keys are looked up per request, so a
 * revoked or expired key stops working at once. The credential is never forwarded upstream.
 */
export function identifyStage(runtime: Runtime): Stage<RequestContext> {
  return async (ctx, next) => {
    ctx.principal = await runtime.authenticator.authenticate(ctx.req.headers);
    await next();
  };
}
