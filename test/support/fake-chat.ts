import {
  argumentsText, chunkText, inputTokens, objectField, outputTokens, replyCalls, replyText, sseFrame,
} from './fake-context.ts';
import type { FakeContext } from './fake-context.ts';
import type { FakeDialect } from './fake-dialect.ts';
import { openaiErrorBody, openaiErrorType } from './fake-errors.ts';
import type { FakeContentReply, FakeFlavor, FakeToolCall } from './fake-reply.ts';

/** Field name each flavor uses for reasoning deltas in Chat Completions (none for OpenAI itself). */
function reasoningField(flavor: FakeFlavor): string | undefined {
  if (flavor === 'vllm' || flavor === 'llamacpp') return 'reasoning_content';
  if (flavor === 'ollama') return 'reasoning';
  return undefined;
}

function usageOf(ctx: FakeContext, reply: FakeContentReply): Record<string, number> {
  const prompt = inputTokens(ctx, reply);
  const completion = outputTokens(reply);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** llama.cpp's extra timing block (values are plausible, not measured). */
function timingsOf(ctx: FakeContext, reply: FakeContentReply): Record<string, number> {
  const n = outputTokens(reply);
  return {
    prompt_n: inputTokens(ctx, reply), prompt_ms: 12.5, prompt_per_token_ms: 0.1, prompt_per_second: 10000,
    predicted_n: n, predicted_ms: n * 20, predicted_per_token_ms: 20, predicted_per_second: 50,
  };
}

function callId(ctx: FakeContext, call: FakeToolCall): string {
  return call.id ?? ctx.id('call_');
}

function finishReason(reply: FakeContentReply): string {
  return replyCalls(reply).length > 0 ? 'tool_calls' : 'stop';
}

/** Chat Completions as served by OpenAI, vLLM, llama.cpp and Ollama (`/v1/chat/completions`). */
export const chatDialect: FakeDialect = {
  streamFrames(ctx, reply) {
    const id = ctx.id('chatcmpl-');
    const base = { id, object: 'chat.completion.chunk', created: ctx.created, model: ctx.model };
    const fingerprint = ctx.flavor === 'ollama' ? { system_fingerprint: 'fp_ollama' } : {};
    const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}): string =>
      sseFrame(undefined, { ...base, ...fingerprint, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra });
    const frames: string[] = [chunk({ role: 'assistant', content: '' })];
    const rField = reasoningField(ctx.flavor);
    if (reply.reasoning !== undefined && rField !== undefined) {
      for (const piece of chunkText(reply.reasoning, reply.chunkSize)) frames.push(chunk({ [rField]: piece }));
    }
    for (const piece of chunkText(replyText(reply), reply.chunkSize)) frames.push(chunk({ content: piece }));
    replyCalls(reply).forEach((call, index) => {
      const args = argumentsText(call);
      const head = { index, id: callId(ctx, call), type: 'function' };
      if (ctx.flavor === 'ollama') {
        // Ollama emits each tool call whole, in a single chunk.
        frames.push(chunk({ tool_calls: [{ ...head, function: { name: call.name, arguments: args } }] }));
        return;
      }
      frames.push(chunk({ tool_calls: [{ ...head, function: { name: call.name, arguments: '' } }] }));
      for (const piece of chunkText(args, reply.chunkSize)) {
        frames.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
      }
    });
    const includeUsage = objectField(ctx.body, 'stream_options')?.['include_usage'] === true;
    if (ctx.flavor === 'llamacpp') {
      // llama.cpp puts usage and timings on the finish chunk itself.
      const extra: Record<string, unknown> = { timings: timingsOf(ctx, reply) };
      if (includeUsage) extra['usage'] = usageOf(ctx, reply);
      frames.push(chunk({}, finishReason(reply), extra));
    } else {
      frames.push(chunk({}, finishReason(reply)));
      if (includeUsage) frames.push(sseFrame(undefined, { ...base, ...fingerprint, choices: [], usage: usageOf(ctx, reply) }));
    }
    frames.push('data: [DONE]\n\n');
    return frames;
  },

  json(ctx, reply) {
    const calls = replyCalls(reply);
    const text = replyText(reply);
    const message: Record<string, unknown> = {
      role: 'assistant',
      content: text === '' && calls.length > 0 ? null : text,
      refusal: null,
    };
    const rField = reasoningField(ctx.flavor);
    if (reply.reasoning !== undefined && rField !== undefined) message[rField] = reply.reasoning;
    if (calls.length > 0) {
      message['tool_calls'] = calls.map((call) => ({
        id: callId(ctx, call), type: 'function', function: { name: call.name, arguments: argumentsText(call) },
      }));
    }
    const out: Record<string, unknown> = {
      id: ctx.id('chatcmpl-'), object: 'chat.completion', created: ctx.created, model: ctx.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(reply) }],
      usage: usageOf(ctx, reply),
    };
    if (ctx.flavor === 'llamacpp') out['timings'] = timingsOf(ctx, reply);
    if (ctx.flavor === 'ollama') out['system_fingerprint'] = 'fp_ollama';
    return out;
  },

  streamErrorFrame(ctx, error) {
    // vLLM and friends report a mid-stream failure as a data line holding an `error` object.
    const body = openaiErrorBody(ctx.flavor, 500, error.message);
    const inner = objectField(body, 'error') ?? {};
    return sseFrame(undefined, { error: { ...inner, type: error.type ?? openaiErrorType(500), ...(error.code ? { code: error.code } : {}) } });
  },

  errorBody: openaiErrorBody,
};
