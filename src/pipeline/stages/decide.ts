import type { Stage } from '../compose.ts';
import type { Decision, RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import type { PolicyFacts } from '../../policy/types.ts';
import { conversationKey, sessionNames } from '../conversation-key.ts';
import { evaluatePolicy } from '../../policy/evaluate.ts';
import { GatewayError, gatewayError } from '../../errors.ts';
import { kindsOf } from '../../inspection/uninspected.ts';
import { predictUnredactable } from '../../redaction/unredactable.ts';

/**
 * Policy stage: decides allow / redact / route-internal / block from the findings, the principal, the
 * client tool, the requested model, its zone and the time (src/policy/, docs/policy.md), and applies
 * sticky sessions: a session pinned internal by an earlier turn stays internal even when this turn
 * alone would be allowed (`rule: sticky:<rule that pinned it>`). A block still blocks. A failure to
 * evaluate blocks the request (fail closed); so does a pin store that cannot be reached (503). Enforcement is the next stage's job.
 */
export function decideStage(runtime: Runtime): Stage<RequestContext> {
  return async (ctx, next) => {
    // Computed before any redaction rewrites the conversation: the same key every turn.
    const sessionKey = (ctx.sessionKey ??= conversationKey(ctx));
    let decision: Decision;
    try {
      decision = evaluatePolicy(runtime.policy.source.current, factsOf(ctx, runtime)).decision;
      if (decision.enforced !== 'block' && decision.enforced !== 'route-internal') {
        const pin = await stickyPin(runtime, ctx, sessionNames(ctx));
        if (pin) {
          decision = {
            action: 'route-internal',
            enforced: 'route-internal',
            rule: `sticky:${pin.rule}`,
            reason: `an earlier request in this session matched rule "${pin.rule}", so the whole session stays on internal models`,
          };
        }
      }
    } catch (err) {
      // The pins are unreachable (Redis down): refused as that (503), not as a broken policy.
      if (err instanceof GatewayError && err.code === 'SEKISHO_ERR_STATE_UNAVAILABLE') {
        runtime.log.error('sticky sessions unreachable; request refused', { requestId: ctx.id, detail: err.info.reason });
        throw err;
      }
      runtime.log.error('policy evaluation failed; request blocked', { requestId: ctx.id, error: err instanceof Error ? err.message : String(err) });
      throw gatewayError('SEKISHO_ERR_POLICY_FAILED', { requestId: ctx.id }, { cause: err });
    }
    ctx.decision = decision;
    ctx.decided = true;
    await next();
  };
}

/**
 * The session's pin. When the pin store cannot be reached, a request whose route is internal only (every
 * target and fallback internal) goes on: a pin could only keep it where it already goes. Any other
 * request is refused with the 503: its session may be pinned, and a pinned session must never reach an
 * external model.
 */
async function stickyPin(runtime: Runtime, ctx: RequestContext, names: string[]): Promise<{ rule: string } | undefined> {
  try {
    return await runtime.policy.sticky.getAny(names);
  } catch (err) {
    if (!(err instanceof GatewayError && err.code === 'SEKISHO_ERR_STATE_UNAVAILABLE') || runtime.policy.zoneFor(ctx.model) !== 'internal') throw err;
    runtime.log.warn('sticky sessions unreachable; request kept on its internal-only route', { requestId: ctx.id, detail: err.info.reason });
    return undefined;
  }
}

/** What rules match on, from the request as the earlier stages saw it. */
export function factsOf(ctx: RequestContext, runtime: Runtime): PolicyFacts {
  const zone = runtime.policy.zoneFor(ctx.model);
  return {
    findings: ctx.findings,
    principal: ctx.principal,
    clientTool: ctx.clientTool,
    model: ctx.model,
    ...(zone === undefined ? {} : { zone }),
    time: ctx.receivedAt,
    uninspected: ctx.uninspected.map(kindsOf),
    unredactable: predictUnredactable(ctx.conversation, ctx.detections),
    internalRoute: runtime.policy.internalRouteFor(ctx.model),
  };
}
