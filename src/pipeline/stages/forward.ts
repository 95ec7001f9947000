import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { forward } from '../../backends/forward.ts';
import { checkEgress } from '../egress-check.ts';

/**
 * Backend stage: sends the request (passthrough or translated) and streams the answer back through the
 * client's protocol. Restoration of redacted values (inspection issue) plugs into the relay here; a body
 * that is not the one inspected (translated, or redacted) passes the egress check first.
 */
export function forwardStage(runtime: Runtime): Stage<RequestContext> {
  return async (ctx) => {
    ctx.forwarding = true;
    await forward(ctx, runtime.config.retry.attempts, (_exchange, dialect, body) => checkEgress(ctx, runtime, dialect, body));
  };
}
