import type { Stage } from './compose.ts';
import type { RequestContext } from './context.ts';
import type { Runtime } from './runtime.ts';
import { auditStage } from './stages/audit.ts';
import { handleErrorsStage } from './stages/handle-errors.ts';
import { parseStage } from './stages/parse.ts';
import { identifyStage } from './stages/identify.ts';
import { limitStage } from './stages/limit.ts';
import { inspectStage } from './stages/inspect.ts';
import { decideStage } from './stages/decide.ts';
import { enforceStage } from './stages/enforce.ts';
import { routeStage } from './stages/route.ts';
import { forwardStage } from './stages/forward.ts';

/**
 * The request pipeline, in order. This array is the documentation: every request to a model API
 * passes these stages and nothing else.
 *
 *   audit          records the outcome of everything below (always runs)
 *   handle-errors  renders any failure below in the client's own protocol
 *   identify       who is calling (gateway key, OIDC token, or anonymous when allowed), from the
 *                  headers alone: a refused caller costs no body reading or parsing
 *   limit          requests per minute and tokens per day per key/user/team (429 over a limit), also
 *                  before the body is read
 *   parse          protocol adapter: reads the body, wire format -> canonical conversation
 *   inspect        secrets, personal data, own code (findings with spans)
 *   decide         policy: allow / redact / route-internal / block (+ sticky sessions)
 *   enforce        block, redact, or pin the session internal; arm restoration
 *   route          model name -> candidate backends (internal only when pinned)
 *   forward        backend adapter (passthrough or translation), answer streamed back, restoration
 */
export function createStages(runtime: Runtime): Stage<RequestContext>[] {
  return [
    auditStage(runtime),
    handleErrorsStage(runtime),
    identifyStage(runtime),
    limitStage(runtime),
    parseStage(runtime),
    inspectStage(runtime),
    decideStage(runtime),
    enforceStage(runtime),
    routeStage(runtime),
    forwardStage(runtime),
  ];
}
