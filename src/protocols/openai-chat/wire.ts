/**
 * Wire shapes of OpenAI Chat Completions, as far as Sekisho reads or writes them. Deliberately
 * partial: every field is optional or loosely typed because the same shapes come from many servers
 * (OpenAI, vLLM, llama.cpp, Ollama, TGI, LM Studio) that each leave out or add different fields.
 */

/** A JSON object of unknown content. */
export type JsonObject = Record<string, unknown>;

/** `tool_calls[]` entry of an assistant message (request history or non-stream answer). */
export interface ChatToolCall {
  id: string;
  type: 'function' | 'custom';
  function?: { name: string; arguments: string };
  custom?: { name: string; input: string };
}

/** `delta.tool_calls[]` entry of a stream chunk: every field may be missing on later fragments. */
export interface ChatToolCallDelta {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string | JsonObject };
  custom?: { name?: string; input?: string };
}

/** Token accounting as Chat reports it. */
export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
}

/** The assistant message of a non-stream answer. */
export interface ChatResponseMessage {
  role: 'assistant';
  content: string | null;
  refusal?: string | null;
  reasoning_content?: string;
  tool_calls?: ChatToolCall[];
}

/** A non-stream answer (`object: "chat.completion"`). */
export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{ index: number; message: ChatResponseMessage; logprobs: null; finish_reason: string }>;
  usage: ChatUsage;
}

/** The delta of one stream chunk choice. */
export interface ChatDelta {
  role?: 'assistant';
  content?: string | null;
  reasoning_content?: string;
  tool_calls?: ChatToolCallDelta[];
}

/** One streamed chunk (`object: "chat.completion.chunk"`). */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{ index: number; delta: ChatDelta; logprobs: null; finish_reason: string | null }>;
  usage?: ChatUsage | null;
}

/** The error envelope every OpenAI-style server answers with. */
export interface ChatErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** The finish reasons Chat Completions defines. */
export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a finite number. */
export function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Copies every own field of `source` except `known` into a new object; undefined when none remain. */
export function pickUnknown(source: JsonObject, known: readonly string[]): JsonObject | undefined {
  let out: JsonObject | undefined;
  for (const [key, value] of Object.entries(source)) {
    if (known.includes(key)) continue;
    (out ??= {})[key] = value;
  }
  return out;
}
