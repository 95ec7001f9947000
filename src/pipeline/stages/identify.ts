import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';

/**
 * Identity stage. Clients present a credential as `x-api-key` (Anthropic style) or `Authorization:
 * Bearer` (OpenAI style, and the Anthropic SDK v1); both are accepted. Until gateway keys and OIDC exist
 * (governance issue) the caller is anonymous and the credential is not checked; it is never forwarded.
 */
export function identifyStage(): Stage<RequestContext> {
  return async (ctx, next) => {
    const apiKey = ctx.req.headers['x-api-key'];
    const auth = ctx.req.headers.authorization;
    ctx.principal = { kind: 'anonymous', id: 'anonymous', groups: [] };
    if (typeof apiKey === 'string' && apiKey !== '') ctx.principal.credential = 'x-api-key';
    else if (typeof auth === 'string' && /^bearer\s+\S/i.test(auth)) ctx.principal.credential = 'bearer';
    await next();
  };
}
