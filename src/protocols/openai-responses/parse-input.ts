import type {
  ContentPart,
  DocumentPart,
  ImagePart,
  Message,
  ReasoningPart,
  Role,
  TextPart,
  ToolCallPart,
  ToolDefinition,
  ToolResultPart,
} from '../../conversation/index.ts';
import type { ParseResult } from '../protocol.ts';
import { FROM_ADDITIONAL_TOOLS, RAW_OUTPUT, REASONING_AS_CONTENT } from './extension-keys.ts';
import { opaque, parseContent } from './parse-content.ts';
import { parseTools } from './parse-tools.ts';
import { isObject, restOf, str } from './wire.ts';
import type { JsonObject } from './wire.ts';

type Fail = { ok: false; message: string; param?: string };

const ROLES: readonly string[] = ['user', 'assistant', 'system', 'developer'];

/** What the `input` list contributes: the conversation, and tools declared by `additional_tools` items. */
export interface ParsedInput {
  messages: Message[];
  tools: ToolDefinition[];
}

/**
 * Turns the `input` item list into canonical messages. Message items become one message each (their
 * extensions carry `type: "message"` plus item `id`/`status`, which tells a Responses render that
 * their opaque parts are content parts). Model-side items (function_call, custom_tool_call,
 * reasoning, `*_call`) join the preceding assistant message; tool outputs join the preceding `tool`
 * message. Unknown items are kept verbatim as OpaquePart.
 */
export function parseInput(items: readonly unknown[], path: string): ParseResult<ParsedInput> {
  const builder = new MessageBuilder();
  const tools: ToolDefinition[] = [];
  for (let i = 0; i < items.length; i++) {
    const at = `${path}[${i}]`;
    const item = items[i];
    if (!isObject(item)) return { ok: false, message: `${at} must be an object`, param: at };
    const rawType = item['type'];
    if (rawType !== undefined && typeof rawType !== 'string') {
      return { ok: false, message: `${at}.type must be a string`, param: `${at}.type` };
    }
    const type = rawType ?? (item['role'] !== undefined ? 'message' : undefined);
    if (type === undefined) return { ok: false, message: `${at}.type is required`, param: `${at}.type` };
    const failed = addItem(builder, tools, item, type, at);
    if (failed) return failed;
  }
  return { ok: true, value: { messages: builder.messages, tools } };
}

function addItem(b: MessageBuilder, tools: ToolDefinition[], item: JsonObject, type: string, at: string): Fail | undefined {
  switch (type) {
    case 'message': {
      const parsed = parseMessageItem(item, at);
      if (!parsed.ok) return parsed;
      b.messages.push(parsed.value);
      return undefined;
    }
    case 'function_call':
    case 'custom_tool_call': {
      const call = parseCall(item, type, at);
      if (!call.ok) return call;
      b.callKinds.set(call.value.id, { name: call.value.name, kind: call.value.kind });
      b.append('assistant', call.value);
      return undefined;
    }
    case 'function_call_output':
    case 'custom_tool_call_output': {
      const result = parseOutput(item, type, at, b);
      if (!result.ok) return result;
      b.append('tool', result.value);
      return undefined;
    }
    case 'reasoning': {
      const reasoning = parseReasoning(item, at);
      if (!reasoning.ok) return reasoning;
      b.append('assistant', reasoning.value);
      return undefined;
    }
    case 'additional_tools': {
      const declared = parseTools(item['tools'], `${at}.tools`);
      if (!declared.ok) return declared;
      for (const t of declared.value) {
        tools.push(t.type === 'hosted' ? t : { ...t, extensions: { ...t.extensions, [FROM_ADDITIONAL_TOOLS]: true } });
      }
      b.messages.push({ role: roleOf(item, 'developer'), content: [opaque(item)] });
      return undefined;
    }
    default:
      if (type.endsWith('_call')) b.append('assistant', opaque(item));
      else if (type.endsWith('_output')) b.append('tool', opaque(item));
      else b.messages.push({ role: roleOf(item, 'user'), content: [opaque(item)] });
      return undefined;
  }
}

function parseMessageItem(item: JsonObject, at: string): ParseResult<Message> {
  const role = str(item, 'role');
  if (role === undefined || !ROLES.includes(role)) {
    return { ok: false, message: `${at}.role must be one of ${ROLES.join(', ')}`, param: `${at}.role` };
  }
  const content = parseContent(item['content'], `${at}.content`);
  if (!content.ok) return content;
  const extensions = { ...restOf(item, ['role', 'content', 'type']), type: 'message' };
  return { ok: true, value: { role: role as Role, content: content.value, extensions } };
}

