import type { FunctionTool, ToolChoice, ToolDefinition } from '../../conversation/index.ts';
import type { ParseResult } from '../protocol.ts';
import { isObject, restOf } from './wire.ts';

function fail(param: string, message: string): { ok: false; message: string; param: string } {
  return { ok: false, message: `${param}: ${message}`, param };
}

/**
 * Anthropic `tools` -> canonical. A tool without `type` (or `type: "custom"`) is a client function
 * tool; `strict` maps to the canonical flag and the rest (`cache_control`, `defer_loading`,
 * `input_examples`, ...) rides in extensions. A typed tool (`web_search_20250305`, `bash_20250124`,
 * `text_editor_*`, `code_execution_*`, ...) runs at the provider and is kept raw as a hosted tool.
 */
export function parseTools(value: unknown): ParseResult<ToolDefinition[]> {
  if (value === undefined) return { ok: true, value: [] };
  if (!Array.isArray(value)) return fail('tools', 'must be an array');
  const out: ToolDefinition[] = [];
  for (let i = 0; i < value.length; i++) {
    const param = `tools[${i}]`;
    const tool: unknown = value[i];
    if (!isObject(tool)) return fail(param, 'must be an object');
    const type = tool['type'];
    if (type !== undefined && type !== null && typeof type !== 'string') return fail(`${param}.type`, 'must be a string');
    if (typeof tool['name'] !== 'string') return fail(`${param}.name`, 'must be a string');
    if (typeof type === 'string' && type !== 'custom') {
      out.push({ type: 'hosted', name: type, origin: 'anthropic', raw: tool });
      continue;
    }
    const schema = tool['input_schema'];
    if (!isObject(schema)) return fail(`${param}.input_schema`, 'must be an object (a JSON Schema)');
    const fn: FunctionTool = { type: 'function', name: tool['name'], parameters: schema };
    if (tool['description'] !== undefined) {
      if (typeof tool['description'] !== 'string') return fail(`${param}.description`, 'must be a string');
      fn.description = tool['description'];
    }
    if (typeof tool['strict'] === 'boolean') fn.strict = tool['strict'];
    const ext = restOf(tool, ['type', 'name', 'description', 'input_schema', 'strict']);
    if (ext) fn.extensions = ext;
    out.push(fn);
  }
  return { ok: true, value: out };
}

/** Anthropic `tool_choice` -> canonical choice plus the parallel flag (`disable_parallel_tool_use`). */
export function parseToolChoice(value: unknown): ParseResult<{ choice?: ToolChoice; parallel?: boolean }> {
  if (value === undefined || value === null) return { ok: true, value: {} };
  if (!isObject(value)) return fail('tool_choice', 'must be an object');
  const out: { choice?: ToolChoice; parallel?: boolean } = {};
  switch (value['type']) {
    case 'auto':
      out.choice = { type: 'auto' };
      break;
    case 'any':
      out.choice = { type: 'required' };
      break;
    case 'none':
      out.choice = { type: 'none' };
      break;
    case 'tool':
      if (typeof value['name'] !== 'string') return fail('tool_choice.name', 'must be a string');
      out.choice = { type: 'tool', name: value['name'] };
      break;
    default:
      return fail('tool_choice.type', 'must be one of "auto", "any", "tool", "none"');
  }
  const disable = value['disable_parallel_tool_use'];
  if (disable !== undefined) {
    if (typeof disable !== 'boolean') return fail('tool_choice.disable_parallel_tool_use', 'must be a boolean');
    out.parallel = !disable;
  }
  return { ok: true, value: out };
}
