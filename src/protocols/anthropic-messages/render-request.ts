import type { ConversationRequest, Message, ToolDefinition } from '../../conversation/index.ts';
import type { Dialect } from '../protocol.ts';
import { renderBlock, type BlockOptions } from './render-block.ts';
import type { JsonObject, WireCustomTool, WireToolChoice } from './wire.ts';
import { customToolParameters } from '../custom-tool-wrapper.ts';

/** `max_tokens` is required by the Messages API; used when the client gave none. */
export const DEFAULT_MAX_TOKENS = 4096;

/** Schema a custom (freeform) tool is declared with, since Anthropic has only JSON-schema tools. */
const CUSTOM_TOOL_SCHEMA = customToolParameters();

/** Keys the renderer owns; same-dialect extensions never override them. */
const CORE = new Set(['model', 'messages', 'system', 'max_tokens', 'stream', 'tools', 'tool_choice']);

/** All instructions (top-level and inline system/developer messages) as top-level text blocks, in order. */
function renderSystem(request: ConversationRequest, opts: BlockOptions): JsonObject[] {
  const blocks: JsonObject[] = [];
  const sources = [...request.system, ...request.messages.filter((m) => m.role === 'system' || m.role === 'developer')];
  for (const message of sources) {
    for (const part of message.content) {
      const block = renderBlock(part, opts);
      if (block !== undefined && block['type'] === 'text') blocks.push(block);
    }
  }
  return blocks;
}

/**
 * Conversation turns: `tool` messages become `user` messages of `tool_result` blocks, consecutive
 * same-role messages merge (the API wants strict alternation), and tool results go first in a user turn.
 */
function renderMessages(messages: Message[], opts: BlockOptions): JsonObject[] {
  const out: { role: 'user' | 'assistant'; content: JsonObject[]; ext?: JsonObject }[] = [];
  for (const message of messages) {
    if (message.role === 'system' || message.role === 'developer') continue;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks: JsonObject[] = [];
    for (const part of message.content) {
      const block = renderBlock(part, opts);
      if (block !== undefined) blocks.push(block);
    }
    if (blocks.length === 0) continue;
    const last = out[out.length - 1];
    if (last !== undefined && last.role === role) {
      last.content.push(...blocks);
    } else {
      const entry: (typeof out)[number] = { role, content: blocks };
      if (opts.keepExtensions && message.extensions) entry.ext = message.extensions;
      out.push(entry);
    }
  }
  return out.map(({ role, content, ext }) => {
    const ordered =
      role === 'user'
        ? [...content.filter((b) => b['type'] === 'tool_result'), ...content.filter((b) => b['type'] !== 'tool_result')]
        : content;
    return { ...ext, role, content: ordered };
  });
}

function renderTool(tool: ToolDefinition, keepExtensions: boolean): JsonObject | undefined {
  switch (tool.type) {
    case 'hosted':
      return tool.origin === 'anthropic' ? tool.raw : undefined;
    case 'custom': {
      const out: WireCustomTool = { name: tool.name, input_schema: CUSTOM_TOOL_SCHEMA };
      if (tool.description !== undefined) out.description = tool.description;
      return { ...out };
    }
    case 'function': {
      const out: WireCustomTool = { name: tool.name, input_schema: tool.parameters ?? { type: 'object', properties: {} } };
      if (tool.description !== undefined) out.description = tool.description;
      if (tool.strict !== undefined) out.strict = tool.strict;
      return keepExtensions && tool.extensions ? { ...out, ...tool.extensions } : { ...out };
    }
  }
}

function renderToolChoice(request: ConversationRequest): WireToolChoice | undefined {
  const choice = request.toolChoice;
  if (choice?.type === 'none') return { type: 'none' };
  const disable = request.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (choice?.type === 'required') return { type: 'any', ...disable };
  if (choice?.type === 'tool') return { type: 'tool', name: choice.name, ...disable };
  if (choice?.type === 'auto' || request.parallelToolCalls === false) return { type: 'auto', ...disable };
  return undefined;
}

const EFFORTS: Record<string, string> = { minimal: 'low', low: 'low', medium: 'medium', high: 'high', xhigh: 'high' };

/** Canonical reasoning controls -> `thinking` (and `output_config.effort` for an effort-only request). */
function renderReasoning(request: ConversationRequest, body: JsonObject): void {
  const r = request.reasoning;
  if (r === undefined) return;
  if (r.enabled === false || r.effort === 'none') body['thinking'] = { type: 'disabled' };
  else if (r.budgetTokens !== undefined) body['thinking'] = { type: 'enabled', budget_tokens: r.budgetTokens };
  else if (r.enabled === true) body['thinking'] = { type: 'adaptive' };
  const effort = r.effort === undefined ? undefined : EFFORTS[r.effort];
  if (effort !== undefined && r.enabled !== false) body['output_config'] = { effort };
}

/**
 * Canonical request -> Messages body for an Anthropic-dialect backend (only used when translating).
 * What the dialect cannot express is dropped; `extensions` are emitted only when the request came in
 * as Anthropic Messages. Custom (freeform) tools become function tools taking `{input: string}`.
 */
export function renderRequest(
  request: ConversationRequest,
  options: { model: string; stream: boolean; sourceDialect: Dialect },
): Record<string, unknown> {
  const keep = options.sourceDialect === 'anthropic-messages';
  const opts: BlockOptions = { keepExtensions: keep, safeIds: true };
  const body: JsonObject = {
    model: options.model,
    max_tokens: request.maxOutputTokens ?? DEFAULT_MAX_TOKENS,
  };
  const system = renderSystem(request, opts);
  if (system.length > 0) body['system'] = system;
  body['messages'] = renderMessages(request.messages, opts);
  const tools = request.tools.map((t) => renderTool(t, keep)).filter((t) => t !== undefined);
  if (tools.length > 0) {
    body['tools'] = tools;
    const choice = renderToolChoice(request);
    if (choice !== undefined) body['tool_choice'] = choice;
  }
  if (request.temperature !== undefined) body['temperature'] = request.temperature;
  if (request.topP !== undefined) body['top_p'] = request.topP;
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) body['stop_sequences'] = request.stopSequences;
  if (request.user !== undefined) body['metadata'] = { user_id: request.user };
  renderReasoning(request, body);
  if (keep) {
    for (const [key, value] of Object.entries(request.extensions)) if (!CORE.has(key)) body[key] = value;
  }
  body['stream'] = options.stream;
  return body;
}
