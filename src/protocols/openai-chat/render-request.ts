import type { ConversationRequest, ToolChoice, ToolDefinition } from '../../conversation/index.ts';
import type { Dialect } from '../protocol.ts';
import { customToolParameters } from '../custom-tool-wrapper.ts';
import { renderMessages } from './render-messages.ts';
import type { JsonObject } from './wire.ts';

/** Reasoning efforts local servers (vLLM, Ollama) accept; others are left out rather than rejected upstream. */
const efforts = new Set(['low', 'medium', 'high']);

function renderTool(tool: ToolDefinition, sameDialect: boolean): JsonObject | undefined {
  switch (tool.type) {
    case 'function': {
      const fn: JsonObject = { name: tool.name };
      if (tool.description !== undefined) fn.description = tool.description;
      fn.parameters = tool.parameters ?? { type: 'object', properties: {} };
      if (tool.strict !== undefined) fn.strict = tool.strict;
      const wire: JsonObject = { type: 'function', function: fn };
      return sameDialect && tool.extensions ? { ...tool.extensions, ...wire } : wire;
    }
    case 'custom': {
      // Local servers have no freeform tools: offer a function taking the raw text as `input`.
      const fn: JsonObject = { name: tool.name, parameters: customToolParameters() };
      if (tool.description !== undefined) fn.description = tool.description;
      return { type: 'function', function: fn };
    }
    case 'hosted':
      return tool.origin === 'openai-chat' ? tool.raw : undefined;
  }
}

function renderToolChoice(choice: ToolChoice): unknown {
  return choice.type === 'tool' ? { type: 'function', function: { name: choice.name } } : choice.type;
}

/**
 * Canonical request → a Chat Completions body for a backend of this dialect (vLLM, llama.cpp,
 * Ollama, TGI, LM Studio, OpenAI), used when the client spoke another dialect. Chooses the most
 * widely accepted spelling of each field (`max_tokens`, `system` role) and always asks for usage on
 * streams so the gateway can account tokens.
 */
export function renderRequest(
  request: ConversationRequest,
  options: { model: string; stream: boolean; sourceDialect: Dialect },
): Record<string, unknown> {
  const sameDialect = options.sourceDialect === 'openai-chat';
  const body: JsonObject = sameDialect ? { ...request.extensions } : {};
  body.model = options.model;
  body.messages = renderMessages(request.system, request.messages, options.sourceDialect);
  const tools = request.tools.map((t) => renderTool(t, sameDialect)).filter((t) => t !== undefined);
  if (tools.length > 0) {
    body.tools = tools;
    // `tool_choice` and `parallel_tool_calls` without tools are rejected by OpenAI and vLLM.
    // A Chat client's `allowed_tools` choice (kept verbatim in extensions) says more than the canonical one.
    if (request.toolChoice && body.tool_choice === undefined) body.tool_choice = renderToolChoice(request.toolChoice);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  } else {
    delete body.tool_choice;
    delete body.parallel_tool_calls;
  }
  if (request.maxOutputTokens !== undefined) body.max_tokens = request.maxOutputTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stopSequences && request.stopSequences.length > 0) body.stop = request.stopSequences;
  const effort = request.reasoning?.effort;
  if (effort !== undefined && efforts.has(effort)) body.reasoning_effort = effort;
  if (request.user !== undefined) body.user = request.user;
  body.stream = options.stream;
  if (options.stream) {
    const own = body.stream_options;
    body.stream_options = { ...(typeof own === 'object' && own !== null ? own : {}), include_usage: true };
  } else {
    delete body.stream_options;
  }
  return body;
}
