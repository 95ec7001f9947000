import type { ToolChoice, ToolDefinition } from '../../conversation/index.ts';
import type { ParseResult } from '../protocol.ts';
import { NAMESPACE_DESCRIPTION } from './extension-keys.ts';
import { isObject, restOf, str } from './wire.ts';
import type { JsonObject } from './wire.ts';

/**
 * Parses a Responses `tools` array. `function` and `custom` tools become canonical tools; a
 * `namespace` tool is flattened into its members (each keeps `namespace`); every other type
 * (web_search, file_search, mcp, local_shell, ...) runs at the provider and is kept as a HostedTool.
 */
export function parseTools(raw: unknown, path: string): ParseResult<ToolDefinition[]> {
  if (!Array.isArray(raw)) return { ok: false, message: `${path} must be an array`, param: path };
  const out: ToolDefinition[] = [];
  for (let i = 0; i < raw.length; i++) {
    const parsed = parseTool(raw[i], `${path}[${i}]`);
    if (!parsed.ok) return parsed;
    out.push(...parsed.value);
  }
  return { ok: true, value: out };
}

function parseTool(raw: unknown, path: string, namespace?: { name: string; description?: string }): ParseResult<ToolDefinition[]> {
  if (!isObject(raw)) return { ok: false, message: `${path} must be an object`, param: path };
  const type = str(raw, 'type');
  if (type === undefined) return { ok: false, message: `${path}.type must be a string`, param: `${path}.type` };
  if (type === 'namespace' && namespace === undefined) return parseNamespace(raw, path);
  if (type !== 'function' && type !== 'custom') {
    return { ok: true, value: [{ type: 'hosted', name: type, origin: 'openai-responses', raw }] };
  }
  const name = str(raw, 'name');
  if (name === undefined || name === '') {
    return { ok: false, message: `${path}.name must be a non-empty string`, param: `${path}.name` };
  }
  const description = str(raw, 'description');
  let extensions = restOf(raw, ['type', 'name', 'description', 'parameters', 'strict', 'format']);
  if (namespace?.description !== undefined) {
    extensions = { ...extensions, [NAMESPACE_DESCRIPTION]: namespace.description };
  }
  if (type === 'function') {
    const parameters = raw['parameters'];
    if (parameters !== undefined && parameters !== null && !isObject(parameters)) {
      return { ok: false, message: `${path}.parameters must be an object`, param: `${path}.parameters` };
    }
    const strict = raw['strict'];
    return {
      ok: true,
      value: [{
        type: 'function',
        name,
        ...(description !== undefined && { description }),
        ...(isObject(parameters) && { parameters }),
        ...(typeof strict === 'boolean' && { strict }),
        ...(namespace && { namespace: namespace.name }),
        ...(extensions && { extensions }),
      }],
    };
  }
  const format = raw['format'];
  return {
    ok: true,
    value: [{
      type: 'custom',
      name,
      ...(description !== undefined && { description }),
      ...(isObject(format) && { format }),
      ...(namespace && { namespace: namespace.name }),
      ...(extensions && { extensions }),
    }],
  };
}

function parseNamespace(raw: JsonObject, path: string): ParseResult<ToolDefinition[]> {
  const name = str(raw, 'name');
  if (name === undefined || name === '') {
    return { ok: false, message: `${path}.name must be a non-empty string`, param: `${path}.name` };
  }
  const members = raw['tools'];
  if (!Array.isArray(members)) return { ok: false, message: `${path}.tools must be an array`, param: `${path}.tools` };
  const description = str(raw, 'description');
  const ns = { name, ...(description !== undefined && { description }) };
  const out: ToolDefinition[] = [];
  for (let i = 0; i < members.length; i++) {
    const parsed = parseTool(members[i], `${path}.tools[${i}]`, ns);
    if (!parsed.ok) return parsed;
    out.push(...parsed.value);
  }
  return { ok: true, value: out };
}

/**
 * `tool_choice`: the strings and the `{type:"function"|"custom", name}` forms map onto the canonical
 * choice; other objects (allowed_tools, hosted tool types, mcp) have no canonical meaning and are
 * returned as `raw` for extensions.
 */
export function parseToolChoice(raw: unknown, path: string): ParseResult<{ choice?: ToolChoice; raw?: JsonObject }> {
  if (raw === 'auto' || raw === 'none' || raw === 'required') return { ok: true, value: { choice: { type: raw } } };
  if (isObject(raw)) {
    const type = str(raw, 'type');
    const name = str(raw, 'name');
    if ((type === 'function' || type === 'custom') && name !== undefined) {
      return { ok: true, value: { choice: { type: 'tool', name } } };
    }
    if (type !== undefined) return { ok: true, value: { raw } };
  }
  return { ok: false, message: `${path} must be "auto", "none", "required" or a tool choice object`, param: path };
}
