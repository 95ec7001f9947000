import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { Limiter } from '../../limits/limiter.ts';
import { countTokensEstimate } from '../../protocols/anthropic-messages/count-tokens.ts';

/**
 * Limit stage (right after identify): refuses the request with 429 when any applicable requests-per-
 * minute or tokens-per-day limit is reached, before it is inspected or sent anywhere; after the answer
 * charges its input + output tokens to the day budgets (also when the client went away after usage was
 * reported: the backend did the work). A request that reached a backend but never learned its usage (the
 * client hung up before the final event, or the backend sent none) is charged the documented prompt
 * estimate instead of nothing — otherwise abandoning every stream early would dodge any budget.
 * See limits/limiter.ts.
 */
export function limitStage(runtime: Runtime): Stage<RequestContext> {
  const limiter = new Limiter(runtime.config.limits, runtime.store.counters);
  return async (ctx, next) => {
    if (limiter.empty) return next();
    const admission = await limiter.admit(ctx.principal);
    if (admission.limits.some((l) => l.rule.tokensPerDay !== undefined)) ctx.needsUsage = true;
    ctx.countsPromptTokens = true;
    try {
      await next();
    } finally {
      const usage = ctx.usage;
      if (usage) await limiter.charge(admission, usage.inputTokens + usage.outputTokens);
      else if (ctx.served && ctx.served.mode !== 'local') await limiter.charge(admission, estimatedPromptTokens(ctx));
    }
  };
}

/** The prompt's estimated size (count_tokens' documented estimate), or bytes / 4 without a conversation. */
function estimatedPromptTokens(ctx: RequestContext): number {
  if (ctx.promptTokens !== undefined) return ctx.promptTokens; // worked out before the body was dropped (release.ts)
  return ctx.conversation ? countTokensEstimate(ctx.conversation) : Math.ceil(Buffer.byteLength(ctx.bodyText) / 4);
}
