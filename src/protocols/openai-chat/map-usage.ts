import type { Usage } from '../../conversation/index.ts';
import { isNumber, isObject } from './wire.ts';
import type { ChatUsage } from './wire.ts';

/**
 * Chat `usage` → canonical. Tolerant of servers that omit the detail objects or send nulls; returns
 * undefined when the value is not a usage object at all (the `usage: null` of ordinary chunks).
 */
export function fromChatUsage(value: unknown): Usage | undefined {
  if (!isObject(value)) return undefined;
  const usage: Usage = {
    inputTokens: isNumber(value.prompt_tokens) ? value.prompt_tokens : 0,
    outputTokens: isNumber(value.completion_tokens) ? value.completion_tokens : 0,
  };
  const prompt = value.prompt_tokens_details;
  if (isObject(prompt) && isNumber(prompt.cached_tokens)) usage.cachedInputTokens = prompt.cached_tokens;
  const completion = value.completion_tokens_details;
  if (isObject(completion) && isNumber(completion.reasoning_tokens)) usage.reasoningTokens = completion.reasoning_tokens;
  return usage;
}

/** Canonical → Chat `usage`, with the detail objects clients (and the OpenAI SDK types) expect. */
export function toChatUsage(usage: Usage): ChatUsage {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}