function parseCall(item: JsonObject, type: string, at: string): ParseResult<ToolCallPart> {
  const callId = str(item, 'call_id');
  if (callId === undefined) return { ok: false, message: `${at}.call_id must be a string`, param: `${at}.call_id` };
  const name = str(item, 'name');
  if (name === undefined) return { ok: false, message: `${at}.name must be a string`, param: `${at}.name` };
  const field = type === 'function_call' ? 'arguments' : 'input';
  const args = item[field] ?? '';
  if (typeof args !== 'string') return { ok: false, message: `${at}.${field} must be a string`, param: `${at}.${field}` };
  const namespace = str(item, 'namespace');
  const extensions = restOf(item, ['type', 'call_id', 'name', field, 'namespace']);
  return {
    ok: true,
    value: {
      type: 'tool-call',
      id: callId,
      name,
      kind: type === 'function_call' ? 'function' : 'custom',
      arguments: args,
      ...(namespace !== undefined && { namespace }),
      ...(extensions && { extensions }),
    },
  };
}

function parseOutput(item: JsonObject, type: string, at: string, b: MessageBuilder): ParseResult<ToolResultPart> {
  const callId = str(item, 'call_id');
  if (callId === undefined) return { ok: false, message: `${at}.call_id must be a string`, param: `${at}.call_id` };
  const parsed = parseContent(item['output'], `${at}.output`);
  if (!parsed.ok) return parsed;
  const content: Array<TextPart | ImagePart | DocumentPart> = [];
  let hasOpaque = false;
  for (const part of parsed.value) {
    if (part.type === 'text' || part.type === 'image' || part.type === 'document') content.push(part);
    else hasOpaque = true;
  }
  const rest = restOf(item, ['type', 'call_id', 'output']);
  const extensions = hasOpaque ? { ...rest, [RAW_OUTPUT]: item['output'] } : rest;
  const call = b.callKinds.get(callId);
  return {
    ok: true,
    value: {
      type: 'tool-result',
      callId,
      ...(call && { name: call.name }),
      kind: type === 'function_call_output' ? 'function' : 'custom',
      content,
      ...(extensions && { extensions }),
    },
  };
}

function parseReasoning(item: JsonObject, at: string): ParseResult<ReasoningPart> {
  const summary = texts(item['summary'], `${at}.summary`);
  if (!summary.ok) return summary;
  const content = texts(item['content'], `${at}.content`);
  if (!content.ok) return content;
  const encrypted = str(item, 'encrypted_content');
  const asContent = summary.value.length === 0 && content.value.length > 0;
  const text = (asContent ? content.value : summary.value).join('\n\n');
  const known = ['type', 'summary', 'encrypted_content', ...(asContent || content.value.length === 0 ? ['content'] : [])];
  const rest = restOf(item, known);
  const extensions = asContent ? { ...rest, [REASONING_AS_CONTENT]: true } : rest;
  return {
    ok: true,
    value: {
      type: 'reasoning',
      text,
      origin: 'openai',
      ...(encrypted !== undefined && { opaque: encrypted }),
      ...(extensions && { extensions }),
    },
  };
}

/** The `text` of each part in a reasoning `summary` / `content` list (absent or null → none). */
function texts(raw: unknown, path: string): ParseResult<string[]> {
  if (raw === undefined || raw === null) return { ok: true, value: [] };
  if (!Array.isArray(raw)) return { ok: false, message: `${path} must be an array`, param: path };
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const part = raw[i];
    const text = isObject(part) ? str(part, 'text') : undefined;
    if (text === undefined) return { ok: false, message: `${path}[${i}].text must be a string`, param: `${path}[${i}].text` };
    out.push(text);
  }
  return { ok: true, value: out };
}

function roleOf(item: JsonObject, fallback: Role): Role {
  const role = str(item, 'role');
  return role !== undefined && ROLES.includes(role) ? (role as Role) : fallback;
}

/** Accumulates messages, merging model-side items and tool outputs into runs. */
class MessageBuilder {
  readonly messages: Message[] = [];
  /** call_id → the call's name and kind, so outputs can name the tool they answer. */
  readonly callKinds = new Map<string, { name: string; kind: 'function' | 'custom' }>();

  append(role: 'assistant' | 'tool', part: ContentPart): void {
    const last = this.messages.at(-1);
    // Opaque items never join a message item: there its opaque parts are read as content parts.
    const joinable = last !== undefined && last.role === role && !(part.type === 'opaque' && last.extensions?.['type'] === 'message');
    if (joinable) last.content.push(part);
    else this.messages.push({ role, content: [part] });
  }
}
