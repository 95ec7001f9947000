import type {
  ContentPart,
  DocumentPart,
  ImagePart,
  ReasoningPart,
  TextPart,
  ToolCallPart,
  ToolResultPart,
} from '../../conversation/index.ts';
import type { ParseResult } from '../protocol.ts';
import { isObject, restOf, type JsonObject } from './wire.ts';

type Fail = { ok: false; message: string; param: string };

function fail(param: string, message: string): Fail {
  return { ok: false, message: `${param}: ${message}`, param };
}

function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

function opaque(raw: JsonObject): ContentPart {
  return { type: 'opaque', dialect: 'anthropic-messages', raw };
}

/** Where an image/document comes from, in canonical fields. Undefined for a source kind we do not model. */
type Source = { mediaType?: string; data?: string; url?: string; fileId?: string };

function parseSource(source: unknown, param: string): ParseResult<Source | undefined> {
  if (!isObject(source)) return fail(param, 'must be an object');
  const kind = source['type'];
  if (typeof kind !== 'string') return fail(`${param}.type`, 'must be a string');
  const mediaType = typeof source['media_type'] === 'string' ? source['media_type'] : undefined;
  switch (kind) {
    case 'base64':
    case 'text': {
      if (typeof source['data'] !== 'string') return fail(`${param}.data`, 'must be a string');
      const out: Source = { data: source['data'] };
      const mt = mediaType ?? (kind === 'text' ? 'text/plain' : undefined);
      if (mt !== undefined) out.mediaType = mt;
      return ok(out);
    }
    case 'url':
      if (typeof source['url'] !== 'string') return fail(`${param}.url`, 'must be a string');
      return ok({ url: source['url'] });
    case 'file':
      if (typeof source['file_id'] !== 'string') return fail(`${param}.file_id`, 'must be a string');
      return ok({ fileId: source['file_id'] });
    default:
      return ok(undefined);
  }
}

function parseText(block: JsonObject, param: string): ParseResult<TextPart> {
  if (typeof block['text'] !== 'string') return fail(`${param}.text`, 'must be a string');
  const part: TextPart = { type: 'text', text: block['text'] };
  const ext = restOf(block, ['type', 'text']);
  if (ext) part.extensions = ext;
  return ok(part);
}

function parseMedia(block: JsonObject, param: string, kind: 'image' | 'document'): ParseResult<ContentPart> {
  const src = parseSource(block['source'], `${param}.source`);
  if (!src.ok) return src;
  if (src.value === undefined) return ok(opaque(block));
  const { mediaType, data, url, fileId } = src.value;
  const part: ImagePart | DocumentPart = kind === 'image' ? { type: 'image' } : { type: 'document' };
  if (mediaType !== undefined) part.mediaType = mediaType;
  if (data !== undefined) part.data = data;
  if (url !== undefined) part.url = url;
  if (fileId !== undefined) {
    if (part.type === 'image') return ok(opaque(block)); // image file ids have no canonical field
    part.fileId = fileId;
  }
  const ext = restOf(block, ['type', 'source']);
  if (ext) part.extensions = ext;
  return ok(part);
}

function parseToolUse(block: JsonObject, param: string): ParseResult<ToolCallPart> {
  if (typeof block['id'] !== 'string') return fail(`${param}.id`, 'must be a string');
  if (typeof block['name'] !== 'string') return fail(`${param}.name`, 'must be a string');
  if (!isObject(block['input'])) return fail(`${param}.input`, 'must be an object');
  const part: ToolCallPart = {
    type: 'tool-call',
    id: block['id'],
    name: block['name'],
    kind: 'function',
    arguments: JSON.stringify(block['input']),
  };
  const ext = restOf(block, ['type', 'id', 'name', 'input']);
  if (ext) part.extensions = ext;
  return ok(part);
}

