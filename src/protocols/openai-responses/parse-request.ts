import type { ConversationRequest, Message } from '../../conversation/index.ts';
import type { ParseResult } from '../protocol.ts';
import { parseInput } from './parse-input.ts';
import { parseToolChoice, parseTools } from './parse-tools.ts';
import { isObject, num, str } from './wire.ts';
import type { JsonObject } from './wire.ts';

type Fail = { ok: false; message: string; param?: string };

/** Top-level fields this parser maps onto the canonical request; everything else is an extension. */
const MODELLED = new Set([
  'model', 'input', 'instructions', 'tools', 'tool_choice', 'parallel_tool_calls', 'max_output_tokens',
  'temperature', 'top_p', 'stream', 'reasoning', 'user', 'safety_identifier',
]);

/**
 * Client body of `POST /v1/responses` → canonical request. Validates what the gateway relies on and
 * reports the JSON path of the first bad field; accepts everything else real clients send (Codex
 * `additional_tools`, namespaces, hosted tools, `client_metadata`, ...) by keeping it in extensions
 * or as opaque parts. `reasoning`, `user` and `safety_identifier` are mapped and also kept verbatim
 * in extensions so a Responses backend receives them unchanged.
 */
export function parseRequest(body: unknown): ParseResult<ConversationRequest> {
  if (!isObject(body)) return { ok: false, message: 'Request body must be a JSON object' };
  const model = str(body, 'model');
  if (model === undefined || model === '') return fail('model must be a non-empty string', 'model');

  const extensions: JsonObject = {};
  for (const [k, v] of Object.entries(body)) if (!MODELLED.has(k)) extensions[k] = v;

  const request: ConversationRequest = { model, system: [], messages: [], tools: [], stream: false, extensions };
  const failed =
    readInput(body, request) ??
    readInstructions(body, request) ??
    readTools(body, request) ??
    readSampling(body, request) ??
    readReasoning(body, request) ??
    readUser(body, request);
  return failed ?? { ok: true, value: request };
}

function readInput(body: JsonObject, request: ConversationRequest): Fail | undefined {
  const input = body['input'];
  if (input === undefined || input === null) return undefined;
  if (typeof input === 'string') {
    request.messages.push({ role: 'user', content: [{ type: 'text', text: input }] });
    return undefined;
  }
  if (!Array.isArray(input)) return fail('input must be a string or an array of items', 'input');
  const parsed = parseInput(input, 'input');
  if (!parsed.ok) return parsed;
  request.messages = parsed.value.messages;
  request.tools.push(...parsed.value.tools);
  return undefined;
}

function readInstructions(body: JsonObject, request: ConversationRequest): Fail | undefined {
  const instructions = body['instructions'];
  if (instructions === undefined || instructions === null) return undefined;
  if (typeof instructions === 'string') {
    request.system = [{ role: 'system', content: [{ type: 'text', text: instructions }] }];
    return undefined;
  }
  if (!Array.isArray(instructions)) return fail('instructions must be a string or an array of items', 'instructions');
  const parsed = parseInput(instructions, 'instructions');
  if (!parsed.ok) return parsed;
  request.system = parsed.value.messages.map((m): Message => ({ ...m, role: m.role === 'developer' ? 'developer' : 'system' }));
  return undefined;
}

function readTools(body: JsonObject, request: ConversationRequest): Fail | undefined {
  const tools = body['tools'];
  if (tools !== undefined && tools !== null) {
    const parsed = parseTools(tools, 'tools');
    if (!parsed.ok) return parsed;
    request.tools.unshift(...parsed.value);
  }
  const choice = body['tool_choice'];
  if (choice !== undefined && choice !== null) {
    const parsed = parseToolChoice(choice, 'tool_choice');
    if (!parsed.ok) return parsed;
    if (parsed.value.choice) request.toolChoice = parsed.value.choice;
    if (parsed.value.raw) request.extensions['tool_choice'] = parsed.value.raw;
  }
  const parallel = body['parallel_tool_calls'];
  if (parallel !== undefined && parallel !== null) {
    if (typeof parallel !== 'boolean') return fail('parallel_tool_calls must be a boolean', 'parallel_tool_calls');
    request.parallelToolCalls = parallel;
  }
  return undefined;
}

function readSampling(body: JsonObject, request: ConversationRequest): Fail | undefined {
  for (const [field, key] of [['max_output_tokens', 'maxOutputTokens'], ['temperature', 'temperature'], ['top_p', 'topP']] as const) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    const n = num(body, field);
    if (n === undefined || n < 0) return fail(`${field} must be a non-negative number`, field);
    request[key] = n;
  }
  const stream = body['stream'];
  if (stream !== undefined && stream !== null) {
    if (typeof stream !== 'boolean') return fail('stream must be a boolean', 'stream');
    request.stream = stream;
  }
  return undefined;
}

function readReasoning(body: JsonObject, request: ConversationRequest): Fail | undefined {
  const reasoning = body['reasoning'];
  if (reasoning === undefined || reasoning === null) return undefined;
  if (!isObject(reasoning)) return fail('reasoning must be an object', 'reasoning');
  const effort = str(reasoning, 'effort');
  const summary = str(reasoning, 'summary') ?? str(reasoning, 'generate_summary');
  request.reasoning = {
    ...(effort !== undefined && { effort }),
    ...(summary !== undefined && { summary }),
    ...(effort !== undefined && { enabled: effort !== 'none' }),
  };
  request.extensions['reasoning'] = reasoning;
  return undefined;
}

function readUser(body: JsonObject, request: ConversationRequest): Fail | undefined {
  for (const field of ['user', 'safety_identifier']) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') return fail(`${field} must be a string`, field);
    request.extensions[field] = value;
  }
  const user = str(body, 'safety_identifier') ?? str(body, 'user');
  if (user !== undefined) request.user = user;
  return undefined;
}

function fail(message: string, param: string): Fail {
  return { ok: false, message, param };
}
