import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { conversationKey } from '../conversation-key.ts';
import { applyRedaction } from '../../redaction/apply-redaction.ts';
import { Restorer } from '../../redaction/restore.ts';
import { gatewayError } from '../../errors.ts';
import { isUnredactablePlace } from '../../inspection/wire-surfaces.ts';
import { FORWARDED_CLIENT_HEADERS } from '../../backends/upstream-headers.ts';

/**
 * A value to redact in the query string or in a header that is forwarded (anthropic-beta, …) cannot be
 * rewritten exactly — a changed header or parameter changes what the backend does — so the request is
 * refused with a message that says where the value is. (Own code is never redacted: not counted.)
 */
function refuseUnredactablePlaces(ctx: RequestContext): void {
  for (const { detection, location } of ctx.detections) {
    if (detection.type === 'own-code' || !isUnredactablePlace(location, FORWARDED_CLIENT_HEADERS)) continue;
    const place = location.surface === 'query' ? 'query string' : `${location.path} header`;
    throw gatewayError('SEKISHO_ERR_UNREDACTABLE_PLACE', { rule: detection.ruleId, place, requestId: ctx.id });
  }
}

/**
 * Enforcement stage: does what the decision says it enforces.
 *
 * - `block`: refuses the request with the rule, its reason and the request id (the audit event id).
 * - `redact`: replaces found values by placeholders (own code never).
 * - `route-internal`: pins the session internal before anything is sent (route narrows the candidates).
 *
 * Whatever this turn's decision, restoration is armed when the conversation's vault holds values:
 * placeholders from earlier turns can come back in any answer.
 */
export function enforceStage(runtime: Runtime): Stage<RequestContext> {
  return async (ctx, next) => {
    const decision = ctx.decision;
    const sessionKey = (ctx.sessionKey ??= conversationKey(ctx));
    if (decision.monitor) {
      runtime.log.info('policy monitor: not enforced', { requestId: ctx.id, rule: decision.rule, action: decision.action });
    }
    switch (decision.enforced) {
      case 'block':
        throw gatewayError('SEKISHO_ERR_POLICY_BLOCKED', { rule: decision.rule, reason: decision.reason ?? 'this request matched the rule', requestId: ctx.id });
      case 'redact':
        refuseUnredactablePlaces(ctx);
        applyRedaction(ctx, runtime, sessionKey);
        break;
      case 'route-internal':
        if (!decision.rule.startsWith('sticky:')) runtime.policy.sticky.pin(sessionKey, decision.rule);
        break;
      case 'allow':
        break;
    }
    const vault = runtime.vaults.open(sessionKey);
    if (vault) ctx.restorer = new Restorer(vault);
    await next();
  };
}