function parseToolResult(block: JsonObject, param: string, toolNames: ReadonlyMap<string, string>): ParseResult<ToolResultPart> {
  const callId = block['tool_use_id'];
  if (typeof callId !== 'string') return fail(`${param}.tool_use_id`, 'must be a string');
  const raw = block['content'];
  const part: ToolResultPart = { type: 'tool-result', callId, content: [] };
  const name = toolNames.get(callId);
  if (name !== undefined) part.name = name;
  let keepRawContent = false;
  if (typeof raw === 'string') {
    part.content.push({ type: 'text', text: raw });
  } else if (Array.isArray(raw)) {
    for (let i = 0; i < raw.length; i++) {
      const p = `${param}.content[${i}]`;
      const item: unknown = raw[i];
      if (!isObject(item)) return fail(p, 'must be an object');
      if (typeof item['type'] !== 'string') return fail(`${p}.type`, 'must be a string');
      const inner =
        item['type'] === 'text' ? parseText(item, p)
        : item['type'] === 'image' ? parseMedia(item, p, 'image')
        : item['type'] === 'document' ? parseMedia(item, p, 'document')
        : undefined;
      if (inner === undefined) {
        keepRawContent = true;
        continue;
      }
      if (!inner.ok) return inner;
      const v = inner.value;
      if (v.type === 'text' || v.type === 'image' || v.type === 'document') part.content.push(v);
      else keepRawContent = true;
    }
  } else if (raw !== undefined) {
    return fail(`${param}.content`, 'must be a string or an array of content blocks');
  }
  if (block['is_error'] !== undefined) {
    if (typeof block['is_error'] !== 'boolean') return fail(`${param}.is_error`, 'must be a boolean');
    part.isError = block['is_error'];
  }
  // Blocks we do not model inside a result (e.g. search_result) are kept by keeping the whole raw
  // content, so a same-dialect backend receives it unchanged.
  const ext = restOf(block, keepRawContent ? ['type', 'tool_use_id', 'is_error'] : ['type', 'tool_use_id', 'is_error', 'content']);
  if (ext) part.extensions = ext;
  return ok(part);
}

function parseThinking(block: JsonObject, param: string): ParseResult<ReasoningPart> {
  if (typeof block['thinking'] !== 'string') return fail(`${param}.thinking`, 'must be a string');
  const part: ReasoningPart = { type: 'reasoning', text: block['thinking'], origin: 'anthropic' };
  if (block['signature'] !== undefined) {
    if (typeof block['signature'] !== 'string') return fail(`${param}.signature`, 'must be a string');
    part.signature = block['signature'];
  }
  const ext = restOf(block, ['type', 'thinking', 'signature']);
  if (ext) part.extensions = ext;
  return ok(part);
}

function parseRedactedThinking(block: JsonObject, param: string): ParseResult<ReasoningPart> {
  if (typeof block['data'] !== 'string') return fail(`${param}.data`, 'must be a string');
  const part: ReasoningPart = { type: 'reasoning', text: '', opaque: block['data'], origin: 'anthropic' };
  const ext = restOf(block, ['type', 'data']);
  if (ext) part.extensions = ext;
  return ok(part);
}

/**
 * One content block -> one canonical part. Known blocks are validated (bad input gives a message and
 * the JSON path); unknown block types become OpaquePart, never an error. `toolNames` maps earlier
 * `tool_use` ids to names so tool results carry the tool's name.
 */
export function parseBlock(value: unknown, param: string, toolNames: ReadonlyMap<string, string>): ParseResult<ContentPart> {
  if (!isObject(value)) return fail(param, 'must be an object');
  const type = value['type'];
  if (typeof type !== 'string') return fail(`${param}.type`, 'must be a string');
  switch (type) {
    case 'text':
      return parseText(value, param);
    case 'image':
    case 'document':
      return parseMedia(value, param, type);
    case 'tool_use':
      return parseToolUse(value, param);
    case 'tool_result':
      return parseToolResult(value, param, toolNames);
    case 'thinking':
      return parseThinking(value, param);
    case 'redacted_thinking':
      return parseRedactedThinking(value, param);
    default:
      return ok(opaque(value));
  }
}
