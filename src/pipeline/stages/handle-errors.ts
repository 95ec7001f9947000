import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { toGatewayError } from '../../errors.ts';

/** Turns any failure of the stages after it into an error answer in the client's own protocol. */
export function handleErrorsStage(runtime: Runtime): Stage<RequestContext> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const e = toGatewayError(err);
      if (e.code === 'SEKISHO_ERR_INTERNAL') runtime.log.error('internal error', { requestId: ctx.id, error: String(err instanceof Error ? err.stack : err) });
      if (ctx.clientAbort.signal.aborted) {
        ctx.error = e;
        return;
      }
      ctx.reply.sendError(e);
    }
  };
}
