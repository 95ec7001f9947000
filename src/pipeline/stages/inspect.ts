import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';

/**
 * Inspection stage: where secret, personal-data and own-code detectors run over every content surface
 * of `ctx.conversation` (inspection issue). Not implemented yet: it inspects nothing, and nothing
 * downstream claims otherwise.
 */
export function inspectStage(): Stage<RequestContext> {
  return async (_ctx, next) => {
    await next();
  };
}
