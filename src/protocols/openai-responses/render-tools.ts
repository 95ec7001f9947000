import type { ToolChoice, ToolDefinition } from '../../conversation/index.ts';
import { FROM_ADDITIONAL_TOOLS, NAMESPACE_DESCRIPTION } from './extension-keys.ts';
import type { JsonObject } from './wire.ts';

/**
 * Canonical tools → Responses `tools`. Members of a namespace are regrouped into one `namespace` tool
 * at the position of the first member; hosted tools are only kept when they were declared in
 * Responses. Tools that came from an `additional_tools` item are skipped for a same-dialect render,
 * because the item itself travels in `input`.
 */
export function renderTools(tools: readonly ToolDefinition[], sameDialect: boolean): JsonObject[] {
  const out: JsonObject[] = [];
  const namespaces = new Map<string, JsonObject[]>();
  for (const tool of tools) {
    if (tool.type === 'hosted') {
      if (tool.origin === 'openai-responses') out.push(tool.raw);
      continue;
    }
    if (sameDialect && tool.extensions?.[FROM_ADDITIONAL_TOOLS] === true) continue;
    const wire = renderTool(tool, sameDialect);
    if (tool.namespace === undefined) {
      out.push(wire);
      continue;
    }
    let members = namespaces.get(tool.namespace);
    if (members === undefined) {
      members = [];
      namespaces.set(tool.namespace, members);
      const description = tool.extensions?.[NAMESPACE_DESCRIPTION];
      out.push({
        type: 'namespace',
        name: tool.namespace,
        ...(typeof description === 'string' && { description }),
        tools: members,
      });
    }
    members.push(wire);
  }
  return out;
}

function renderTool(tool: Exclude<ToolDefinition, { type: 'hosted' }>, sameDialect: boolean): JsonObject {
  const extra: JsonObject = {};
  if (sameDialect && tool.extensions) {
    for (const [k, v] of Object.entries(tool.extensions)) {
      if (k !== FROM_ADDITIONAL_TOOLS && k !== NAMESPACE_DESCRIPTION) extra[k] = v;
    }
  }
  if (tool.type === 'function') {
    return {
      ...extra,
      type: 'function',
      name: tool.name,
      ...(tool.description !== undefined && { description: tool.description }),
      parameters: tool.parameters ?? { type: 'object', properties: {} },
      ...(tool.strict !== undefined && { strict: tool.strict }),
    };
  }
  return {
    ...extra,
    type: 'custom',
    name: tool.name,
    ...(tool.description !== undefined && { description: tool.description }),
    ...(tool.format !== undefined && { format: tool.format }),
  };
}

/** Canonical tool choice → Responses `tool_choice`; a named tool keeps its kind (function or custom). */
export function renderToolChoice(choice: ToolChoice, tools: readonly ToolDefinition[]): string | JsonObject {
  if (choice.type !== 'tool') return choice.type;
  const named = tools.find((t) => t.type !== 'hosted' && t.name === choice.name);
  return { type: named?.type === 'custom' ? 'custom' : 'function', name: choice.name };
}
