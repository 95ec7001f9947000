import type { ContentPart, ConversationRequest, Message } from '../conversation/index.ts';
import type { Location } from './finding.ts';

/**
 * Every piece of non-text content a request carries — images, documents, audio, file references,
 * remote URLs — wherever it sits: modelled parts, tool results, parts Sekisho does not model (kept
 * verbatim as opaque), and vendor extensions. One walk, shared by payloads.ts (what can be decoded
 * and inspected) and uninspected.ts (what cannot, for policy). Knows shapes, decodes nothing.
 */
export interface MediaItem {
  /** Where the content sits; `path` names the field holding the payload or reference. */
  location: Location;
  /** What the content is, from its part type, media type or file name. */
  content: 'image' | 'pdf' | 'document' | 'audio';
  mediaType?: string;
  /** Inline bytes: base64 (`data` fields, base64 data URLs) or a non-base64 data URL body (percent-encoded). */
  inline?: { payload: string; encoding: 'base64' | 'percent' };
  /** The data field may hold plain text rather than base64 (Anthropic `source.type: text`, text/* labels). */
  maybePlain?: boolean;
  /** Reached through a remote URL the model server fetches. */
  remote?: boolean;
  /** Named by an uploaded file's id (`file_id`, Anthropic `source.type: file`). */
  fileRef?: boolean;
  /** For a modelled part's `url` field: the URL as forwarded (a data URL only up to its comma). */
  urlText?: string;
}

/** The media of a request, found once per request object (payloads.ts and uninspected.ts both ask). */
export function mediaOf(request: ConversationRequest): MediaItem[] {
  let items = found.get(request);
  if (items === undefined) {
    items = collectMedia(request);
    found.set(request, items);
  }
  return items;
}

const found = new WeakMap<ConversationRequest, MediaItem[]>();

export function collectMedia(request: ConversationRequest): MediaItem[] {
  const out: MediaItem[] = [];
  request.system.forEach((m, i) => collectMessage(m, i, 'system', out));
  request.messages.forEach((m, i) => collectMessage(m, i, m.role === 'system' || m.role === 'developer' ? 'system' : 'message', out));
  walk(request.extensions, 'extensions', { surface: 'opaque' }, undefined, out, 0);
  request.tools.forEach((t, i) => {
    if (t.type === 'hosted') walk(t.raw, `tools[${i}]`, { surface: 'tool-definition' }, undefined, out, 0);
  });
  return out;
}

function collectMessage(message: Message, index: number, kind: 'system' | 'message', out: MediaItem[]): void {
  message.content.forEach((part, p) => {
    const at = { message: index, part: p };
    const surface = kind === 'system' ? 'system' : 'message-text';
    if (part.type === 'tool-result') {
      part.content.forEach((inner, i) => {
        modelled(inner, { surface: 'tool-result', ...at }, `content[${i}].`, out);
        if (inner.extensions) walk(inner.extensions, `content[${i}].extensions`, { surface: 'tool-result', ...at }, undefined, out, 0);
      });
      if (part.extensions) walk(part.extensions, 'extensions', { surface: 'tool-result', ...at }, undefined, out, 0);
      return;
    }
    if (part.type === 'opaque') {
      walk(part.raw, '', { surface: 'opaque', ...at }, undefined, out, 0);
      return;
    }
    modelled(part, { surface, ...at }, '', out);
    if (part.extensions) walk(part.extensions, 'extensions', { surface: 'opaque', ...at }, typeHint(part.type), out, 0);
  });
  if (message.extensions) walk(message.extensions, 'extensions', { surface: 'opaque', message: index }, undefined, out, 0);
}

