import type {
  ContentPart,
  DocumentPart,
  ImagePart,
  Message,
  OpaquePart,
  ReasoningPart,
  TextPart,
  ToolCallPart,
  ToolResultPart,
} from '../../conversation/index.ts';
import { RAW_OUTPUT, REASONING_AS_CONTENT } from './extension-keys.ts';
import type { JsonObject } from './wire.ts';

/** Per-render state: whether extensions may be emitted, and the kind of each call seen so far. */
interface RenderContext {
  sameDialect: boolean;
  callKinds: Map<string, 'function' | 'custom'>;
}

/**
 * Canonical messages → Responses `input` items. Text, images and documents of a message become one
 * message item; tool calls, tool results and reasoning become their own items, in order. Content
 * this dialect cannot carry (other dialects' opaque parts, signed reasoning) is dropped.
 */
export function renderInput(messages: readonly Message[], sameDialect: boolean): JsonObject[] {
  const ctx: RenderContext = { sameDialect, callKinds: new Map() };
  const out: JsonObject[] = [];
  for (const message of messages) renderMessage(message, ctx, out);
  return out;
}

function renderMessage(message: Message, ctx: RenderContext, out: JsonObject[]): void {
  const isItem = message.extensions?.['type'] === 'message';
  const role = wireRole(message, ctx.sameDialect);
  let run: JsonObject[] = [];
  let first = true;
  const flush = (force: boolean): void => {
    if (run.length === 0 && !force) return;
    const extra = first && ctx.sameDialect ? message.extensions : undefined;
    out.push({ ...extra, type: 'message', role, content: run });
    run = [];
    first = false;
  };
  for (const part of message.content) {
    const asContent = contentPart(part, role, isItem, ctx.sameDialect);
    if (asContent !== undefined) {
      run.push(asContent);
      continue;
    }
    const item = itemFor(part, ctx);
    if (item === undefined) continue;
    flush(false);
    out.push(item);
  }
  flush(isItem && first);
}

function wireRole(message: Message, sameDialect: boolean): string {
  switch (message.role) {
    case 'system':
      return sameDialect ? 'system' : 'developer';
    case 'tool':
      return 'user';
    default:
      return message.role;
  }
}

/** A part that belongs inside a message item's `content`, or undefined when it is an item of its own. */
function contentPart(part: ContentPart, role: string, isItem: boolean, sameDialect: boolean): JsonObject | undefined {
  const extra = sameDialect && part.type !== 'opaque' ? part.extensions : undefined;
  switch (part.type) {
    case 'text':
      return textPart(part, role, extra);
    case 'image':
      return { ...extra, type: 'input_image', image_url: imageUrl(part), detail: extra?.['detail'] ?? 'auto' };
    case 'document':
      return documentPart(part, extra);
    case 'opaque':
      return isItem && part.dialect === 'openai-responses' ? part.raw : undefined;
    default:
      return undefined;
  }
}

function textPart(part: TextPart, role: string, extra: JsonObject | undefined): JsonObject {
  if (extra?.['type'] === 'refusal') return { ...extra, type: 'refusal', refusal: part.text };
  if (role === 'assistant') return { annotations: [], ...extra, type: 'output_text', text: part.text };
  return { ...extra, type: 'input_text', text: part.text };
}

function imageUrl(part: ImagePart): string | undefined {
  if (part.url !== undefined) return part.url;
  if (part.data !== undefined) return `data:${part.mediaType ?? 'image/png'};base64,${part.data}`;
  return undefined;
}

function documentPart(part: DocumentPart, extra: JsonObject | undefined): JsonObject {
  const mediaType = part.mediaType ?? 'application/pdf';
  return {
    ...extra,
    type: 'input_file',
    ...(part.fileId !== undefined && { file_id: part.fileId }),
    ...(part.url !== undefined && { file_url: part.url }),
    ...(part.data !== undefined && {
      file_data: `data:${mediaType};base64,${part.data}`,
      filename: part.filename ?? (mediaType === 'application/pdf' ? 'document.pdf' : 'document'),
    }),
    ...(part.data === undefined && part.filename !== undefined && { filename: part.filename }),
  };
}

/** A part rendered as its own input item, or undefined when this dialect cannot carry it. */
function itemFor(part: ContentPart, ctx: RenderContext): JsonObject | undefined {
  switch (part.type) {
    case 'tool-call':
      return callItem(part, ctx);
    case 'tool-result':
      return resultItem(part, ctx);
    case 'reasoning':
      return reasoningItem(part, ctx.sameDialect);
    case 'opaque':
      return opaqueItem(part, ctx.sameDialect);
    default:
      return undefined;
  }
}

/**
 * A Responses item kept verbatim. An `additional_tools` item only travels with its own request: in any
 * other render its tools are declared at the top level instead (see renderTools).
 */
function opaqueItem(part: OpaquePart, sameDialect: boolean): JsonObject | undefined {
  if (part.dialect !== 'openai-responses') return undefined;
  return sameDialect || part.raw['type'] !== 'additional_tools' ? part.raw : undefined;
}

function callItem(part: ToolCallPart, ctx: RenderContext): JsonObject {
  ctx.callKinds.set(part.id, part.kind);
  const extra = ctx.sameDialect ? part.extensions : undefined;
  const namespace = part.namespace !== undefined ? { namespace: part.namespace } : undefined;
  if (part.kind === 'custom') {
    return { ...extra, type: 'custom_tool_call', call_id: part.id, name: part.name, input: part.arguments, ...namespace };
  }
  return { ...extra, type: 'function_call', call_id: part.id, name: part.name, arguments: part.arguments, ...namespace };
}

function resultItem(part: ToolResultPart, ctx: RenderContext): JsonObject {
  const kind = part.kind ?? ctx.callKinds.get(part.callId) ?? 'function';
  const extra: JsonObject = ctx.sameDialect ? { ...part.extensions } : {};
  const raw = extra[RAW_OUTPUT];
  delete extra[RAW_OUTPUT];
  const output = raw !== undefined ? raw : resultOutput(part);
  return { ...extra, type: kind === 'custom' ? 'custom_tool_call_output' : 'function_call_output', call_id: part.callId, output };
}

/** Plain text when the result is only text (what every backend accepts), else a list of input parts. */
function resultOutput(part: ToolResultPart): string | JsonObject[] {
  if (part.content.every((c) => c.type === 'text')) return part.content.map((c) => (c as TextPart).text).join('');
  const parts: JsonObject[] = [];
  for (const c of part.content) {
    const rendered = contentPart(c, 'user', false, false);
    if (rendered !== undefined) parts.push(rendered);
  }
  return parts;
}

/**
 * Only reasoning produced by OpenAI can be sent back as a reasoning item: its encrypted content is
 * verifiable by the backend; other origins' signed or plain thinking is dropped.
 */
function reasoningItem(part: ReasoningPart, sameDialect: boolean): JsonObject | undefined {
  if (part.origin !== 'openai') return undefined;
  const extra: JsonObject = sameDialect ? { ...part.extensions } : {};
  const asContent = extra[REASONING_AS_CONTENT] === true;
  delete extra[REASONING_AS_CONTENT];
  const text = part.text === '' ? [] : [part.text];
  return {
    ...extra,
    type: 'reasoning',
    summary: asContent ? [] : text.map((t) => ({ type: 'summary_text', text: t })),
    ...(asContent && { content: text.map((t) => ({ type: 'reasoning_text', text: t })) }),
    ...(part.opaque !== undefined && { encrypted_content: part.opaque }),
  };
}
