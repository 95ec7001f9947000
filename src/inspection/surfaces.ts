import type { IncomingHttpHeaders } from 'node:http';
import type { ContentPart, ConversationRequest, Message } from '../conversation/index.ts';
import type { Location } from './finding.ts';
import { SKIPPED_HEADERS as WIRE_SKIPPED_HEADERS } from './wire-surfaces.ts';
import { collectUninspected, isTextDocument, type Uninspected } from './uninspected.ts';
import { collectPayloadSegments } from './payloads.ts';

export type { Uninspected } from './uninspected.ts';

/** One string to scan and where it sits in the request. */
export interface Segment {
  text: string;
  location: Location;
  /** Written by the model (an assistant turn, a tool call, reasoning) as the client resends it; else by the client's side. */
  byModel?: true;
}


export interface Surfaces {
  segments: Segment[];
  uninspected: Uninspected[];
}

/**
 * Request headers inspected besides the body. Credentials for the gateway itself and standard
 * transport headers are skipped; client metadata headers (Codex sends the workspace path and git state
 * in `x-codex-turn-metadata`) are inspected.
 */
const SKIPPED_HEADERS = new Set([...WIRE_SKIPPED_HEADERS, 'anthropic-version', 'anthropic-beta']);

/**
 * Every content surface of a request as strings to scan: system prompts, inline system/developer
 * messages, message text, tool definitions (descriptions and schemas), tool-call arguments, tool
 * results, reasoning, every string inside parts Sekisho does not model, and client metadata headers.
 * Nothing a backend could receive is left out; images and documents are listed as uninspected.
 */
export function collectSurfaces(request: ConversationRequest, headers?: IncomingHttpHeaders): Surfaces {
  const out: Surfaces = { segments: [], uninspected: collectUninspected(request) };
  request.system.forEach((m, i) => collectMessage(m, i, 'system', out));
  request.messages.forEach((m, i) => collectMessage(m, i, m.role === 'system' || m.role === 'developer' ? 'system' : 'message', out));
  request.tools.forEach((tool, i) => {
    const path = `tools[${i}]`;
    if (tool.type === 'hosted') {
      collectStrings(tool.raw, `${path}`, { surface: 'tool-definition' }, out);
      return;
    }
    add(out, tool.name, { surface: 'tool-definition', path: `${path}.name` });
    if (tool.description) add(out, tool.description, { surface: 'tool-definition', path: `${path}.description` });
    const schema = tool.type === 'function' ? tool.parameters : tool.format;
    if (schema) collectStrings(schema, `${path}.${tool.type === 'function' ? 'parameters' : 'format'}`, { surface: 'tool-definition' }, out);
    if (tool.extensions) collectStrings(tool.extensions, `${path}.extensions`, { surface: 'tool-definition' }, out);
  });
  if (request.user) add(out, request.user, { surface: 'message-text', path: 'user' });
  // Decoded text payloads, URLs, file ids and names of media parts (payloads.ts).
  for (const segment of collectPayloadSegments(request)) add(out, segment.text, segment.location);
  collectStrings(request.extensions, 'extensions', { surface: 'opaque' }, out);
  if (headers) {
    for (const [name, value] of Object.entries(headers)) {
      if (SKIPPED_HEADERS.has(name) || value === undefined) continue;
      add(out, Array.isArray(value) ? value.join(', ') : value, { surface: 'header', path: name });
    }
  }
  return out;
}

function collectMessage(message: Message, index: number, kind: 'system' | 'message', out: Surfaces): void {
  const first = out.segments.length;
  message.content.forEach((part, p) => collectPart(part, index, p, kind, out));
  if (message.extensions) collectStrings(message.extensions, 'extensions', { surface: 'opaque', message: index }, out);
  if (message.role === 'assistant') for (let k = first; k < out.segments.length; k++) (out.segments[k] as Segment).byModel = true;
}

function collectPart(part: ContentPart, message: number, index: number, kind: 'system' | 'message', out: Surfaces): void {
  const at = { message, part: index };
  // Fields of a part with no canonical meaning (Anthropic `citations`, a document's `title` and
  // `context`, …) still reach a same-dialect backend verbatim: scan them like opaque parts.
  if (part.type !== 'opaque' && part.type !== 'tool-result' && part.extensions) {
    // (`fimSuffix` is the completions parser's own marker, not client data.)
    const { fimSuffix: _marker, ...extensions } = part.extensions;
    collectStrings(extensions, 'extensions', { surface: 'opaque', ...at }, out);
  }
  switch (part.type) {
    case 'text':
      if (part.extensions?.fimSuffix === true) add(out, part.text, { surface: 'prompt', ...at, path: 'suffix' });
      else add(out, part.text, { surface: kind === 'system' ? 'system' : 'message-text', ...at });
      return;
    case 'tool-call':
      add(out, part.arguments, { surface: 'tool-call-arguments', ...at });
      return;
    case 'tool-result':
      part.content.forEach((inner, i) => {
        const location: Location = { surface: 'tool-result', ...at, path: `content[${i}]` };
        if (inner.extensions) collectStrings(inner.extensions, `content[${i}].extensions`, { surface: 'tool-result', ...at }, out);
        if (inner.type === 'text') add(out, inner.text, location);
        else if (isTextDocument(inner)) add(out, inner.data!, { ...location, path: `content[${i}].data` });
      });
      if (part.extensions) collectStrings(part.extensions, 'extensions', { surface: 'tool-result', ...at }, out);
      return;
    case 'reasoning':
      add(out, part.text, { surface: 'reasoning', ...at });
      // Signatures and opaque reasoning are forwarded too: inspected like everything else.
      if (part.signature) add(out, part.signature, { surface: 'reasoning', ...at, path: 'signature' });
      if (part.opaque) add(out, part.opaque, { surface: 'reasoning', ...at, path: 'opaque' });
      return;
    case 'document':
      // A plain-text document is text the model reads (Anthropic `source.type: text`): inspect it.
      if (isTextDocument(part)) {
        add(out, part.data!, { surface: kind === 'system' ? 'system' : 'message-text', ...at, path: 'data' });
      }
      return;
    case 'image':
      return;
    case 'opaque':
      collectStrings(part.raw, '', { surface: 'opaque', ...at }, out);
      return;
  }
}

/** Deeper values are refused rather than skipped: whatever is not scanned must not be forwarded. */
const MAX_DEPTH = 256;

/** Every string (keys included: a key can carry data too) inside a JSON-like value, with its path. */
function collectStrings(value: unknown, path: string, base: Location, out: Surfaces, depth = 0): void {
  // Throwing makes inspection fail, which blocks the request (fail closed).
  if (depth > MAX_DEPTH) throw new Error(`a value is nested more than ${MAX_DEPTH} levels deep and cannot be inspected`);
  if (typeof value === 'string') {
    if (value.length > 0) out.segments.push({ text: value, location: { ...base, path } });
  } else if (Array.isArray(value)) {
    // Plain loops and `Object.keys`: this walks every tool schema of every request (the floor of a follow-up turn).
    for (let i = 0; i < value.length; i++) collectStrings(value[i], `${path}[${i}]`, base, out, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const childPath = path ? `${path}.${k}` : k;
      if (k.length >= 8) out.segments.push({ text: k, location: { ...base, path: `${childPath}#key` } });
      collectStrings(object[k], childPath, base, out, depth + 1);
    }
  }
}

function add(out: Surfaces, text: string, location: Location): void {
  if (text.length > 0) out.segments.push({ text, location });
}