/** An image or document part of the canonical model. */
function modelled(part: ContentPart, base: Location, prefix: string, out: MediaItem[]): void {
  if (part.type !== 'image' && part.type !== 'document') return;
  const mediaType = part.mediaType;
  const name = part.type === 'document' ? part.filename : undefined;
  const content = contentOf(part.type, mediaType, name);
  const item = (path: string, extra: Partial<MediaItem>): void => {
    out.push({ location: { ...base, path: prefix + path }, content, ...(mediaType ? { mediaType } : {}), ...extra });
  };
  if (part.data !== undefined) {
    const data = dataUrl(part.data);
    if (data) item('data', { inline: data.inline, ...(data.mediaType && !mediaType ? { mediaType: data.mediaType } : {}) });
    // A text/* document may carry plain text here (Anthropic `source.type: text`): surfaces.ts scans it
    // as text; other data must be base64 (or is scanned as the string it is, see payloads.ts).
    else item('data', { inline: { payload: part.data, encoding: 'base64' }, ...(part.type === 'document' && (mediaType ?? '').toLowerCase().startsWith('text/') ? { maybePlain: true } : {}) });
  }
  if (part.url !== undefined) {
    const data = dataUrl(part.url);
    if (data) {
      const mt = mediaType ?? data.mediaType;
      const header = part.url.slice(0, part.url.indexOf(',') + 1);
      out.push({ location: { ...base, path: `${prefix}url` }, content: contentOf(part.type, mt, name), ...(mt ? { mediaType: mt } : {}), inline: data.inline, urlText: header });
    } else {
      item('url', { remote: true, urlText: part.url });
    }
  }
  // (An image's file id rides in its extensions: walked by the caller.)
  if (part.type === 'document' && part.fileId !== undefined) item('fileId', { fileRef: true });
}

/** Fields that name a media type next to a payload. */
const MEDIA_TYPE_KEYS = ['media_type', 'mime_type', 'mimeType', 'mediaType', 'content_type'];
/** Keys whose value is inline bytes when a media type (or an audio `format`) sits beside them. */
const DATA_KEYS = ['data', 'file_data', 'bytes'];
/** Keys whose value is a remote location of content. */
const URL_KEYS = ['url', 'image_url', 'file_url', 'audio_url', 'video_url', 'document_url'];
const MAX_DEPTH = 256;

/**
 * Media inside JSON Sekisho does not model. Recognised by shape, not by exact wire type, so a new or
 * nested block type is still seen: a `data:` URL anywhere; a `data`-like field beside a media type or
 * audio format; a `file_id` (or `source.type: file`); a URL under a content-holding key of a block
 * whose type names an image, document, file or audio; `file_ids` lists.
 */
function walk(value: unknown, path: string, base: Location, hint: MediaItem['content'] | undefined, out: MediaItem[], depth: number): void {
  if (depth > MAX_DEPTH) throw new Error(`a value is nested more than ${MAX_DEPTH} levels deep and cannot be inspected`);
  if (typeof value === 'string') {
    const data = dataUrl(value);
    if (data) out.push({ location: { ...base, path }, content: contentOf(hint ?? 'document', data.mediaType), ...(data.mediaType ? { mediaType: data.mediaType } : {}), inline: data.inline });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, base, hint, out, depth + 1));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  // The outermost typed block decides (an image's `source: {type: file}` is still an image).
  const here = hint ?? (typeof obj.type === 'string' ? typeHint(obj.type) : undefined);
  const join = (k: string): string => (path ? `${path}.${k}` : k);
  const mediaType = MEDIA_TYPE_KEYS.map((k) => obj[k]).find((v): v is string => typeof v === 'string');
  const audioFormat = here === 'audio' && typeof obj.format === 'string' ? `audio/${obj.format}` : undefined;
  const handled = new Set<string>();
  for (const key of DATA_KEYS) {
    const v = obj[key];
    if (typeof v !== 'string' || dataUrl(v)) continue;
    const mt = mediaType ?? audioFormat;
    if (mt === undefined && here === undefined) continue;
    handled.add(key);
    out.push({
      location: { ...base, path: join(key) },
      content: contentOf(here ?? 'document', mt),
      ...(mt ? { mediaType: mt } : {}),
      inline: { payload: v, encoding: 'base64' },
      ...(obj.type === 'text' || (mt ?? '').startsWith('text/') ? { maybePlain: true } : {}),
    });
  }
  const fileId = obj.file_id ?? obj.fileId;
  if (typeof fileId === 'string' || (obj.type === 'file' && here !== undefined)) {
    const name = typeof obj.filename === 'string' ? obj.filename : undefined;
    out.push({ location: { ...base, path: join(typeof obj.file_id === 'string' ? 'file_id' : 'fileId') }, content: contentOf(here ?? 'document', mediaType, name), ...(mediaType ? { mediaType } : {}), fileRef: true });
  }
  // Files attached by id to a tool or container (`file_ids` of code interpreter containers, …).
  const fileIds = obj.file_ids;
  if (Array.isArray(fileIds)) {
    fileIds.forEach((id, i) => {
      if (typeof id === 'string') out.push({ location: { ...base, path: `${join('file_ids')}[${i}]` }, content: contentOf(here ?? 'document', mediaType), fileRef: true });
    });
  }
  if (here !== undefined) {
    for (const key of URL_KEYS) {
      const v = obj[key];
      const url = typeof v === 'string' ? v : v !== null && typeof v === 'object' && typeof (v as Record<string, unknown>).url === 'string' ? ((v as Record<string, unknown>).url as string) : undefined;
      if (url === undefined || dataUrl(url)) continue;
      out.push({ location: { ...base, path: join(key) }, content: contentOf(here, mediaType), ...(mediaType ? { mediaType } : {}), remote: true });
    }
  }
  for (const [k, v] of Object.entries(obj)) {
    if (handled.has(k)) continue;
    walk(v, join(k), base, here, out, depth + 1);
  }
}

