import type { ContentPart, Message, ReasoningPart, ToolCallPart, ToolResultPart } from '../../conversation/index.ts';
import { fail, typeName } from './input-error.ts';
import { opaque, parseContent } from './parse-content.ts';
import { isObject, pickUnknown } from './wire.ts';
import type { JsonObject } from './wire.ts';

/** What parsing remembers across messages: tool calls seen so far, to name and pair their results. */
interface History {
  calls: Map<string, { name: string; kind: 'function' | 'custom' }>;
  /** The id given to the latest legacy `function_call` (which has no id on the wire). */
  legacyCallId?: string;
}

const knownAssistant = ['role', 'content', 'tool_calls', 'function_call'];

function withExtensions(message: Message, raw: JsonObject, known: readonly string[]): Message {
  const extra = pickUnknown(raw, known);
  if (extra) message.extensions = extra;
  return message;
}

function argumentsText(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  // A few clients send already-parsed arguments; keep them as the JSON text they stand for.
  if (isObject(value)) return JSON.stringify(value);
  fail(path, `expected a string, got ${typeName(value)}`);
}

function parseToolCall(call: unknown, path: string, history: History): ContentPart {
  if (!isObject(call)) fail(path, `expected a tool call object, got ${typeName(call)}`);
  if (typeof call.id !== 'string') fail(`${path}.id`, `expected a string, got ${typeName(call.id)}`);
  const type = call.type ?? 'function';
  let part: ToolCallPart;
  if (type === 'function') {
    const fn = call.function;
    if (!isObject(fn)) fail(`${path}.function`, `expected an object, got ${typeName(fn)}`);
    if (typeof fn.name !== 'string') fail(`${path}.function.name`, `expected a string, got ${typeName(fn.name)}`);
    part = { type: 'tool-call', id: call.id, name: fn.name, kind: 'function', arguments: argumentsText(fn.arguments, `${path}.function.arguments`) };
    const extra = { ...pickUnknown(call, ['id', 'type', 'function']), ...pickUnknown(fn, ['name', 'arguments']) };
    if (Object.keys(extra).length > 0) part.extensions = extra;
  } else if (type === 'custom') {
    const custom = call.custom;
    if (!isObject(custom)) fail(`${path}.custom`, `expected an object, got ${typeName(custom)}`);
    if (typeof custom.name !== 'string') fail(`${path}.custom.name`, `expected a string, got ${typeName(custom.name)}`);
    const input = typeof custom.input === 'string' ? custom.input : '';
    part = { type: 'tool-call', id: call.id, name: custom.name, kind: 'custom', arguments: input };
    const extra = { ...pickUnknown(call, ['id', 'type', 'custom']), ...pickUnknown(custom, ['name', 'input']) };
    if (Object.keys(extra).length > 0) part.extensions = extra;
  } else {
    return opaque(call);
  }
  history.calls.set(part.id, { name: part.name, kind: part.kind });
  return part;
}

function parseAssistant(raw: JsonObject, path: string, index: number, history: History): Message {
  const content: ContentPart[] = [];
  // vLLM/DeepSeek send `reasoning_content`, newer vLLM and OpenRouter-style clients `reasoning`.
  const field = typeof raw.reasoning_content === 'string' ? 'reasoning_content' : typeof raw.reasoning === 'string' ? 'reasoning' : undefined;
  const reasoning = field === undefined ? undefined : raw[field];
  if (typeof reasoning === 'string' && reasoning !== '') {
    const part: ReasoningPart = { type: 'reasoning', text: reasoning };
    content.push(part);
  }
  // `content` is null or "" next to tool calls; an empty string carries nothing worth a part.
  for (const part of parseContent(raw.content, `${path}.content`, true)) {
    if (part.type === 'text' && part.text === '' && !part.extensions) continue;
    content.push(part);
  }
  if (raw.tool_calls !== undefined && raw.tool_calls !== null) {
    if (!Array.isArray(raw.tool_calls)) fail(`${path}.tool_calls`, `expected an array, got ${typeName(raw.tool_calls)}`);
    raw.tool_calls.forEach((call, i) => content.push(parseToolCall(call, `${path}.tool_calls[${i}]`, history)));
  }
  if (isObject(raw.function_call)) {
    // Legacy single function call: no id on the wire, so give it one the `function` reply can pair with.
    const fn = raw.function_call;
    if (typeof fn.name !== 'string') fail(`${path}.function_call.name`, `expected a string, got ${typeName(fn.name)}`);
    const id = `call_legacy_${index}`;
    history.legacyCallId = id;
    history.calls.set(id, { name: fn.name, kind: 'function' });
    content.push({ type: 'tool-call', id, name: fn.name, kind: 'function', arguments: argumentsText(fn.arguments, `${path}.function_call.arguments`) });
  }
  return withExtensions({ role: 'assistant', content }, raw, field === undefined ? knownAssistant : [...knownAssistant, field]);
}

function toolResult(callId: string, raw: unknown, path: string, history: History, name?: string): ContentPart[] {
  const result: ToolResultPart = { type: 'tool-result', callId, content: [] };
  const call = history.calls.get(callId);
  const toolName = name ?? call?.name;
  if (toolName !== undefined) result.name = toolName;
  if (call) result.kind = call.kind;
  // Parts a tool result cannot hold (audio, unknown types) stay in the message beside it, verbatim.
  const beside: ContentPart[] = [];
  for (const part of parseContent(raw, path, true)) {
    if (part.type === 'text' || part.type === 'image' || part.type === 'document') result.content.push(part);
    else beside.push(part);
  }
  return [result, ...beside];
}

function parseOne(raw: unknown, path: string, index: number, history: History): Message {
  if (!isObject(raw)) fail(path, `expected a message object, got ${typeName(raw)}`);
  const role = raw.role;
  switch (role) {
    case 'system':
    case 'developer':
      return withExtensions({ role, content: parseContent(raw.content, `${path}.content`, false) }, raw, ['role', 'content']);
    case 'user':
      return withExtensions({ role, content: parseContent(raw.content, `${path}.content`, false) }, raw, ['role', 'content']);
    case 'assistant':
      return parseAssistant(raw, path, index, history);
    case 'tool': {
      if (typeof raw.tool_call_id !== 'string') fail(`${path}.tool_call_id`, `expected a string, got ${typeName(raw.tool_call_id)}`);
      const content = toolResult(raw.tool_call_id, raw.content, `${path}.content`, history);
      return withExtensions({ role: 'tool', content }, raw, ['role', 'content', 'tool_call_id']);
    }
    case 'function': {
      if (typeof raw.name !== 'string') fail(`${path}.name`, `expected a string, got ${typeName(raw.name)}`);
      const callId = history.legacyCallId ?? `call_legacy_${raw.name}`;
      const content = toolResult(callId, raw.content, `${path}.content`, history, raw.name);
      return withExtensions({ role: 'tool', content }, raw, ['role', 'content', 'name']);
    }
    default:
      return fail(`${path}.role`, `expected one of system, developer, user, assistant, tool, function; got ${JSON.stringify(role) ?? 'nothing'}`);
  }
}

/** `messages` → canonical messages, in order. Tool results become `tool` messages named after their call. */
export function parseMessages(value: unknown, path: string): Message[] {
  if (!Array.isArray(value)) fail(path, `expected an array of messages, got ${typeName(value)}`);
  if (value.length === 0) fail(path, 'must contain at least one message');
  const history: History = { calls: new Map() };
  return value.map((raw, i) => parseOne(raw, `${path}[${i}]`, i, history));
}
