import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { forward } from '../../backends/forward.ts';
import { checkEgress } from '../egress-check.ts';
import { watchAnswer } from '../answer-tail.ts';
import { withAnswer } from '../../inspection/turn-tails.ts';
import { releaseRequest } from '../release.ts';
import { responseAlias } from '../../policy/session-aliases.ts';

/**
 * Backend stage: sends the request (passthrough or translated) and streams the answer back through the
 * client's protocol. Restoration of redacted values (inspection issue) plugs into the relay here; a body
 * that is not the one inspected (translated, or redacted) passes the egress check first. While the
 * answer relays, the request's own content is no longer held (release.ts).
 */
export function forwardStage(runtime: Runtime): Stage<RequestContext> {
  return async (ctx) => {
    ctx.forwarding = true;
    // Once a backend has the request for good, its body, parsed value and history are dropped (release.ts).
    ctx.onCommitted = () => releaseRequest(ctx, runtime);
    // Responses: the answer's id and text are watched, and this turn's end is stored under the id before
    // the answer completes (pipeline/answer-tail.ts), so the next turn finds it on any instance.
    const tails = runtime.turnTails;
    const request = ctx.turnTail;
    const seen =
      request !== undefined && tails !== undefined
        ? watchAnswer(ctx.res, async (answer) => {
            const status = ctx.status ?? ctx.res.statusCode;
            if (answer.id === undefined || status < 200 || status >= 300) return;
            // Held: a later error is not written into this answer (server/respond.ts); the audit stage's end sets it again.
            ctx.ending = true;
            try {
              await tails.remember(ctx.principal.id, answer.id, withAnswer(request, answer.text));
              // A pinned session continues by `previous_response_id` = this answer's id: that name is
              // pinned before the answer completes, so the next turn cannot outrun it.
              if (ctx.decision.enforced === 'route-internal') {
                const rule = ctx.decision.rule.startsWith('sticky:') ? ctx.decision.rule.slice('sticky:'.length) : ctx.decision.rule;
                await runtime.policy.sticky.pin(responseAlias(ctx.principal.id, answer.id), rule);
              }
            } catch (err) {
              runtime.log.error('Responses turn tail or session pin not stored; answer cut (fail closed)', { requestId: ctx.id, error: err instanceof Error ? err.message : String(err) });
              throw err;
            } finally {
              ctx.ending = false;
            }
          })
        : undefined;
    try {
      await forward(ctx, runtime.config.retry.attempts, (_exchange, dialect, body) => checkEgress(ctx, runtime, dialect, body));
    } finally {
      seen?.(); // stops watching, also when forwarding failed
    }
  };
}
