/**
 * Wire shapes of the OpenAI Responses API that this module reads or writes. Deliberately partial: only
 * the fields the code touches are typed; everything else is carried as `Record<string, unknown>`.
 */

/** Any JSON object. Used for unknown items, parts and tools that are carried verbatim. */
export type JsonObject = Record<string, unknown>;

/** `output_text` content part of an assistant message item. */
export interface WireOutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs?: unknown[];
}

/** `refusal` content part of an assistant message item. */
export interface WireRefusal {
  type: 'refusal';
  refusal: string;
}

/** Assistant `message` output item. */
export interface WireMessageItem {
  type: 'message';
  id: string;
  role: 'assistant';
  status: WireItemStatus;
  content: Array<WireOutputText | WireRefusal>;
}

/** `function_call` output item (also accepted as input history). */
export interface WireFunctionCallItem {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: WireItemStatus;
  namespace?: string;
}

/** `custom_tool_call` output item: a freeform (grammar) tool call carrying raw `input` text. */
export interface WireCustomToolCallItem {
  type: 'custom_tool_call';
  id: string;
  call_id: string;
  name: string;
  input: string;
  status: WireItemStatus;
  namespace?: string;
}

/** `summary_text` part of a reasoning item. */
export interface WireSummaryText {
  type: 'summary_text';
  text: string;
}

/** `reasoning` output item; `encrypted_content` is opaque and must be sent back unchanged. */
export interface WireReasoningItem {
  type: 'reasoning';
  id: string;
  summary: WireSummaryText[];
  content?: Array<{ type: 'reasoning_text'; text: string }>;
  encrypted_content?: string;
  status?: WireItemStatus;
}

export type WireItemStatus = 'in_progress' | 'completed' | 'incomplete';

/** An output item this module produces. */
export type WireOutputItem =
  | WireMessageItem
  | WireFunctionCallItem
  | WireCustomToolCallItem
  | WireReasoningItem
  | JsonObject;

/** Token usage as the Responses API reports it (cached tokens are part of `input_tokens`). */
export interface WireUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type WireResponseStatus = 'completed' | 'incomplete' | 'failed' | 'in_progress';

/** The `response` object: the non-stream body and the payload of lifecycle stream events. */
export interface WireResponse {
  id: string;
  object: 'response';
  created_at: number;
  status: WireResponseStatus;
  model: string;
  output: WireOutputItem[];
  usage: WireUsage | null;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
  [echo: string]: unknown;
}

/** OpenAI error body, used for non-stream failures. */
export interface WireErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The string at `key`, or undefined when absent or not a string. */
export function str(obj: JsonObject, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' ? v : undefined;
}

/** The finite number at `key`, or undefined. */
export function num(obj: JsonObject, key: string): number | undefined {
  const v = obj[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A copy of `obj` without `known` keys: what goes into `extensions`. Undefined when nothing is left. */
export function restOf(obj: JsonObject, known: readonly string[]): JsonObject | undefined {
  let out: JsonObject | undefined;
  for (const [k, v] of Object.entries(obj)) {
    if (known.includes(k)) continue;
    (out ??= {})[k] = v;
  }
  return out;
}
