import type { ConversationRequest, Message } from '../../conversation/index.ts';
import type { Dialect } from '../protocol.ts';
import { renderInput } from './render-input.ts';
import { renderToolChoice, renderTools } from './render-tools.ts';
import type { JsonObject } from './wire.ts';

/**
 * Canonical request → body for a Responses backend (vLLM `/v1/responses` and the like). Top-level
 * system text becomes `instructions` (a string, which every implementation accepts); inline
 * system/developer messages stay in place as developer message items. The backend is asked not to
 * store anything (`store: false`) unless a Responses client said otherwise. Extensions are emitted
 * only for a request that came from a Responses client. Stop sequences are dropped: Responses has
 * no `stop` parameter.
 */
export function renderRequest(
  request: ConversationRequest,
  options: { model: string; stream: boolean; sourceDialect: Dialect },
): JsonObject {
  const same = options.sourceDialect === 'openai-responses';
  const body: JsonObject = { store: false, ...(same && request.extensions) };
  body['model'] = options.model;
  Object.assign(body, systemFields(request.system, same));
  const input = body['input'];
  body['input'] = [...(Array.isArray(input) ? input : []), ...renderInput(request.messages, same)];
  const tools = renderTools(request.tools, same);
  if (tools.length > 0) body['tools'] = tools;
  // Code mode declares its tools inside `input`, so a Responses client's choice stands without top-level tools.
  const keepChoice = tools.length > 0 || same || request.toolChoice?.type === 'none';
  if (request.toolChoice !== undefined && keepChoice) body['tool_choice'] = renderToolChoice(request.toolChoice, request.tools);
  if (request.parallelToolCalls !== undefined) body['parallel_tool_calls'] = request.parallelToolCalls;
  if (request.maxOutputTokens !== undefined) body['max_output_tokens'] = request.maxOutputTokens;
  if (request.temperature !== undefined) body['temperature'] = request.temperature;
  if (request.topP !== undefined) body['top_p'] = request.topP;
  if (!same) {
    const reasoning = reasoningFor(request);
    if (reasoning !== undefined) body['reasoning'] = reasoning;
    if (request.user !== undefined) body['user'] = request.user;
  }
  body['stream'] = options.stream;
  return body;
}

/**
 * Top-level instructions. Text-only system messages become the `instructions` string; anything else
 * (an image in a system prompt, a Responses client's item-list instructions) is sent as leading
 * developer message items instead.
 */
function systemFields(system: readonly Message[], same: boolean): JsonObject {
  if (system.length === 0) return {};
  const textOnly = system.every((m) => m.content.every((p) => p.type === 'text'));
  const fromItems = same && system.some((m) => m.extensions?.['type'] === 'message');
  if (textOnly && !fromItems) {
    const text = system.flatMap((m) => m.content.map((p) => (p.type === 'text' ? p.text : ''))).join('\n\n');
    return { instructions: text };
  }
  return { input: renderInput(system.map((m) => ({ ...m, role: same ? m.role : 'developer' })), same) };
}

/**
 * Canonical reasoning controls → Responses `reasoning`. An Anthropic thinking budget has no exact
 * equivalent; it is mapped onto the nearest effort (≤4k low, ≤16k medium, above high).
 */
function reasoningFor(request: ConversationRequest): JsonObject | undefined {
  const r = request.reasoning;
  if (r === undefined || r.enabled === false) return undefined;
  let effort = r.effort;
  if (effort === undefined && r.budgetTokens !== undefined) {
    effort = r.budgetTokens <= 4096 ? 'low' : r.budgetTokens <= 16384 ? 'medium' : 'high';
  }
  if (effort === undefined && r.summary === undefined) return undefined;
  return { ...(effort !== undefined && { effort }), ...(r.summary !== undefined && { summary: r.summary }) };
}
