import type { ConversationRequest } from '../../conversation/index.ts';
import type { ParseResult } from '../protocol.ts';
import { InputError, fail, typeName } from './input-error.ts';
import { parseMessages } from './parse-messages.ts';
import { parseToolChoice, parseTools } from './parse-tools.ts';
import { isNumber, isObject, pickUnknown } from './wire.ts';
import type { JsonObject } from './wire.ts';

/** Top-level fields with a canonical meaning; everything else rides in `extensions`. */
const canonicalFields = [
  'model', 'messages', 'tools', 'functions', 'tool_choice', 'function_call', 'parallel_tool_calls',
  'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'stop', 'stream', 'reasoning_effort', 'user',
];

function optionalNumber(body: JsonObject, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!isNumber(value)) fail(key, `expected a number, got ${typeName(value)}`);
  return value;
}

function optionalBoolean(body: JsonObject, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(key, `expected a boolean, got ${typeName(value)}`);
  return value;
}

function optionalString(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(key, `expected a string, got ${typeName(value)}`);
  return value;
}

function parseStop(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) fail('stop', `expected a string or an array of strings, got ${typeName(value)}`);
  return value.map((s, i) => (typeof s === 'string' ? s : fail(`stop[${i}]`, `expected a string, got ${typeName(s)}`)));
}

function build(body: unknown): ConversationRequest {
  if (!isObject(body)) fail('body', `expected a JSON object, got ${typeName(body)}`);
  if (typeof body.model !== 'string' || body.model === '') fail('model', `expected a non-empty string, got ${typeName(body.model)}`);
  const request: ConversationRequest = {
    model: body.model,
    system: [],
    messages: parseMessages(body.messages, 'messages'),
    tools: parseTools(body.tools, body.functions),
    stream: optionalBoolean(body, 'stream') ?? false,
    extensions: pickUnknown(body, canonicalFields) ?? {},
  };
  const toolChoice = parseToolChoice(body.tool_choice, 'tool_choice') ?? parseToolChoice(body.function_call, 'function_call');
  if (toolChoice) request.toolChoice = toolChoice;
  if (isObject(body.tool_choice) && body.tool_choice.type === 'allowed_tools') request.extensions.tool_choice = body.tool_choice;
  const parallel = optionalBoolean(body, 'parallel_tool_calls');
  if (parallel !== undefined) request.parallelToolCalls = parallel;
  // `max_completion_tokens` superseded `max_tokens`; when both are sent the newer one counts.
  const maxTokens = optionalNumber(body, 'max_completion_tokens') ?? optionalNumber(body, 'max_tokens');
  if (maxTokens !== undefined) request.maxOutputTokens = maxTokens;
  const temperature = optionalNumber(body, 'temperature');
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optionalNumber(body, 'top_p');
  if (topP !== undefined) request.topP = topP;
  const stop = parseStop(body.stop);
  if (stop) request.stopSequences = stop;
  const effort = optionalString(body, 'reasoning_effort');
  if (effort !== undefined) request.reasoning = { effort };
  const user = optionalString(body, 'user');
  if (user !== undefined) request.user = user;
  return request;
}

/**
 * A Chat Completions request body → canonical request. Rejects only what no server could accept
 * (wrong types, missing model/messages, unknown roles), with the JSON path of the culprit; accepts
 * every extra field real clients and local-server extensions send.
 */
export function parseRequest(body: unknown): ParseResult<ConversationRequest> {
  try {
    return { ok: true, value: build(body) };
  } catch (err) {
    if (err instanceof InputError) return { ok: false, message: err.message, param: err.param };
    throw err;
  }
}
