import type {
  ContentPart,
  DocumentPart,
  ImagePart,
  ReasoningPart,
  ToolCallPart,
  ToolResultPart,
} from '../../conversation/index.ts';
import { isObject, type JsonObject, type WireSource } from './wire.ts';

/** How a part is rendered: which extensions survive and whether ids must be made API-safe. */
export interface BlockOptions {
  /** Emit part extensions (only when they came from this dialect). */
  keepExtensions: boolean;
  /** Replace characters Anthropic rejects in tool ids (`^[a-zA-Z0-9_-]+$`); for backend requests. */
  safeIds: boolean;
}

/** Makes a tool id acceptable to the Messages API, deterministically (call and result stay paired). */
export function safeToolId(id: string): string {
  const cleaned = id.replace(/[^a-zA-Z0-9_-]/g, '_');
  return cleaned === '' ? 'toolu_empty' : cleaned;
}

function withExt(core: JsonObject, ext: JsonObject | undefined, opts: BlockOptions): JsonObject {
  return opts.keepExtensions && ext ? { ...core, ...ext } : core;
}

const DATA_URL = /^data:([^;,]+)?(?:;[^;,]*)*;base64,(.*)$/s;

function sourceOf(part: ImagePart | DocumentPart, defaultMediaType: string): WireSource | undefined {
  if (part.type === 'document' && part.data !== undefined && part.mediaType === 'text/plain') {
    return { type: 'text', media_type: 'text/plain', data: part.data };
  }
  if (part.data !== undefined) return { type: 'base64', media_type: part.mediaType ?? defaultMediaType, data: part.data };
  if (part.url !== undefined) {
    const m = DATA_URL.exec(part.url);
    if (m) return { type: 'base64', media_type: m[1] ?? part.mediaType ?? defaultMediaType, data: m[2] ?? '' };
    return { type: 'url', url: part.url };
  }
  if (part.type === 'document' && part.fileId !== undefined) return { type: 'file', file_id: part.fileId };
  return undefined;
}

function renderMedia(part: ImagePart | DocumentPart, opts: BlockOptions): JsonObject | undefined {
  const source = sourceOf(part, part.type === 'image' ? 'image/png' : 'application/pdf');
  if (source === undefined) return undefined;
  return withExt({ type: part.type, source }, part.extensions, opts);
}

/** Tool input object for a call: parsed JSON for function tools, `{input: raw}` for custom tools. */
export function toolInputOf(part: ToolCallPart): JsonObject {
  if (part.kind === 'custom') return { input: part.arguments };
  if (part.arguments.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(part.arguments);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function renderToolCall(part: ToolCallPart, opts: BlockOptions): JsonObject {
  const id = opts.safeIds ? safeToolId(part.id) : part.id;
  return withExt({ type: 'tool_use', id, name: part.name, input: toolInputOf(part) }, part.extensions, opts);
}

function renderToolResult(part: ToolResultPart, opts: BlockOptions): JsonObject {
  const block: JsonObject = { type: 'tool_result', tool_use_id: opts.safeIds ? safeToolId(part.callId) : part.callId };
  const inner: JsonObject[] = [];
  for (const p of part.content) {
    const b = renderBlock(p, opts);
    if (b !== undefined) inner.push(b);
  }
  const only = part.content[0];
  if (part.content.length === 1 && only?.type === 'text' && (!opts.keepExtensions || !only.extensions)) {
    block['content'] = only.text;
  } else if (inner.length > 0) {
    block['content'] = inner;
  }
  if (part.isError !== undefined) block['is_error'] = part.isError;
  // A raw `content` kept in extensions (blocks we do not model) wins for a same-dialect backend.
  return withExt(block, part.extensions, opts);
}

/**
 * Signed thinking / redacted thinking is re-emitted exactly, and only when it came from Anthropic;
 * reasoning from another dialect cannot be verified by an Anthropic backend and is dropped.
 */
function renderReasoning(part: ReasoningPart, opts: BlockOptions): JsonObject | undefined {
  if (part.origin !== 'anthropic') return undefined;
  if (part.opaque !== undefined) return withExt({ type: 'redacted_thinking', data: part.opaque }, part.extensions, opts);
  if (part.signature === undefined || part.signature === '') return undefined;
  return withExt({ type: 'thinking', thinking: part.text, signature: part.signature }, part.extensions, opts);
}

/**
 * One canonical part -> one Anthropic content block, or undefined when this dialect cannot express it
 * (another dialect's opaque part or reasoning, an empty text, media without a source).
 */
export function renderBlock(part: ContentPart, opts: BlockOptions): JsonObject | undefined {
  switch (part.type) {
    case 'text':
      if (part.text === '') return undefined; // the API rejects empty text blocks
      return withExt({ type: 'text', text: part.text }, part.extensions, opts);
    case 'image':
    case 'document':
      return renderMedia(part, opts);
    case 'tool-call':
      return renderToolCall(part, opts);
    case 'tool-result':
      return renderToolResult(part, opts);
    case 'reasoning':
      return renderReasoning(part, opts);
    case 'opaque':
      return part.dialect === 'anthropic-messages' ? part.raw : undefined;
  }
}
