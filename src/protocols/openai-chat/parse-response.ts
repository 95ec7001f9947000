import type { ContentPart, ConversationResponse } from '../../conversation/index.ts';
import type { ParseResult } from '../protocol.ts';
import { fromChatFinishReason } from './map-finish-reason.ts';
import { fromChatUsage } from './map-usage.ts';
import { isObject } from './wire.ts';
import type { JsonObject } from './wire.ts';

function toolCallPart(call: unknown, i: number): ContentPart | undefined {
  if (!isObject(call)) return undefined;
  const id = typeof call.id === 'string' && call.id !== '' ? call.id : `call_${i}`;
  if (call.type === 'custom' && isObject(call.custom)) {
    const { name, input } = call.custom;
    return { type: 'tool-call', id, name: typeof name === 'string' ? name : '', kind: 'custom', arguments: typeof input === 'string' ? input : '' };
  }
  const fn = call.function;
  if (!isObject(fn) || typeof fn.name !== 'string') return undefined;
  // Ollama has been seen to send parsed arguments; keep the JSON text either way.
  const args = typeof fn.arguments === 'string' ? fn.arguments : fn.arguments === undefined ? '' : JSON.stringify(fn.arguments);
  return { type: 'tool-call', id, name: fn.name, kind: 'function', arguments: args };
}

function contentOf(message: JsonObject): ContentPart[] {
  const content: ContentPart[] = [];
  const reasoning = typeof message.reasoning_content === 'string' ? message.reasoning_content : message.reasoning;
  if (typeof reasoning === 'string' && reasoning !== '') content.push({ type: 'reasoning', text: reasoning });
  if (typeof message.content === 'string' && message.content !== '') content.push({ type: 'text', text: message.content });
  else if (Array.isArray(message.content)) {
    for (const part of message.content) {
      if (isObject(part) && typeof part.text === 'string') content.push({ type: 'text', text: part.text });
    }
  }
  if (typeof message.refusal === 'string' && message.refusal !== '') content.push({ type: 'text', text: message.refusal });
  if (Array.isArray(message.tool_calls)) {
    message.tool_calls.forEach((call, i) => {
      const part = toolCallPart(call, i);
      if (part) content.push(part);
    });
  }
  return content;
}

/** A backend's non-stream Chat answer → canonical response (first choice only). */
export function parseResponse(body: unknown): ParseResult<ConversationResponse> {
  if (!isObject(body)) return { ok: false, message: 'expected a JSON object' };
  if (isObject(body.error)) {
    const message = typeof body.error.message === 'string' ? body.error.message : JSON.stringify(body.error);
    return { ok: false, message: `backend error: ${message}`, param: 'error' };
  }
  if (!Array.isArray(body.choices) || body.choices.length === 0) {
    return { ok: false, message: 'expected a non-empty `choices` array', param: 'choices' };
  }
  const choice = body.choices.find((c) => isObject(c) && (c.index === 0 || c.index === undefined)) ?? body.choices[0];
  if (!isObject(choice) || !isObject(choice.message)) {
    return { ok: false, message: 'expected `choices[0].message` to be an object', param: 'choices[0].message' };
  }
  const content = contentOf(choice.message);
  const response: ConversationResponse = {
    id: typeof body.id === 'string' ? body.id : '',
    model: typeof body.model === 'string' ? body.model : '',
    content,
    finishReason: fromChatFinishReason(choice.finish_reason, content.some((p) => p.type === 'tool-call')),
    usage: fromChatUsage(body.usage) ?? { inputTokens: 0, outputTokens: 0 },
  };
  // vLLM reports the stop string that matched in `stop_reason` (a number there is a stop token id).
  if (typeof choice.stop_reason === 'string' && response.finishReason === 'stop') {
    response.finishReason = 'stop-sequence';
    response.stopSequence = choice.stop_reason;
  }
  return { ok: true, value: response };
}
