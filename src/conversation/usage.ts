/** Token accounting, normalised. Protocols differ in whether cached tokens are part of input. */
export interface Usage {
  /** All prompt tokens, cached or not. */
  inputTokens: number;
  outputTokens: number;
  /** Of `inputTokens`, how many were read from a prompt cache (Anthropic cache_read, OpenAI cached_tokens). */
  cachedInputTokens?: number;
  /** Of `inputTokens`, how many were written to a prompt cache (Anthropic cache_creation). */
  cacheWriteInputTokens?: number;
  /** Of `outputTokens`, how many were reasoning. */
  reasoningTokens?: number;
}
