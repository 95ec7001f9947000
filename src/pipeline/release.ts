import type { RequestContext } from './context.ts';
import type { Runtime } from './runtime.ts';
import { conversationKey } from './conversation-key.ts';
import { predictUnredactable } from '../redaction/unredactable.ts';
import { countTokensEstimate } from '../protocols/anthropic-messages/count-tokens.ts';

/**
 * Drops what only the way up needed, once the answer is committed to one backend (its response headers
 * arrived and no other candidate will be tried): the received bytes, the parsed body and the history of
 * the canonical conversation. Without this a 150 KB request kept all three (~1 MB of heap and buffers)
 * for as long as its answer streamed — seconds to minutes with a real model — so memory grew with the
 * number of answers in flight rather than with the number of requests being read.
 *
 * What is still asked for later is worked out first, from the full request:
 * - the session key (audit event, vault), when no stage has set it yet;
 * - whether a found value sits where redaction cannot reach (`predictedUnredactable`, audit event);
 * - the prompt's token estimate (`promptTokens`, charged by the limit stage when no usage comes back).
 *
 * The conversation keeps its system part, settings, tools and extensions (the answer encoders read those:
 * a Responses answer echoes `instructions`) with its `messages` emptied; `ctx.json` becomes an empty object. The body text is kept when the
 * audit trail captures transcripts (it is written with the event).
 */
export function releaseRequest(ctx: RequestContext, runtime: Runtime): void {
  if (ctx.released) return;
  ctx.released = true;
  const conversation = ctx.conversation;
  if (conversation) {
    ctx.sessionKey ??= conversationKey(ctx);
    ctx.predictedUnredactable = predictUnredactable(conversation, ctx.detections);
    if (ctx.countsPromptTokens) ctx.promptTokens = countTokensEstimate(conversation);
    ctx.conversation = { ...conversation, messages: [] };
  }
  ctx.json = {};
  if (runtime.audit?.capturesTranscripts) return;
  if (ctx.countsPromptTokens && ctx.promptTokens === undefined) ctx.promptTokens = Math.ceil(bodyLength(ctx) / 4);
  ctx.bodyBytes = undefined; // (not `delete`: that would turn the context into a slow dictionary object)
  // Replaces parse.ts's lazy getter (which holds the received bytes) with a plain value.
  Object.defineProperty(ctx, 'bodyText', { configurable: true, enumerable: true, writable: true, value: '' });
}

function bodyLength(ctx: RequestContext): number {
  return ctx.bodyBytes !== undefined ? ctx.bodyBytes.length : Buffer.byteLength(ctx.bodyText);
}
