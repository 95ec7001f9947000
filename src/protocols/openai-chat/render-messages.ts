import type { ContentPart, DocumentPart, ImagePart, Message, ToolCallPart, ToolResultPart } from '../../conversation/index.ts';
import type { Dialect } from '../protocol.ts';
import { wrapCustomInput } from '../custom-tool-wrapper.ts';
import type { JsonObject } from './wire.ts';

/** What each message renderer needs besides the message. */
interface Context {
  sameDialect: boolean;
  out: JsonObject[];
  /** Images from tool results, waiting for the next user message (tool messages cannot hold images). */
  pendingImages: JsonObject[];
  /** The system message currently open for merging, if the last message emitted is one. */
  openSystem?: JsonObject;
}

function texts(parts: readonly ContentPart[]): string[] {
  return parts.flatMap((p) => (p.type === 'text' ? [p.text] : []));
}

function imageUrl(part: ImagePart): string | undefined {
  if (part.url !== undefined) return part.url;
  if (part.data !== undefined) return `data:${part.mediaType ?? 'image/png'};base64,${part.data}`;
  return undefined;
}

function renderImage(part: ImagePart): JsonObject | undefined {
  const url = imageUrl(part);
  if (url === undefined) return undefined;
  const image: JsonObject = { url };
  if (typeof part.extensions?.detail === 'string') image.detail = part.extensions.detail;
  return { type: 'image_url', image_url: image };
}

function renderDocument(part: DocumentPart): JsonObject | undefined {
  const file: JsonObject = {};
  if (part.fileId !== undefined) file.file_id = part.fileId;
  else if (part.data !== undefined) file.file_data = `data:${part.mediaType ?? 'application/pdf'};base64,${part.data}`;
  else if (part.url?.startsWith('data:')) file.file_data = part.url;
  else return undefined; // a remote document URL has no Chat form
  if (part.filename !== undefined) file.filename = part.filename;
  return { type: 'file', file };
}

/** Emits `message`, closing any open system run and placing pending tool-result images first. */
function emit(ctx: Context, message: JsonObject): void {
  if (ctx.pendingImages.length > 0) {
    if (message.role === 'user') {
      const own = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : (message.content as JsonObject[]);
      message.content = [...ctx.pendingImages, ...own];
    } else {
      ctx.out.push({ role: 'user', content: ctx.pendingImages });
    }
    ctx.pendingImages = [];
  }
  ctx.out.push(message);
  ctx.openSystem = undefined;
}

function withExtensions(ctx: Context, wire: JsonObject, message: Message): JsonObject {
  return ctx.sameDialect && message.extensions ? { ...message.extensions, ...wire } : wire;
}

function renderSystem(ctx: Context, message: Message): void {
  const text = texts(message.content).join('\n\n');
  if (text === '') return;
  // Local chat templates reject several system turns in a row: fold a run into one.
  if (ctx.openSystem && ctx.pendingImages.length === 0) {
    ctx.openSystem.content = `${String(ctx.openSystem.content)}\n\n${text}`;
    return;
  }
  const wire = withExtensions(ctx, { role: 'system', content: text }, message);
  emit(ctx, wire);
  ctx.openSystem = wire;
}

function renderToolResults(ctx: Context, results: readonly ToolResultPart[]): void {
  for (const result of results) {
    // Tool messages must directly follow the assistant turn, so they never trigger the image flush.
    ctx.out.push({ role: 'tool', tool_call_id: result.callId, content: texts(result.content).join('\n') });
    ctx.openSystem = undefined;
    for (const part of result.content) {
      const image = part.type === 'image' ? renderImage(part) : undefined;
      if (image) ctx.pendingImages.push(image);
    }
  }
}

function renderUser(ctx: Context, message: Message): void {
  renderToolResults(ctx, message.content.filter((p): p is ToolResultPart => p.type === 'tool-result'));
  const parts: JsonObject[] = [];
  let onlyText = true;
  for (const part of message.content) {
    let wire: JsonObject | undefined;
    if (part.type === 'text') wire = { type: 'text', text: part.text };
    else if (part.type === 'image') wire = renderImage(part);
    else if (part.type === 'document') wire = renderDocument(part);
    else if (part.type === 'opaque' && part.dialect === 'openai-chat') wire = part.raw;
    if (!wire) continue;
    if (part.type !== 'text') onlyText = false;
    parts.push(wire);
  }
  if (parts.length === 0) return;
  // Plain strings are what every local server's chat template handles.
  const content = onlyText ? texts(message.content).join('\n\n') : parts;
  emit(ctx, withExtensions(ctx, { role: 'user', content }, message));
}

function renderToolCall(call: ToolCallPart): JsonObject {
  const args = call.kind === 'custom' ? wrapCustomInput(call.arguments) : call.arguments === '' ? '{}' : call.arguments;
  return { id: call.id, type: 'function', function: { name: call.name, arguments: args } };
}

function renderAssistant(ctx: Context, message: Message): void {
  const text = texts(message.content).join('\n\n');
  const calls = message.content.filter((p): p is ToolCallPart => p.type === 'tool-call').map(renderToolCall);
  // Reasoning is not sent back: local servers reject or ignore it, and signed reasoning is not ours.
  const wire: JsonObject = { role: 'assistant', content: text === '' && calls.length > 0 ? null : text };
  if (calls.length > 0) wire.tool_calls = calls;
  emit(ctx, withExtensions(ctx, wire, message));
}

/**
 * Canonical instructions and messages → Chat `messages` for a local-server backend: system content
 * as `system` turns (runs merged), tool results as one `tool` message each with their images moved
 * to a following user turn, assistant tool calls with `content: null`.
 */
export function renderMessages(system: readonly Message[], messages: readonly Message[], sourceDialect: Dialect): JsonObject[] {
  const ctx: Context = { sameDialect: sourceDialect === 'openai-chat', out: [], pendingImages: [] };
  for (const message of [...system, ...messages]) {
    switch (message.role) {
      case 'system':
      case 'developer':
        renderSystem(ctx, message);
        break;
      case 'user':
        renderUser(ctx, message);
        break;
      case 'assistant':
        renderAssistant(ctx, message);
        break;
      case 'tool':
        renderToolResults(ctx, message.content.filter((p): p is ToolResultPart => p.type === 'tool-result'));
        break;
    }
  }
  if (ctx.pendingImages.length > 0) ctx.out.push({ role: 'user', content: ctx.pendingImages });
  return ctx.out;
}
