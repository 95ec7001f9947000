import { gunzipSync, inflateSync } from 'node:zlib';
import type { ConversationRequest } from '../conversation/index.ts';
import type { Location } from './finding.ts';
import { mediaOf, type MediaItem } from './media.ts';

/** One string to scan and where it sits (the same shape as surfaces.ts's `Segment`). */
export interface PayloadSegment {
  text: string;
  location: Location;
}

/**
 * Marks the path of a segment that is the decoded text of an encoded payload. A value found there
 * cannot be replaced piecewise in what is forwarded (the bytes are base64 or percent-encoded), so
 * redaction treats it as unredactable (see redaction/unredactable.ts) and the request fails closed.
 */
export const DECODED = '#decoded';

/** Whether a finding's location is inside a decoded payload. */
export function isDecodedPayload(location: Location): boolean {
  return location.path?.endsWith(DECODED) ?? false;
}

/** Largest gzip output decoded for inspection; larger ones stay listed as uninspected. */
const MAX_GUNZIP = 16 * 1024 * 1024;

/**
 * Scan segments for what media parts carry that detectors can read:
 * - the decoded text of inline payloads that are text — labelled text (text/*, JSON, XML, YAML, CSV,
 *   Markdown, shell, source code…) or decoding to UTF-8 / UTF-16 text whatever the label (a `.env` sent
 *   as `image/png` is still text), gzip included — at `<field>#decoded`; for binary payloads, their
 *   printable runs (PDF streams inflated), at the same place (`binaryStrings`);
 * - strings of modelled image/document parts that no other surface scans: remote URLs (query strings
 *   carry tokens), the header of a `data:` URL (its parameters), file ids and file names, and a payload
 *   that is not valid base64 (it is forwarded as is, so it is read as is).
 * Strings inside opaque parts and extensions are scanned by surfaces.ts already; only their decoded
 * payloads are added here.
 *
 * Integration: the inspect stage (pipeline/stages/inspect.ts) appends these to the wire segments; `collectSurfaces` does the same for the canonical view.
 */
export function collectPayloadSegments(request: ConversationRequest): PayloadSegment[] {
  const out: PayloadSegment[] = [];
  for (const item of mediaOf(request)) {
    const { location } = item;
    const modelledPart = location.surface !== 'opaque' && !location.path?.includes('extensions');
    if (item.inline) {
      const decoded = decodeMedia(item);
      const readable = decoded.text ?? decoded.strings;
      if (readable) out.push({ text: readable, location: { ...location, path: `${location.path ?? ''}${DECODED}` } });
      if (decoded.strictInvalid && !decoded.plain && modelledPart) out.push({ text: item.inline.payload, location });
    }
    if (item.urlText !== undefined) out.push({ text: item.urlText, location });
  }
  // File ids and names of modelled documents (opaque ones are scanned as strings by surfaces.ts).
  const visit = (parts: ConversationRequest['messages'][number]['content'], message: number, surface: Location['surface']): void => {
    parts.forEach((part, p) => {
      const docs = part.type === 'tool-result' ? part.content.map((c, i) => ({ c, path: `content[${i}].` })) : [{ c: part, path: '' }];
      for (const { c, path } of docs) {
        if (c.type !== 'document') continue;
        const at: Location = { surface: part.type === 'tool-result' ? 'tool-result' : surface, message, part: p };
        if (c.fileId) out.push({ text: c.fileId, location: { ...at, path: `${path}fileId` } });
        if (c.filename) out.push({ text: c.filename, location: { ...at, path: `${path}filename` } });
      }
    });
  };
  request.system.forEach((m, i) => visit(m.content, i, 'system'));
  request.messages.forEach((m, i) => visit(m.content, i, m.role === 'system' || m.role === 'developer' ? 'system' : 'message-text'));
  return out;
}

/**
 * What an inline payload decodes to: its text, or nothing readable. `plain`: a document field that is
 * not base64 holds its text as is. `strictInvalid`: not valid base64 — the bytes are forwarded as they
 * are (and read as such), and also decoded the lenient way many servers do (characters outside the
 * alphabet dropped), so junk between base64 characters hides nothing.
 */
export function decodeMedia(item: MediaItem): Decoded {
  let decoded = decodedItems.get(item);
  if (decoded === undefined) {
    decoded = decode(item);
    decodedItems.set(item, decoded);
  }
  return decoded;
}

interface Decoded {
  text?: string;
  /** Binary content: its printable runs (and those of a PDF's compressed streams), for detection only. */
  strings?: string;
  plain?: boolean;
  strictInvalid?: boolean;
}

/** Each item is decoded once per request (uninspected.ts and this module both ask). */
const decodedItems = new WeakMap<MediaItem, Decoded>();

function decode(item: MediaItem): Decoded {
  const inline = item.inline;
  if (!inline) return {};
  if (inline.encoding === 'percent') {
    const text = bytesText(percentBytes(inline.payload), isTextMediaType(item.mediaType));
    return text === undefined ? {} : { text };
  }
  let bytes = base64Bytes(inline.payload);
  const strictInvalid = bytes === undefined;
  if (bytes === undefined) {
    if (item.maybePlain) return { plain: true, strictInvalid };
    // Node's decoder is the lenient kind: it skips characters outside the alphabet (and takes base64url).
    bytes = Buffer.from(inline.payload, 'base64');
  }
  const text = bytesText(bytes, isTextMediaType(item.mediaType));
  const strings = text === undefined ? binaryStrings(bytes) : undefined;
  return { ...(text === undefined ? {} : { text }), ...(strings ? { strings } : {}), ...(strictInvalid ? { strictInvalid } : {}) };
}

