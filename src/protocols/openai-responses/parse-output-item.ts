import type { ContentPart, ReasoningPart, ToolCallPart, Usage } from '../../conversation/index.ts';
import { isObject, num, str } from './wire.ts';
import type { JsonObject } from './wire.ts';

/**
 * One backend output item → canonical parts. A message yields one text part per output_text/refusal
 * part; function_call and custom_tool_call yield a tool call; reasoning yields reasoning with its
 * encrypted content as opaque data (summary text, or raw reasoning_text when a server such as vLLM
 * sends that instead). Unknown items (web_search_call, ...) are kept as OpaquePart.
 */
export function partsOfOutputItem(item: JsonObject): ContentPart[] {
  switch (item['type']) {
    case 'message':
      return messageTexts(item).map((text) => ({ type: 'text', text }));
    case 'function_call':
    case 'custom_tool_call': {
      const call = toolCallOf(item);
      return call === undefined ? [{ type: 'opaque', dialect: 'openai-responses', raw: item }] : [call];
    }
    case 'reasoning':
      return [reasoningOf(item)];
    default:
      return [{ type: 'opaque', dialect: 'openai-responses', raw: item }];
  }
}

/** The texts of a message item's content parts (output_text `text`, refusal `refusal`). */
export function messageTexts(item: JsonObject): string[] {
  const content = item['content'];
  if (!Array.isArray(content)) return [];
  const out: string[] = [];
  for (const part of content) {
    if (!isObject(part)) continue;
    const text = str(part, 'text') ?? str(part, 'refusal');
    if (text !== undefined) out.push(text);
  }
  return out;
}

/** A function_call / custom_tool_call item as a canonical call, or undefined when it lacks its ids. */
export function toolCallOf(item: JsonObject): ToolCallPart | undefined {
  const custom = item['type'] === 'custom_tool_call';
  const id = str(item, 'call_id') ?? str(item, 'id');
  const name = str(item, 'name');
  if (id === undefined || name === undefined) return undefined;
  const namespace = str(item, 'namespace');
  return {
    type: 'tool-call',
    id,
    name,
    kind: custom ? 'custom' : 'function',
    arguments: str(item, custom ? 'input' : 'arguments') ?? '',
    ...(namespace !== undefined && { namespace }),
  };
}

/** The visible text of a reasoning item: summary parts, else raw reasoning_text parts, joined by blank lines. */
export function reasoningText(item: JsonObject): string {
  for (const key of ['summary', 'content']) {
    const list = item[key];
    if (!Array.isArray(list)) continue;
    const texts = list.filter(isObject).map((p) => str(p, 'text')).filter((t) => t !== undefined);
    if (texts.length > 0) return texts.join('\n\n');
  }
  return '';
}

function reasoningOf(item: JsonObject): ReasoningPart {
  const encrypted = str(item, 'encrypted_content');
  return { type: 'reasoning', text: reasoningText(item), origin: 'openai', ...(encrypted !== undefined && { opaque: encrypted }) };
}

/** Responses usage → canonical usage; zero cache/reasoning details are left out. */
export function usageOf(raw: unknown): Usage {
  if (!isObject(raw)) return { inputTokens: 0, outputTokens: 0 };
  const usage: Usage = { inputTokens: num(raw, 'input_tokens') ?? 0, outputTokens: num(raw, 'output_tokens') ?? 0 };
  const inDetails = raw['input_tokens_details'];
  const cached = isObject(inDetails) ? num(inDetails, 'cached_tokens') : undefined;
  if (cached) usage.cachedInputTokens = cached;
  const outDetails = raw['output_tokens_details'];
  const reasoning = isObject(outDetails) ? num(outDetails, 'reasoning_tokens') : undefined;
  if (reasoning) usage.reasoningTokens = reasoning;
  return usage;
}