/** What a block's `type` says it holds (`image`, `input_image`, `image_url`, `input_audio`, `document`, `input_file`, `file`, `container_upload`, …). */
function typeHint(type: string): MediaItem['content'] | undefined {
  const t = type.toLowerCase();
  if (t.includes('image')) return 'image';
  if (t.includes('audio')) return 'audio';
  if (t.includes('pdf')) return 'pdf';
  if (t.includes('document') || t.includes('file') || t.includes('upload')) return 'document';
  return undefined;
}

/** The content kind from the part type, refined by media type, then by file name. */
export function contentOf(kind: string, mediaType?: string, filename?: string): MediaItem['content'] {
  const mt = (mediaType ?? '').toLowerCase();
  if (mt === 'application/pdf') return 'pdf';
  if (mt.startsWith('image/')) return 'image';
  if (mt.startsWith('audio/')) return 'audio';
  const ext = /\.([a-z0-9]+)$/i.exec(filename ?? '')?.[1]?.toLowerCase();
  if (!mt && ext === 'pdf') return 'pdf';
  if (!mt && ext && ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'tif', 'tiff', 'heic'].includes(ext)) return 'image';
  if (!mt && ext && ['wav', 'mp3', 'm4a', 'ogg', 'flac', 'webm'].includes(ext)) return 'audio';
  if (kind === 'image' || kind === 'audio' || kind === 'pdf') return kind;
  return 'document';
}

/**
 * A `data:` URL split into its media type and body (RFC 2397): `;base64` bodies are base64, others are
 * percent-encoded. Case-insensitive scheme; parameters (`;charset=…`, `;name=…`) are skipped.
 */
export function dataUrl(value: string): { mediaType?: string; inline: NonNullable<MediaItem['inline']> } | undefined {
  if (value.length < 5 || !/^\s*data:/i.test(value)) return undefined;
  const start = value.indexOf(':') + 1;
  const comma = value.indexOf(',', start);
  if (comma === -1) return undefined;
  const params = value.slice(start, comma).split(';').map((s) => s.trim());
  const mediaType = params[0] ? params[0].toLowerCase() : undefined;
  const base64 = params.slice(1).some((p) => p.toLowerCase() === 'base64');
  return { ...(mediaType ? { mediaType } : {}), inline: { payload: value.slice(comma + 1), encoding: base64 ? 'base64' : 'percent' } };
}
