import type { ContentPart, ConversationResponse } from '../../conversation/index.ts';
import type { EncoderOptions } from '../protocol.ts';
import { finishReasonToWire } from './map-finish-reason.ts';
import { usageToWire } from './map-usage.ts';
import { renderBlock, toolInputOf } from './render-block.ts';
import type { JsonObject, WireMessageResponse } from './wire.ts';

/** The message id a client sees: the backend's `msg_...` id, else one derived from the request id. */
export function messageId(id: string, requestId: string): string {
  if (id.startsWith('msg_')) return id;
  return `msg_${requestId.replace(/^req_/, '')}`;
}

/**
 * Output block for a client. Unlike a backend request, reasoning from another dialect is still shown
 * (as a `thinking` block with an empty signature) since the client only displays it; another dialect's
 * opaque reasoning data is never presented as `redacted_thinking`.
 */
function outputBlock(part: ContentPart): JsonObject | undefined {
  if (part.type === 'reasoning' && part.origin !== 'anthropic') {
    return part.text === '' ? undefined : { type: 'thinking', thinking: part.text, signature: '' };
  }
  if (part.type === 'reasoning' && part.opaque === undefined) {
    return { type: 'thinking', thinking: part.text, signature: part.signature ?? '' };
  }
  if (part.type === 'tool-call') return { type: 'tool_use', id: part.id, name: part.name, input: toolInputOf(part) };
  if (part.type === 'text') return { type: 'text', text: part.text };
  return renderBlock(part, { keepExtensions: true, safeIds: false });
}

/** Canonical response -> the Messages API non-stream body (`type: "message"`). */
export function renderResponse(response: ConversationResponse, options: EncoderOptions): Record<string, unknown> {
  const content: JsonObject[] = [];
  for (const part of response.content) {
    const block = outputBlock(part);
    if (block !== undefined) content.push(block);
  }
  const body: WireMessageResponse = {
    id: messageId(response.id, options.requestId),
    type: 'message',
    role: 'assistant',
    model: options.model,
    content,
    stop_reason: finishReasonToWire(response.finishReason),
    stop_sequence: response.stopSequence ?? null,
    usage: usageToWire(response.usage),
  };
  return { ...body };
}
