import type { ContentPart, DocumentPart, ImagePart, OpaquePart, TextPart } from '../../conversation/index.ts';
import { fail, typeName } from './input-error.ts';
import { isObject, pickUnknown } from './wire.ts';
import type { JsonObject } from './wire.ts';

/** The media type of a `data:` URL (`data:image/png;base64,...` → `image/png`), if it is one. */
export function dataUrlMediaType(url: string): string | undefined {
  const match = /^data:([^;,]+)[;,]/i.exec(url);
  return match?.[1];
}

/** Keeps a whole wire part verbatim, for content Sekisho does not model (audio, refusal, new types). */
export function opaque(raw: JsonObject): OpaquePart {
  return { type: 'opaque', dialect: 'openai-chat', raw };
}

function parseText(part: JsonObject, path: string): TextPart {
  if (typeof part.text !== 'string') fail(`${path}.text`, `expected a string, got ${typeName(part.text)}`);
  const out: TextPart = { type: 'text', text: part.text };
  const extra = pickUnknown(part, ['type', 'text']);
  if (extra) out.extensions = extra;
  return out;
}

function parseImage(part: JsonObject, path: string): ImagePart {
  const image = part.image_url;
  // Some clients send `image_url` as a bare string; the API documents an object.
  const url = typeof image === 'string' ? image : isObject(image) ? image.url : undefined;
  if (typeof url !== 'string') fail(`${path}.image_url.url`, `expected a string, got ${typeName(url)}`);
  const out: ImagePart = { type: 'image', url };
  const mediaType = dataUrlMediaType(url);
  if (mediaType) out.mediaType = mediaType;
  const extra = { ...pickUnknown(part, ['type', 'image_url']), ...(isObject(image) ? pickUnknown(image, ['url']) : {}) };
  if (Object.keys(extra).length > 0) out.extensions = extra;
  return out;
}

function parseFile(part: JsonObject, path: string): DocumentPart {
  const file = part.file;
  if (!isObject(file)) fail(`${path}.file`, `expected an object, got ${typeName(file)}`);
  const out: DocumentPart = { type: 'document' };
  if (typeof file.file_id === 'string') out.fileId = file.file_id;
  if (typeof file.filename === 'string') out.filename = file.filename;
  if (typeof file.file_data === 'string') {
    // `file_data` is a data URL; keep it whole so it renders back unchanged.
    out.url = file.file_data;
    const mediaType = dataUrlMediaType(file.file_data);
    if (mediaType) out.mediaType = mediaType;
  }
  if (out.fileId === undefined && out.url === undefined) fail(`${path}.file`, 'needs `file_id` or `file_data`');
  const extra = { ...pickUnknown(part, ['type', 'file']), ...pickUnknown(file, ['file_id', 'filename', 'file_data']) };
  if (Object.keys(extra).length > 0) out.extensions = extra;
  return out;
}

/**
 * One entry of a `content` array. Text, images and files are modelled; anything else (audio,
 * refusals, types added after this was written) is kept as an opaque part, never rejected.
 */
export function parseContentPart(part: unknown, path: string): TextPart | ImagePart | DocumentPart | OpaquePart {
  if (!isObject(part)) fail(path, `expected a content part object, got ${typeName(part)}`);
  if (typeof part.type !== 'string') fail(`${path}.type`, `expected a string, got ${typeName(part.type)}`);
  switch (part.type) {
    case 'text':
      return parseText(part, path);
    case 'image_url':
      return parseImage(part, path);
    case 'file':
      return parseFile(part, path);
    default:
      return opaque(part);
  }
}

/**
 * A message `content`: a string (one text part), an array of parts, or — where the API allows it —
 * null/absent (no parts).
 */
export function parseContent(content: unknown, path: string, nullable: boolean): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (content === null || content === undefined) {
    if (nullable) return [];
    fail(path, `expected a string or an array of content parts, got ${typeName(content)}`);
  }
  if (!Array.isArray(content)) fail(path, `expected a string or an array of content parts, got ${typeName(content)}`);
  return content.map((part, i) => parseContentPart(part, `${path}[${i}]`));
}