/** Shortest printable run kept from binary content (shorter than any value worth a detector is noise). */
const MIN_RUN = 16;
/** Most characters of printable runs kept from one attachment, and most PDF stream bytes inflated. */
const MAX_STRINGS = 4 * 1024 * 1024;

/**
 * Printable runs of binary content: a key in a PNG text chunk, in an uncompressed file inside an
 * archive, or in a PDF — whose compressed (Flate) streams are inflated first. The content stays listed
 * as uninspected (this is not reading it); a value found here cannot be redacted, so the request fails
 * closed even when policy lets that kind of content out.
 */
export function binaryStrings(bytes: Buffer): string | undefined {
  const runs: string[] = [];
  let size = 0;
  const collect = (latin1: string): void => {
    for (const m of latin1.matchAll(/[\x20-\x7e\t]{16,}/g)) {
      if (size >= MAX_STRINGS) return;
      runs.push(m[0]);
      size += m[0].length;
    }
  };
  const latin1 = bytes.toString('latin1');
  collect(latin1);
  if (latin1.startsWith('%PDF')) {
    let inflated = 0;
    for (const m of latin1.matchAll(/stream\r?\n/g)) {
      const start = m.index + m[0].length;
      const end = latin1.indexOf('endstream', start);
      if (end === -1 || inflated >= MAX_STRINGS) break;
      try {
        const out = inflateSync(bytes.subarray(start, end), { maxOutputLength: MAX_STRINGS - inflated });
        inflated += out.length;
        collect(out.toString('latin1'));
      } catch {
        // not Flate, or truncated: its raw runs were collected above
      }
    }
  }
  return runs.length > 0 && size >= MIN_RUN ? runs.join('\n') : undefined;
}

/**
 * Media types whose bytes are text: text/*, JSON, XML, YAML, TOML, CSV, Markdown, shell and script
 * types, form data, and any `+json` / `+xml` suffix.
 */
export function isTextMediaType(mediaType: string | undefined): boolean {
  if (!mediaType) return false;
  const mt = mediaType.toLowerCase().split(';')[0]!.trim();
  if (mt.startsWith('text/')) return true;
  if (mt.endsWith('+json') || mt.endsWith('+xml') || mt.endsWith('+yaml')) return true;
  const sub = mt.slice(mt.indexOf('/') + 1);
  return /^(x-)?(json|ld\+json|xml|yaml|yml|toml|csv|markdown|x-markdown|javascript|ecmascript|typescript|sh|x-sh|shellscript|x-shellscript|python|x-python|sql|x-sql|php|x-php|ruby|x-ruby|perl|x-perl|x-www-form-urlencoded|ini|x-ini|properties|x-properties|env|x-env|graphql|jsonl|x-ndjson|ndjson|rtf|x-httpd-php|tex|x-tex|x-latex|pem-certificate-chain|x-pem-file|x-x509-ca-cert|pgp-keys|pgp-signature)$/.test(sub);
}

/** Strict base64 / base64url (MIME line breaks and missing padding allowed); undefined when it is not. */
export function base64Bytes(payload: string): Buffer | undefined {
  // One regular expression pass (attachments run to megabytes), then the length rule.
  if (!/^[A-Za-z0-9+/_\-\s]*(?:=\s*){0,2}$/.test(payload)) return undefined;
  const compact = /\s/.test(payload) ? payload.replace(/\s+/g, '') : payload;
  if (compact.replace(/=+$/, '').length % 4 === 1) return undefined;
  // Node's decoder takes both alphabets.
  return Buffer.from(compact, 'base64');
}

/** A percent-encoded data URL body as bytes (RFC 2397 without `;base64`); malformed escapes stay literal. */
export function percentBytes(payload: string): Buffer {
  const bytes: number[] = [];
  const raw = Buffer.from(payload, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 0x25 && i + 2 < raw.length && isHex(raw[i + 1]!) && isHex(raw[i + 2]!)) {
      bytes.push(parseInt(String.fromCharCode(raw[i + 1]!, raw[i + 2]!), 16));
      i += 2;
    } else {
      bytes.push(b);
    }
  }
  return Buffer.from(bytes);
}

function isHex(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

/**
 * Bytes as text, or undefined when they are not text. Labelled text is decoded whatever its bytes
 * (invalid UTF-8 becomes U+FFFD); unlabelled bytes must be valid UTF-8 (or UTF-16 with a BOM or a
 * zero in every other byte) with almost no control characters. Gzip is undone first (bounded).
 */
export function bytesText(bytes: Buffer, labelledText: boolean, depth = 0): string | undefined {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b && depth === 0) {
    try {
      return bytesText(gunzipSync(bytes, { maxOutputLength: MAX_GUNZIP }), labelledText, depth + 1);
    } catch {
      return undefined;
    }
  }
  const utf16 = utf16Text(bytes);
  if (utf16 !== undefined) return utf16;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: !labelledText }).decode(bytes);
  } catch {
    return undefined;
  }
  if (labelledText) return text;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return undefined;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x0b && c !== 0x1b) || c === 0x7f) controls++;
  }
  return controls * 200 > text.length ? undefined : text;
}

function utf16Text(bytes: Buffer): string | undefined {
  if (bytes.length < 2) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.length % 2 !== 0 || bytes.length < 8) return undefined;
  // ASCII-range UTF-16 without a BOM: a zero in every odd (LE) or even (BE) byte, text in the others.
  let oddZero = 0;
  let evenZero = 0;
  for (let i = 0; i < bytes.length; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const half = bytes.length / 2;
  if (oddZero >= half * 0.9 && evenZero < half * 0.1) return new TextDecoder('utf-16le').decode(bytes);
  if (evenZero >= half * 0.9 && oddZero < half * 0.1) return new TextDecoder('utf-16be').decode(bytes);
  return undefined;
}
