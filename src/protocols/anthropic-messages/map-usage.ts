import type { Usage } from '../../conversation/index.ts';
import { countOf, type JsonObject, type WireUsage } from './wire.ts';

/**
 * Anthropic usage -> canonical. Anthropic `input_tokens` excludes cache reads and writes; canonical
 * `inputTokens` counts every prompt token, so the three are added up.
 */
export function usageFromWire(usage: JsonObject | undefined): Usage {
  const read = countOf(usage?.['cache_read_input_tokens']);
  const write = countOf(usage?.['cache_creation_input_tokens']);
  const out: Usage = {
    inputTokens: countOf(usage?.['input_tokens']) + read + write,
    outputTokens: countOf(usage?.['output_tokens']),
  };
  if (read > 0) out.cachedInputTokens = read;
  if (write > 0) out.cacheWriteInputTokens = write;
  return out;
}

/** Canonical usage -> Anthropic: the uncached remainder goes in `input_tokens`. */
export function usageToWire(usage: Partial<Usage> | undefined): WireUsage {
  const read = countOf(usage?.cachedInputTokens);
  const write = countOf(usage?.cacheWriteInputTokens);
  return {
    input_tokens: Math.max(0, countOf(usage?.inputTokens) - read - write),
    output_tokens: countOf(usage?.outputTokens),
    cache_creation_input_tokens: write,
    cache_read_input_tokens: read,
  };
}
