import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { AuthenticationRefused } from '../../identity/authenticate.ts';

/**
 * Identity stage: establishes `ctx.principal` from the request's `x-api-key` or `Authorization:
 * Bearer` (a Sekisho key, an OIDC token, or anonymous when `auth.anonymous` allows it; see
 * identity/authenticate.ts) or refuses the request with 401/503. It runs before the body is read, from
 * the headers alone, so an unauthenticated request costs no body reading or parsing. Keys are looked
 * up per request, so a revoked or expired key stops working at once. The credential is never
 * forwarded upstream. A refused request keeps the identity it presented, for the audit trail only.
 */
export function identifyStage(runtime: Runtime): Stage<RequestContext> {
  return async (ctx, next) => {
    try {
      ctx.principal = await runtime.authenticator.authenticate(ctx.req.headers);
    } catch (err) {
      if (err instanceof AuthenticationRefused) ctx.principal = err.presented;
      throw err;
    }
    await next();
  };
}
