import type { ContentPart, DocumentPart, ImagePart, OpaquePart, TextPart } from '../../conversation/index.ts';
import type { ParseResult } from '../protocol.ts';
import { isObject, restOf, str } from './wire.ts';
import type { JsonObject } from './wire.ts';

/**
 * Parses one content part of a message item or a tool output: input_text / output_text / refusal →
 * text, input_image → image, input_file → document. Unknown part types are kept as OpaquePart (never
 * an error); unknown fields of known parts go into the part's extensions.
 */
export function parseContentPart(raw: unknown, path: string): ParseResult<ContentPart> {
  if (!isObject(raw)) return { ok: false, message: `${path} must be an object`, param: path };
  const type = str(raw, 'type');
  if (type === undefined) return { ok: false, message: `${path}.type must be a string`, param: `${path}.type` };
  switch (type) {
    case 'input_text':
    case 'output_text':
      return parseText(raw, path, 'text');
    case 'refusal':
      return parseText(raw, path, 'refusal');
    case 'input_image':
      return parseImage(raw, path);
    case 'input_file':
      return { ok: true, value: parseFile(raw) };
    default:
      return { ok: true, value: opaque(raw) };
  }
}

/** Wraps a Responses object the canonical model does not describe. */
export function opaque(raw: JsonObject): OpaquePart {
  return { type: 'opaque', dialect: 'openai-responses', raw };
}

/** Text, or a list of content parts: the shape of message `content` and tool `output`. */
export function parseContent(raw: unknown, path: string): ParseResult<ContentPart[]> {
  if (typeof raw === 'string') return { ok: true, value: [{ type: 'text', text: raw }] };
  if (!Array.isArray(raw)) return { ok: false, message: `${path} must be a string or an array`, param: path };
  const out: ContentPart[] = [];
  for (let i = 0; i < raw.length; i++) {
    const part = parseContentPart(raw[i], `${path}[${i}]`);
    if (!part.ok) return part;
    out.push(part.value);
  }
  return { ok: true, value: out };
}

function parseText(raw: JsonObject, path: string, field: 'text' | 'refusal'): ParseResult<TextPart> {
  const text = str(raw, field);
  if (text === undefined) return { ok: false, message: `${path}.${field} must be a string`, param: `${path}.${field}` };
  const rest = restOf(raw, ['type', field]);
  // A refusal keeps its wire type so a Responses render can restore it; other dialects see plain text.
  const extensions = field === 'refusal' ? { ...rest, type: 'refusal' } : rest;
  return { ok: true, value: { type: 'text', text, ...(extensions && { extensions }) } };
}

function parseImage(raw: JsonObject, path: string): ParseResult<ImagePart> {
  const url = str(raw, 'image_url');
  const fileId = str(raw, 'file_id');
  if (url === undefined && fileId === undefined) {
    return { ok: false, message: `${path} needs image_url or file_id`, param: `${path}.image_url` };
  }
  const mediaType = url === undefined ? undefined : dataUrl(url)?.mediaType;
  const extensions = restOf(raw, ['type', 'image_url']);
  return {
    ok: true,
    value: {
      type: 'image',
      ...(mediaType !== undefined && { mediaType }),
      ...(url !== undefined && { url }),
      ...(extensions && { extensions }),
    },
  };
}

function parseFile(raw: JsonObject): DocumentPart {
  const fileData = str(raw, 'file_data');
  const decoded = fileData === undefined ? undefined : dataUrl(fileData);
  const fileId = str(raw, 'file_id');
  const filename = str(raw, 'filename');
  const url = str(raw, 'file_url');
  const extensions = restOf(raw, ['type', 'file_data', 'file_id', 'filename', 'file_url']);
  return {
    type: 'document',
    ...(decoded?.mediaType !== undefined && { mediaType: decoded.mediaType }),
    ...(fileData !== undefined && { data: decoded?.data ?? fileData }),
    ...(url !== undefined && { url }),
    ...(fileId !== undefined && { fileId }),
    ...(filename !== undefined && { filename }),
    ...(extensions && { extensions }),
  };
}

/** Splits a base64 `data:` URL into media type and payload. */
export function dataUrl(value: string): { mediaType: string; data: string } | undefined {
  const m = /^data:([^;,]+)(?:;[^,]*)?;base64,/.exec(value);
  if (m === null || m[1] === undefined) return undefined;
  return { mediaType: m[1], data: value.slice(m[0].length) };
}
