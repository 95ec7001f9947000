import type { ConversationRequest } from '../../conversation/index.ts';
import type { ParseResult } from '../protocol.ts';
import { parseMessages, parseSystem } from './parse-messages.ts';
import { parseToolChoice, parseTools } from './parse-tools.ts';
import { isNumber, isObject, restOf, type JsonObject } from './wire.ts';

/** Top-level fields with a canonical meaning. `metadata` and `thinking` are ALSO kept in extensions. */
const MODELLED = ['model', 'messages', 'system', 'max_tokens', 'stream', 'temperature', 'top_p', 'stop_sequences', 'tools', 'tool_choice'];

function fail(param: string, message: string): { ok: false; message: string; param: string } {
  return { ok: false, message: `${param}: ${message}`, param };
}

type Reasoning = NonNullable<ConversationRequest['reasoning']>;

/** `thinking` + `output_config.effort` -> canonical reasoning controls. */
function parseReasoning(body: JsonObject): ParseResult<Reasoning | undefined> {
  let reasoning: Reasoning | undefined;
  const thinking = body['thinking'];
  if (thinking !== undefined && thinking !== null) {
    if (!isObject(thinking)) return fail('thinking', 'must be an object');
    const type = thinking['type'];
    if (typeof type !== 'string') return fail('thinking.type', 'must be a string');
    if (type === 'enabled') {
      const budget = thinking['budget_tokens'];
      if (!Number.isInteger(budget)) return fail('thinking.budget_tokens', 'must be an integer');
      reasoning = { enabled: true, budgetTokens: budget as number };
    } else if (type === 'disabled') {
      reasoning = { enabled: false };
    } else if (type === 'adaptive') {
      reasoning = { enabled: true };
    }
  }
  const config = body['output_config'];
  if (isObject(config) && typeof config['effort'] === 'string') {
    reasoning = { ...reasoning, effort: config['effort'] };
  }
  return { ok: true, value: reasoning };
}

function parseSampling(body: JsonObject, req: ConversationRequest): ParseResult<true> {
  for (const key of ['temperature', 'top_p'] as const) {
    const v = body[key];
    if (v === undefined || v === null) continue;
    if (!isNumber(v)) return fail(key, 'must be a number');
    if (key === 'temperature') req.temperature = v;
    else req.topP = v;
  }
  const stop = body['stop_sequences'];
  if (stop !== undefined && stop !== null) {
    if (!Array.isArray(stop)) return fail('stop_sequences', 'must be an array of strings');
    for (let i = 0; i < stop.length; i++) {
      if (typeof stop[i] !== 'string') return fail(`stop_sequences[${i}]`, 'must be a string');
    }
    req.stopSequences = stop as string[];
  }
  return { ok: true, value: true };
}

function parseUser(body: JsonObject): ParseResult<string | undefined> {
  const metadata = body['metadata'];
  if (metadata === undefined || metadata === null) return { ok: true, value: undefined };
  if (!isObject(metadata)) return fail('metadata', 'must be an object');
  const id = metadata['user_id'];
  if (id === undefined || id === null) return { ok: true, value: undefined };
  // Claude Code puts a JSON-encoded object here; it stays the string it is.
  if (typeof id !== 'string') return fail('metadata.user_id', 'must be a string');
  return { ok: true, value: id };
}

/**
 * A Messages request body -> canonical request. `requireMaxTokens` is false for count_tokens, which
 * has the same shape without `max_tokens`. Unknown top-level fields (context_management,
 * output_config, top_k, service_tier, container, mcp_servers, ...) go to `extensions`, as do the whole
 * `metadata` and `thinking` objects so a same-dialect render restores them exactly.
 */
export function parseRequestBody(body: unknown, options: { requireMaxTokens: boolean }): ParseResult<ConversationRequest> {
  if (!isObject(body)) return fail('body', 'must be a JSON object');
  const model = body['model'];
  if (typeof model !== 'string' || model === '') return fail('model', 'is required and must be a non-empty string');
  const maxTokens = body['max_tokens'];
  if (maxTokens === undefined || maxTokens === null) {
    if (options.requireMaxTokens) return fail('max_tokens', 'is required');
  } else if (!Number.isInteger(maxTokens) || (maxTokens as number) < 1) {
    return fail('max_tokens', 'must be a positive integer');
  }
  const stream = body['stream'];
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') return fail('stream', 'must be a boolean');

  const system = parseSystem(body['system']);
  if (!system.ok) return system;
  if (body['messages'] === undefined) return fail('messages', 'is required');
  const messages = parseMessages(body['messages']);
  if (!messages.ok) return messages;
  const tools = parseTools(body['tools']);
  if (!tools.ok) return tools;
  const choice = parseToolChoice(body['tool_choice']);
  if (!choice.ok) return choice;
  const reasoning = parseReasoning(body);
  if (!reasoning.ok) return reasoning;
  const user = parseUser(body);
  if (!user.ok) return user;

  const req: ConversationRequest = {
    model,
    system: system.value,
    messages: messages.value,
    tools: tools.value,
    stream: stream === true,
    extensions: restOf(body, MODELLED) ?? {},
  };
  if (typeof maxTokens === 'number') req.maxOutputTokens = maxTokens;
  if (choice.value.choice) req.toolChoice = choice.value.choice;
  if (choice.value.parallel !== undefined) req.parallelToolCalls = choice.value.parallel;
  if (reasoning.value) req.reasoning = reasoning.value;
  if (user.value !== undefined) req.user = user.value;
  const sampling = parseSampling(body, req);
  if (!sampling.ok) return sampling;
  return { ok: true, value: req };
}

/** Client body of `POST /v1/messages` -> canonical request (see `parseRequestBody`). */
export function parseRequest(body: unknown): ParseResult<ConversationRequest> {
  return parseRequestBody(body, { requireMaxTokens: true });
}
