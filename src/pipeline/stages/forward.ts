import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { forward } from '../../backends/forward.ts';
import { checkEgress } from '../egress-check.ts';
import { watchAnswer } from '../answer-tail.ts';
import { withAnswer } from '../../inspection/turn-tails.ts';
import { responseAlias } from '../../policy/session-aliases.ts';

/**
 * Backend stage: sends the request (passthrough or translated) and streams the answer back through the
 * client's protocol. Restoration of redacted values (inspection issue) plugs into the relay here; a body
 * that is not the one inspected (translated, or redacted) passes the egress check first.
 */
export function forwardStage(runtime: Runtime): Stage<RequestContext> {
  return async (ctx) => {
    ctx.forwarding = true;
    // Responses: the answer's id and text are watched, to remember this turn's end for the next one.
    const seen = ctx.turnTail !== undefined && runtime.turnTails !== undefined ? watchAnswer(ctx.res) : undefined;
    let answer;
    try {
      await forward(ctx, runtime.config.retry.attempts, (_exchange, dialect, body) => checkEgress(ctx, runtime, dialect, body));
    } finally {
      answer = seen?.(); // stops watching, also when forwarding failed
    }
    if (answer === undefined) return;
    const status = ctx.status ?? ctx.res.statusCode;
    if (answer.id !== undefined && status >= 200 && status < 300 && ctx.turnTail !== undefined) {
      runtime.turnTails?.remember(ctx.principal.id, answer.id, withAnswer(ctx.turnTail, answer.text));
    }
    // A pinned Responses session continues by `previous_response_id` = this answer's id: pin that name too.
    if (answer.id !== undefined && ctx.decision.enforced === 'route-internal') {
      const rule = ctx.decision.rule.startsWith('sticky:') ? ctx.decision.rule.slice('sticky:'.length) : ctx.decision.rule;
      try {
        await runtime.policy.sticky.pin(responseAlias(ctx.principal.id, answer.id), rule);
      } catch (err) {
        // The answer is out; the next turn's own names (headers, conversation start) still find the pin.
        runtime.log.warn('could not pin the answer id of a pinned session', { requestId: ctx.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
  };
}
