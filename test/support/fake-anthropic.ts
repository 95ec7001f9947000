import { argumentsText, chunkText, inputTokens, outputTokens, replyCalls, replyText, sseFrame } from './fake-context.ts';
import type { FakeContext } from './fake-context.ts';
import type { FakeDialect } from './fake-dialect.ts';
import { anthropicErrorBody } from './fake-errors.ts';
import type { FakeContentReply, FakeToolCall } from './fake-reply.ts';

/** A content block of the final message, plus how to stream it. */
type Block =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown; json: string };

function parsedInput(call: FakeToolCall): unknown {
  if (typeof call.arguments !== 'string') return call.arguments;
  try {
    return JSON.parse(call.arguments);
  } catch {
    return {};
  }
}

function blocksOf(ctx: FakeContext, reply: FakeContentReply): Block[] {
  const blocks: Block[] = [];
  if (reply.reasoning !== undefined) {
    blocks.push({ type: 'thinking', thinking: reply.reasoning, signature: Buffer.from(`sig:${reply.reasoning.length}`).toString('base64') });
  }
  const text = replyText(reply);
  const calls = replyCalls(reply);
  if (text !== '' || calls.length === 0) blocks.push({ type: 'text', text });
  for (const call of calls) {
    blocks.push({ type: 'tool_use', id: call.id ?? ctx.id('toolu_'), name: call.name, input: parsedInput(call), json: argumentsText(call) });
  }
  return blocks;
}

function finalBlock(block: Block): Record<string, unknown> {
  if (block.type === 'tool_use') return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
  return { ...block };
}

function stopReason(reply: FakeContentReply): string {
  return replyCalls(reply).length > 0 ? 'tool_use' : 'end_turn';
}

function usageOf(ctx: FakeContext, reply: FakeContentReply, output: number): Record<string, unknown> {
  return {
    input_tokens: inputTokens(ctx, reply), output_tokens: output,
    cache_creation_input_tokens: 0, cache_read_input_tokens: 0,
  };
}

/** Anthropic Messages (`/v1/messages`), full event sequence as documented for streaming. */
export const anthropicDialect: FakeDialect = {
  streamFrames(ctx, reply) {
    const frames: string[] = [];
    const ev = (type: string, data: Record<string, unknown>): void => { frames.push(sseFrame(type, { type, ...data })); };
    ev('message_start', {
      message: {
        id: ctx.id('msg_'), type: 'message', role: 'assistant', model: ctx.model, content: [],
        stop_reason: null, stop_sequence: null, usage: usageOf(ctx, reply, 1),
      },
    });
    ev('ping', {});
    blocksOf(ctx, reply).forEach((block, index) => {
      if (block.type === 'thinking') {
        ev('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } });
        for (const piece of chunkText(block.thinking, reply.chunkSize)) {
          ev('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: piece } });
        }
        ev('content_block_delta', { index, delta: { type: 'signature_delta', signature: block.signature } });
      } else if (block.type === 'text') {
        ev('content_block_start', { index, content_block: { type: 'text', text: '' } });
        for (const piece of chunkText(block.text, reply.chunkSize)) {
          ev('content_block_delta', { index, delta: { type: 'text_delta', text: piece } });
        }
      } else {
        ev('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
        for (const piece of chunkText(block.json, reply.chunkSize)) {
          ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } });
        }
      }
      ev('content_block_stop', { index });
    });
    ev('message_delta', {
      delta: { stop_reason: stopReason(reply), stop_sequence: null },
      usage: { output_tokens: outputTokens(reply) },
    });
    ev('message_stop', {});
    return frames;
  },

  json(ctx, reply) {
    return {
      id: ctx.id('msg_'), type: 'message', role: 'assistant', model: ctx.model,
      content: blocksOf(ctx, reply).map(finalBlock),
      stop_reason: stopReason(reply), stop_sequence: null,
      usage: usageOf(ctx, reply, outputTokens(reply)),
    };
  },

  streamErrorFrame(_ctx, error) {
    return sseFrame('error', { type: 'error', error: { type: error.type ?? 'overloaded_error', message: error.message } });
  },

  errorBody(_flavor, status, message) {
    return anthropicErrorBody(status, message, `req_fake${status}`);
  },
};

/** `/v1/messages/count_tokens`: the same chars/4 estimate as everywhere else, over the request body. */
export function countTokensBody(rawBody: string): Record<string, unknown> {
  return { input_tokens: Math.ceil(rawBody.length / 4) };
}
