import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { Authenticator, createOidcVerifier } from '../../identity/authenticate.ts';
import { KeyStore } from '../../identity/key-store.ts';

/**
 * Identity stage: establishes `ctx.principal` from the request's `x-api-key` or `Authorization:
 * Bearer` (a Sekisho key, an OIDC token, or anonymous when `auth.anonymous` allows it; see
 * identity/authenticate.ts) or refuses the request with 401/503. Keys are looked up per request, so a
 * revoked or expired key stops working at once. The credential is never forwarded upstream.
 */
export function identifyStage(runtime: Runtime): Stage<RequestContext> {
  const { auth } = runtime.config;
  const oidc = createOidcVerifier(auth);
  const authenticator = new Authenticator({ auth, keys: new KeyStore(runtime.store.db), ...(oidc ? { oidc } : {}) });
  // Built once per gateway, at start: the right moment to say the gateway is open to anyone.
  if (auth.anonymous) runtime.log.warn('anonymous access is enabled; set auth.anonymous: false in production', { oidc: oidc !== undefined });
  return async (ctx, next) => {
    ctx.principal = await authenticator.authenticate(ctx.req.headers);
    await next();
  };
}
