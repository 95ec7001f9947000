import { chunkText, inputTokens, objectField, outputTokens, replyText, sseFrame } from './fake-context.ts';
import type { FakeContext } from './fake-context.ts';
import type { FakeDialect } from './fake-dialect.ts';
import { chatDialect } from './fake-chat.ts';
import { openaiErrorBody } from './fake-errors.ts';
import type { FakeContentReply } from './fake-reply.ts';

function usageOf(ctx: FakeContext, reply: FakeContentReply): Record<string, number> {
  const prompt = inputTokens(ctx, reply);
  const completion = outputTokens(reply);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/**
 * Legacy `/v1/completions` (what FIM/autocomplete plugins use, with `prompt` + `suffix`). The fake does not
 * interpret `suffix`; it is recorded, and the reply text is the infill. Tool calls have no channel here, so
 * only the reply's text is sent.
 */
export const completionsDialect: FakeDialect = {
  streamFrames(ctx, reply) {
    const base = { id: ctx.id('cmpl-'), object: 'text_completion', created: ctx.created, model: ctx.model };
    const frames = chunkText(replyText(reply), reply.chunkSize).map((text) =>
      sseFrame(undefined, { ...base, choices: [{ text, index: 0, logprobs: null, finish_reason: null }] }));
    frames.push(sseFrame(undefined, { ...base, choices: [{ text: '', index: 0, logprobs: null, finish_reason: 'stop' }] }));
    if (objectField(ctx.body, 'stream_options')?.['include_usage'] === true) {
      frames.push(sseFrame(undefined, { ...base, choices: [], usage: usageOf(ctx, reply) }));
    }
    frames.push('data: [DONE]\n\n');
    return frames;
  },

  json(ctx, reply) {
    return {
      id: ctx.id('cmpl-'), object: 'text_completion', created: ctx.created, model: ctx.model,
      choices: [{ text: replyText(reply), index: 0, logprobs: null, finish_reason: 'stop' }],
      usage: usageOf(ctx, reply),
    };
  },

  streamErrorFrame: chatDialect.streamErrorFrame,
  errorBody: openaiErrorBody,
};
