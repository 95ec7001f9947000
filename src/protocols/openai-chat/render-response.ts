import type { ConversationResponse, ToolCallPart } from '../../conversation/index.ts';
import type { EncoderOptions } from '../protocol.ts';
import { chatCompletionId } from './chat-completion-id.ts';
import { toChatFinishReason } from './map-finish-reason.ts';
import { toChatUsage } from './map-usage.ts';
import type { ChatCompletion, ChatResponseMessage, ChatToolCall } from './wire.ts';

/** A canonical tool call as a Chat `tool_calls[]` entry (custom tools keep their native shape). */
export function toChatToolCall(call: ToolCallPart): ChatToolCall {
  if (call.kind === 'custom') return { id: call.id, type: 'custom', custom: { name: call.name, input: call.arguments } };
  return { id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } };
}

/**
 * Canonical response → the client's non-stream `chat.completion` body. Text blocks are separated by a
 * blank line (the stream encoder does the same), reasoning goes in `reasoning_content` as vLLM sends it.
 */
export function renderResponse(response: ConversationResponse, options: EncoderOptions): Record<string, unknown> {
  const text: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: ChatToolCall[] = [];
  for (const part of response.content) {
    if (part.type === 'text') text.push(part.text);
    else if (part.type === 'reasoning' && part.text !== '') reasoning.push(part.text);
    else if (part.type === 'tool-call') toolCalls.push(toChatToolCall(part));
  }
  const message: ChatResponseMessage = { role: 'assistant', content: text.length > 0 ? text.join('\n\n') : null, refusal: null };
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('\n\n');
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  let finish = toChatFinishReason(response.finishReason);
  if (toolCalls.length > 0 && finish === 'stop') finish = 'tool_calls';
  const body: ChatCompletion = {
    id: chatCompletionId(response.id, options.requestId),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: options.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
    usage: toChatUsage(response.usage),
  };
  return { ...body };
}
