import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { conversationKey, sessionNames } from '../conversation-key.ts';
import { applyRedaction } from '../apply-redaction.ts';
import { Restorer } from '../../redaction/restore.ts';
import { GatewayError, gatewayError } from '../../errors.ts';
import type { ConversationVault } from '../../redaction/vault.ts';
import { evaluatePolicy } from '../../policy/evaluate.ts';
import { predictUnredactable, valuesRemain } from '../../redaction/unredactable.ts';
import { factsOf } from './decide.ts';
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
 *
 * After redacting, what will be forwarded is checked for any value that is still there. Policy already
 * knew the values it could predict would stay (`unredactable`); one it did not predict makes policy
 * decide again with `unredactable: true` — by default that keeps the request internal or refuses it.
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
        throw blocked(ctx);
      case 'redact': {
        refuseUnredactablePlaces(ctx);
        const predicted = predictUnredactable(ctx.conversation, ctx.detections);
        await applyRedaction(ctx, runtime, sessionKey);
        if (!ctx.redaction) break;
        const remain = ctx.redaction.unredactable || valuesRemain(originals(ctx), ctx.bodyText, ctx.conversation);
        ctx.redaction.unredactable = predicted || remain;
        if (remain && !predicted) {
          runtime.log.warn('a found value is still in the redacted request; deciding again', { requestId: ctx.id });
          ctx.decision = evaluatePolicy(runtime.policy.source.current, { ...factsOf(ctx, runtime), unredactable: true }).decision;
          if (ctx.decision.enforced === 'block') throw blocked(ctx);
          if (ctx.decision.enforced === 'route-internal') await runtime.policy.sticky.pinAll(sessionNames(ctx), ctx.decision.rule);
        }
        break;
      }
      case 'route-internal':
        // Pinned under every name of the session; a sticky turn re-pins too, so a name first seen now (a new
        // session header, this turn's previous_response_id) carries the pin forward.
        if (decision.rule.startsWith('sticky:')) await runtime.policy.sticky.pinAll(sessionNames(ctx, { start: false }), decision.rule.slice('sticky:'.length));
        else await runtime.policy.sticky.pinAll(sessionNames(ctx), decision.rule);
        break;
      case 'allow':
        break;
    }
    const vault = await openVault(runtime, sessionKey, ctx.id);
    if (vault) ctx.restorer = new Restorer(vault);
    await next();
  };
}

/**
 * The conversation's vault for restoring the answer. A shared vault that cannot be read leaves the
 * answer's placeholders as they are (logged at most every 10 s): restoration is not needed for safety,
 * and a placeholder never reveals its value.
 */
async function openVault(runtime: Runtime, sessionKey: string, requestId: string): Promise<ConversationVault | undefined> {
  try {
    return await runtime.vaults.open(sessionKey);
  } catch (err) {
    if (Date.now() - lastVaultWarning >= 10_000) {
      lastVaultWarning = Date.now();
      const reason = err instanceof GatewayError ? (err.info.reason ?? err.message) : err instanceof Error ? err.message : String(err);
      runtime.log.warn('redaction vault unreachable: answers keep their placeholders', { requestId, error: reason });
    }
    return undefined;
  }
}
let lastVaultWarning = -Infinity;

function blocked(ctx: RequestContext): Error {
  return gatewayError('SEKISHO_ERR_POLICY_BLOCKED', { rule: ctx.decision.rule, reason: ctx.decision.reason ?? 'this request matched the rule', requestId: ctx.id });
}

/** The found values redaction replaced (own code is never replaced). */
function originals(ctx: RequestContext): string[] {
  return ctx.detections.filter((d) => d.detection.type !== 'own-code').map((d) => d.text.slice(d.detection.valueStart, d.detection.valueEnd));
}
