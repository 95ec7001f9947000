/**
 * Wire shapes of the Anthropic Messages API, as far as Sekisho builds them. Partial on purpose:
 * content blocks are read field by field from `JsonObject`s, and every field not modelled is carried
 * verbatim in `extensions` or an OpaquePart.
 */

/** A JSON object of unknown content. */
export type JsonObject = Record<string, unknown>;

/** Image / document `source`: base64 data, a URL, plain text, or an uploaded file. */
export type WireSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'text'; media_type: string; data: string }
  | { type: 'file'; file_id: string };

/** A client-defined tool (no `type`, or `type: "custom"`). */
export interface WireCustomTool {
  type?: 'custom';
  name: string;
  description?: string;
  input_schema: JsonObject;
  strict?: boolean;
}

export type WireToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export interface WireUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export type WireStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

/** A non-streamed answer (`type: "message"`). */
export interface WireMessageResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: JsonObject[];
  stop_reason: WireStopReason | null;
  stop_sequence: string | null;
  usage: WireUsage;
}

/** Error type strings of the real API (`error.type`). */
export type WireErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

export interface WireErrorBody {
  type: 'error';
  error: { type: WireErrorType | string; message: string };
  request_id?: string;
}

/** True for a plain (non-array, non-null) object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a finite number. */
export function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Number-or-zero, for usage counters that may be missing or null. */
export function countOf(value: unknown): number {
  return isNumber(value) && value > 0 ? value : 0;
}

/** Copies `obj` without `keys`; undefined when nothing is left (so parts stay free of empty extensions). */
export function restOf(obj: JsonObject, keys: readonly string[]): JsonObject | undefined {
  let out: JsonObject | undefined;
  for (const [k, v] of Object.entries(obj)) {
    if (keys.includes(k)) continue;
    (out ??= {})[k] = v;
  }
  return out;
}
