import type { CustomTool, FunctionTool, ToolChoice, ToolDefinition } from '../../conversation/index.ts';
import { fail, typeName } from './input-error.ts';
import { isObject, pickUnknown } from './wire.ts';
import type { JsonObject } from './wire.ts';

function extensionsOf(outer: JsonObject, outerKnown: string[], inner: JsonObject, innerKnown: string[]): JsonObject | undefined {
  const extra = { ...pickUnknown(outer, outerKnown), ...pickUnknown(inner, innerKnown) };
  return Object.keys(extra).length > 0 ? extra : undefined;
}

function parseFunction(fn: unknown, path: string): FunctionTool {
  if (!isObject(fn)) fail(path, `expected an object, got ${typeName(fn)}`);
  if (typeof fn.name !== 'string' || fn.name === '') fail(`${path}.name`, `expected a non-empty string, got ${typeName(fn.name)}`);
  const tool: FunctionTool = { type: 'function', name: fn.name };
  if (typeof fn.description === 'string') tool.description = fn.description;
  if (fn.parameters !== undefined && fn.parameters !== null) {
    if (!isObject(fn.parameters)) fail(`${path}.parameters`, `expected a JSON Schema object, got ${typeName(fn.parameters)}`);
    tool.parameters = fn.parameters;
  }
  if (typeof fn.strict === 'boolean') tool.strict = fn.strict;
  return tool;
}

function parseTool(raw: unknown, path: string): ToolDefinition {
  if (!isObject(raw)) fail(path, `expected a tool object, got ${typeName(raw)}`);
  if (raw.type === 'function') {
    const tool = parseFunction(raw.function, `${path}.function`);
    const extra = extensionsOf(raw, ['type', 'function'], raw.function as JsonObject, ['name', 'description', 'parameters', 'strict']);
    if (extra) tool.extensions = extra;
    return tool;
  }
  if (raw.type === 'custom') {
    const custom = raw.custom;
    if (!isObject(custom)) fail(`${path}.custom`, `expected an object, got ${typeName(custom)}`);
    if (typeof custom.name !== 'string' || custom.name === '') fail(`${path}.custom.name`, `expected a non-empty string, got ${typeName(custom.name)}`);
    const tool: CustomTool = { type: 'custom', name: custom.name };
    if (typeof custom.description === 'string') tool.description = custom.description;
    if (isObject(custom.format)) tool.format = custom.format;
    const extra = extensionsOf(raw, ['type', 'custom'], custom, ['name', 'description', 'format']);
    if (extra) tool.extensions = extra;
    return tool;
  }
  if (typeof raw.type !== 'string') fail(`${path}.type`, `expected a string, got ${typeName(raw.type)}`);
  // A provider-run tool type this gateway does not model: only a Chat backend may receive it.
  return { type: 'hosted', name: raw.type, origin: 'openai-chat', raw };
}

/** `tools` (and the legacy `functions`) → canonical tool definitions. */
export function parseTools(tools: unknown, functions: unknown): ToolDefinition[] {
  const out: ToolDefinition[] = [];
  if (tools !== undefined && tools !== null) {
    if (!Array.isArray(tools)) fail('tools', `expected an array, got ${typeName(tools)}`);
    tools.forEach((t, i) => out.push(parseTool(t, `tools[${i}]`)));
  }
  if (functions !== undefined && functions !== null) {
    if (!Array.isArray(functions)) fail('functions', `expected an array, got ${typeName(functions)}`);
    functions.forEach((f, i) => out.push(parseFunction(f, `functions[${i}]`)));
  }
  return out;
}

function namedChoice(raw: JsonObject, path: string): ToolChoice {
  const inner = raw.type === 'custom' ? raw.custom : raw.function;
  const key = raw.type === 'custom' ? 'custom' : 'function';
  if (!isObject(inner) || typeof inner.name !== 'string') fail(`${path}.${key}.name`, 'expected the name of a tool');
  return { type: 'tool', name: inner.name };
}

/**
 * `tool_choice` (or legacy `function_call`) → canonical. `allowed_tools` narrows the tool set, which
 * the canonical model cannot say; its `mode` is kept as the choice.
 */
export function parseToolChoice(value: unknown, path: string): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'auto' || value === 'none' || value === 'required') return { type: value };
  if (isObject(value)) {
    if (value.type === 'function' || value.type === 'custom') return namedChoice(value, path);
    if (value.type === 'allowed_tools' && isObject(value.allowed_tools)) {
      const mode = value.allowed_tools.mode;
      return { type: mode === 'required' ? 'required' : 'auto' };
    }
    // Legacy `function_call: {name}`.
    if (value.type === undefined && typeof value.name === 'string') return { type: 'tool', name: value.name };
  }
  return fail(path, `expected "auto", "none", "required" or {type: "function", function: {name}}, got ${JSON.stringify(value)}`);
}
