import type { IncomingHttpHeaders } from 'node:http';
import type { Location, Surface } from './finding.ts';
import type { Segment, Surfaces, Uninspected } from './surfaces.ts';
import type { ConversationRequest } from '../conversation/index.ts';
import { collectUninspected } from './uninspected.ts';
import { collectPayloadSegments, DECODED } from './payloads.ts';
import { bytesToText } from './decode/bytes-to-text.ts';

/**
 * Scan segments taken from the request as it is forwarded: every key and every string value of the
 * strictly parsed JSON body (at any depth, in known and unknown fields), the query string and the
 * request headers — independently of how the protocol parser reads the body. Whatever a parser drops,
 * misreads or does not model is still scanned, because it is still sent.
 *
 * A small classifier per dialect gives each string its place (`surface`, `message`, `part`, `path`), so
 * findings still say "tool-result in message 3". Content the model reads as prose (text, system,
 * reasoning, tool results, tool-call arguments, prompts) gets a joinable surface (see inspector.ts);
 * structural strings (types, roles, ids, names, model, stop sequences, URLs, enum-like values) get
 * `field`, keys get a non-joinable surface too: they are scanned, never joined with neighbours.
 *
 * Message and part indexes are those of the client's JSON (`messages[3].content[1]` is message 3,
 * part 1), not of the canonical conversation.
 *
 * One kind of string is not scanned as text: in the parts that are images or files (an Anthropic
 * `image` / `document` block's `source`, an OpenAI `image_url` / `file` / `input_image` / `input_file`
 * part), a base64 payload or data: URL whose media type is an image or PDF. Detectors cannot read those bytes; the parts are listed as uninspected
 * (uninspected.ts) for policy to decide. Anywhere else such a payload is scanned like any string.
 */

export type WireApi = 'messages' | 'count_tokens' | 'chat' | 'responses' | 'completions' | 'embeddings';

export interface WireRequest {
  api: WireApi;
  /** The strictly parsed JSON body. */
  body: unknown;
  /** The query string as received, with or without the leading `?`. */
  search?: string;
  headers?: IncomingHttpHeaders;
  /** Client headers that are forwarded upstream (always scanned, and reported as such). */
  forwardedHeaders?: readonly string[];
}

/**
 * Headers never scanned: the gateway's own credentials (they are not forwarded; a key in them is the
 * caller's, checked by identify) and transport headers whose values the gateway itself interprets.
 */
export const SKIPPED_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'x-api-key',
  'host',
  'connection',
  'content-length',
  'content-type',
  'content-encoding',
  'accept',
  'accept-encoding',
  'accept-language',
  'keep-alive',
  'transfer-encoding',
]);

/** Integers at least this long are scanned as their decimal text (card numbers, phone numbers as numbers). */
const LONG_NUMBER = 8;

/** Integer arrays at least this long are also read as bytes or code points (see `Walker.numberArray`). */
const MIN_CODES = 8;

/** Binary payloads longer than this are not scanned as text (see above); shorter ones cost nothing to scan. */
const BINARY_MIN = 256;

export function collectWireSurfaces(request: WireRequest, uninspected: Uninspected[] = []): Surfaces {
  const w = new Walker();
  const body = request.body;
  if (isObject(body)) {
    switch (request.api) {
      case 'messages':
      case 'count_tokens':
        anthropic(w, body);
        break;
      case 'chat':
        chat(w, body);
        break;
      case 'responses':
        responses(w, body);
        break;
      case 'completions':
      case 'embeddings':
        completions(w, body);
        break;
    }
  } else {
    w.any(body, '', { surface: 'opaque' });
  }
  if (request.search) query(w, request.search);
  if (request.headers) headers(w, request.headers, request.forwardedHeaders ?? []);
  return { segments: w.segments, uninspected };
}

/**
 * Everything the gateway scans for one request: the wire surfaces of what is forwarded, plus the decoded
 * text of attachments (payloads.ts: base64 or data-URL text, printable runs of binary files; paths end in
 * `#decoded`), with the parts that cannot be read listed from the canonical conversation. The gateway's
 * inspect stage and `sekisho policy test` both use it, so a test predicts what the gateway finds.
 */
export function requestSurfaces(request: WireRequest, conversation: ConversationRequest | undefined): Surfaces {
  const surfaces = collectWireSurfaces(request, conversation ? collectUninspected(conversation) : []);
  if (conversation) for (const s of collectPayloadSegments(conversation)) surfaces.segments.push({ text: s.text, location: s.location });
  return surfaces;
}

/** True when a location is a place a value cannot be redacted in: the query string or a forwarded header. */
export function isUnredactablePlace(location: Location, forwardedHeaders: readonly string[]): boolean {
  return location.surface === 'query' || (location.surface === 'header' && forwardedHeaders.includes(location.path ?? ''));
}

/** Where the walker is: the place every string below inherits. */
interface Place {
  surface: Surface;
  message?: number;
  part?: number;
  /** In an assistant turn (see Segment.byModel); not part of the location. */
  byModel?: true;
}

class Walker {
  readonly segments: Segment[] = [];

  add(text: string, place: Place, path: string): void {
    if (text.length === 0) return;
    const { byModel, ...at } = place;
    this.segments.push(byModel ? { text, location: { ...at, path }, byModel } : { text, location: { ...at, path } });
  }

  /** A key: scanned, never joined with its neighbours. */
  key(key: string, place: Place, path: string): void {
    this.add(key, { ...place, surface: nonJoinable(place.surface) }, `${path}#key`);
  }

  /**
   * Every key and string below `value`, all with `place`'s surface (keys non-joinable). With `binary`
   * (only at places where images and PDFs sit, which uninspected.ts lists), their base64 payloads and
   * data: URLs are skipped.
   */
  any(value: unknown, path: string, place: Place, binary = false): void {
    if (typeof value === 'string') {
      if (!(binary && isBinaryDataUrl(value))) this.add(value, place, path);
    } else if (Array.isArray(value)) {
      this.numberArray(value, place, path);
      for (let i = 0; i < value.length; i++) this.any(value[i], `${path}[${i}]`, place, binary);
    } else if (isObject(value)) {
      const skipData = binary && isBinarySource(value);
      for (const k in value) {
        const child = join(path, k);
        this.key(k, place, child);
        if (skipData && k === 'data') continue;
        this.any(value[k], child, place, binary);
      }
    } else if (typeof value === 'number') {
      this.number(value, place, path);
    }
  }

  /** A long integer as its digits: a number can carry a card or phone number as well as a string can. */
  number(value: number, place: Place, path: string): void {
    const text = String(value);
    if (text.length >= LONG_NUMBER) this.add(text, { ...place, surface: 'field' }, path);
  }

  /** A value that is content when it is a string; anything else is walked with the same place. */
  text(value: unknown, place: Place, path: string): void {
    if (typeof value === 'string') this.add(value, place, path);
    else this.any(value, path, place);
  }

  /**
   * A JSON value the model reads as JSON text (Anthropic `tool_use.input`): one segment with its
   * serialisation, so keys and values are scanned together as the model sees them (`"password":"…"`).
   * Every key and string of the value is in that text.
   */
  json(value: unknown, place: Place, path: string): void {
    if (typeof value === 'string') this.add(value, place, path);
    else if (value !== undefined) {
      this.add(JSON.stringify(value), place, path);
      this.numberArrays(value, place, path, 0);
    }
  }

  /**
   * An array of at least `MIN_CODES` integers that could be bytes or code points (a serialised Buffer,
   * a char-code array): the model reads it back as text, so its text is scanned too, at `<path>#decoded`.
   * A value found there cannot be replaced by a placeholder (the forwarded bytes are numbers), so it is
   * unredactable (redaction/unredactable.ts) and the request fails closed.
   */
  numberArray(value: unknown[], place: Place, path: string): void {
    if (value.length < MIN_CODES) return;
    let bytes = true;
    for (const v of value) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0x10ffff) return;
      if (v > 255) bytes = false;
    }
    const codes = value as number[];
    const text = bytes ? bytesToText(Uint8Array.from(codes), codes.length)?.text : codes.map((v) => (v >= 0xd800 && v <= 0xdfff ? ' ' : String.fromCodePoint(v))).join('');
    if (text !== undefined) this.add(text, { ...place, surface: nonJoinable(place.surface) }, `${path}${DECODED}`);
  }

  /** `numberArray` for every array below `value` (a JSON value scanned as one serialised segment). */
  numberArrays(value: unknown, place: Place, path: string, depth: number): void {
    if (depth > 256 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      this.numberArray(value, place, path);
      for (let i = 0; i < value.length; i++) this.numberArrays(value[i], place, `${path}[${i}]`, depth + 1);
    } else {
      for (const k in value) this.numberArrays((value as Record<string, unknown>)[k], place, join(path, k), depth + 1);
    }
  }

  /** Members of `obj` not named in `known`: keys and every string below, with `place` (unknown = opaque). */
  rest(obj: Record<string, unknown>, known: ReadonlySet<string>, path: string, place: Place): void {
    for (const k in obj) {
      if (known.has(k)) continue;
      const child = join(path, k);
      this.key(k, place, child);
      this.any(obj[k], child, place);
    }
  }

  /** Keys of the members named in `known` (scanned like any key; their values are handled by the caller). */
  knownKeys(obj: Record<string, unknown>, known: ReadonlySet<string>, path: string, place: Place): void {
    for (const k in obj) if (known.has(k)) this.key(k, place, join(path, k));
  }

  /** Structural strings: `field` surface, scanned, not joinable. */
  field(value: unknown, place: Place, path: string): void {
    this.any(value, path, { ...place, surface: 'field' });
  }
}

// ---- Anthropic Messages (and count_tokens) ----

const ANTHROPIC_TOP = new Set(['model', 'system', 'messages', 'tools', 'stop_sequences']);

function anthropic(w: Walker, body: Record<string, unknown>): void {
  const top: Place = { surface: 'opaque' };
  w.knownKeys(body, ANTHROPIC_TOP, '', top);
  w.field(body['model'], top, 'model');
  w.field(body['stop_sequences'], top, 'stop_sequences');
  const system = body['system'];
  if (typeof system === 'string') w.add(system, { surface: 'system', message: 0, part: 0 }, 'system');
  else if (Array.isArray(system)) system.forEach((b, p) => anthropicBlock(w, b, { surface: 'system', message: 0, part: p }, `system[${p}]`));
  else w.any(system, 'system', { surface: 'system' });
  const messages = body['messages'];
  if (Array.isArray(messages)) {
    messages.forEach((m, i) => {
      const path = `messages[${i}]`;
      if (!isObject(m)) return w.any(m, path, { surface: 'message-text', message: i });
      const surface: Surface = m['role'] === 'system' ? 'system' : 'message-text';
      const by = byModel(m['role']);
      w.knownKeys(m, MESSAGE_KEYS, path, { surface: 'field', message: i });
      w.field(m['role'], { surface, message: i }, `${path}.role`);
      const content = m['content'];
      if (typeof content === 'string') w.add(content, { surface, message: i, part: 0, ...by }, `${path}.content`);
      else if (Array.isArray(content)) content.forEach((b, p) => anthropicBlock(w, b, { surface, message: i, part: p, ...by }, `${path}.content[${p}]`));
      else w.any(content, `${path}.content`, { surface, message: i, ...by });
      w.rest(m, MESSAGE_KEYS, path, { surface: 'opaque', message: i, ...by });
    });
  } else {
    w.any(messages, 'messages', { surface: 'message-text' });
  }
  w.any(body['tools'], 'tools', { surface: 'tool-definition' });
  w.rest(body, ANTHROPIC_TOP, '', top);
}

const MESSAGE_KEYS = new Set(['role', 'content']);

/** Fields of an Anthropic content block, by what they hold; anything else in a block is walked as opaque. */
const BLOCK_FIELDS = new Set(['type', 'text', 'thinking', 'signature', 'data', 'id', 'name', 'input', 'tool_use_id', 'content', 'source']);

function anthropicBlock(w: Walker, block: unknown, place: Place, path: string): void {
  if (!isObject(block)) return w.text(block, place, path);
  w.knownKeys(block, BLOCK_FIELDS, path, place);
  const type = block['type'];
  w.field(type, place, `${path}.type`);
  w.text(block['text'], place, `${path}.text`);
  w.text(block['thinking'], { ...place, surface: 'reasoning' }, `${path}.thinking`);
  w.field(block['signature'], place, `${path}.signature`);
  w.field(block['data'], place, `${path}.data`); // redacted_thinking's opaque data
  w.field(block['id'], place, `${path}.id`);
  w.field(block['name'], place, `${path}.name`);
  w.field(block['tool_use_id'], place, `${path}.tool_use_id`);
  if ('input' in block) w.json(block['input'], { ...place, surface: 'tool-call-arguments' }, `${path}.input`);
  const content = block['content'];
  if (content !== undefined) {
    // tool_result (and server tool results): what the tool returned, string or blocks.
    const inner: Place = { ...place, surface: typeof type === 'string' && type.endsWith('tool_result') ? 'tool-result' : place.surface };
    if (typeof content === 'string') w.add(content, inner, `${path}.content`);
    else if (Array.isArray(content)) content.forEach((b, k) => anthropicBlock(w, b, inner, `${path}.content[${k}]`));
    else w.any(content, `${path}.content`, inner);
  }
  const source = block['source'];
  // Only image and document blocks may carry a binary payload unscanned: those are the blocks the
  // canonical parser lists as uninspected. Any other block's source is scanned whole.
  if (source !== undefined) anthropicSource(w, source, place, `${path}.source`, type === 'image' || type === 'document');
  w.rest(block, BLOCK_FIELDS, path, { ...place, surface: 'opaque' });
}

/** An image or document source: text data is content; URLs, ids and media types are fields. */
function anthropicSource(w: Walker, source: unknown, place: Place, path: string, binary: boolean): void {
  if (!isObject(source)) return w.text(source, place, path);
  if (source['type'] === 'text' && typeof source['data'] === 'string') {
    w.knownKeys(source, DATA, path, place);
    w.add(source['data'], place, `${path}.data`);
    w.rest(source, DATA, path, { ...place, surface: 'field' });
    return;
  }
  if (source['type'] === 'content' && Array.isArray(source['content'])) {
    w.knownKeys(source, CONTENT, path, place);
    source['content'].forEach((b, k) => anthropicBlock(w, b, place, `${path}.content[${k}]`));
    w.rest(source, CONTENT, path, { ...place, surface: 'field' });
    return;
  }
  w.any(source, path, { ...place, surface: 'field' }, binary);
}

const DATA = new Set(['data']);
const CONTENT = new Set(['content']);

// ---- OpenAI Chat Completions ----

const CHAT_TOP = new Set(['model', 'messages', 'tools', 'functions', 'stop']);
const CHAT_MESSAGE = new Set(['role', 'content', 'tool_calls', 'function_call', 'tool_call_id', 'name', 'reasoning_content', 'reasoning']);

function chat(w: Walker, body: Record<string, unknown>): void {
  const top: Place = { surface: 'opaque' };
  w.knownKeys(body, CHAT_TOP, '', top);
  w.field(body['model'], top, 'model');
  w.field(body['stop'], top, 'stop');
  const messages = body['messages'];
  if (Array.isArray(messages)) {
    messages.forEach((m, i) => {
      const path = `messages[${i}]`;
      if (!isObject(m)) return w.any(m, path, { surface: 'message-text', message: i });
      const role = m['role'];
      const surface: Surface = role === 'system' || role === 'developer' ? 'system' : role === 'tool' || role === 'function' ? 'tool-result' : 'message-text';
      const by = byModel(role);
      const place: Place = { surface, message: i, ...by };
      w.knownKeys(m, CHAT_MESSAGE, path, place);
      w.field(role, place, `${path}.role`);
      w.field(m['name'], place, `${path}.name`);
      w.field(m['tool_call_id'], place, `${path}.tool_call_id`);
      const content = m['content'];
      if (typeof content === 'string') w.add(content, { ...place, part: 0 }, `${path}.content`);
      else if (Array.isArray(content)) content.forEach((p, k) => openaiPart(w, p, { ...place, part: k }, `${path}.content[${k}]`));
      else w.any(content, `${path}.content`, place);
      const calls = m['tool_calls'];
      if (Array.isArray(calls)) calls.forEach((c, k) => chatCall(w, c, { surface: 'tool-call-arguments', message: i, part: k, ...by }, `${path}.tool_calls[${k}]`));
      else w.any(calls, `${path}.tool_calls`, { surface: 'field', message: i });
      chatCall(w, m['function_call'], { surface: 'tool-call-arguments', message: i, ...by }, `${path}.function_call`);
      // Reasoning some servers take back on assistant turns (vLLM, DeepSeek: `reasoning_content`).
      w.text(m['reasoning_content'], { surface: 'reasoning', message: i }, `${path}.reasoning_content`);
      w.text(m['reasoning'], { surface: 'reasoning', message: i }, `${path}.reasoning`);
      w.rest(m, CHAT_MESSAGE, path, { surface: 'opaque', message: i });
    });
  } else {
    w.any(messages, 'messages', { surface: 'message-text' });
  }
  w.any(body['tools'], 'tools', { surface: 'tool-definition' });
  w.any(body['functions'], 'functions', { surface: 'tool-definition' });
  w.rest(body, CHAT_TOP, '', top);
}

const CALL = new Set(['function', 'custom']);
const FUNCTION = new Set(['arguments', 'input']);

/** A Chat tool call (or legacy function_call): arguments are content, the rest (id, name, type) fields. */
function chatCall(w: Walker, call: unknown, place: Place, path: string): void {
  if (call === undefined) return;
  if (!isObject(call)) return w.field(call, place, path);
  for (const k in call) {
    const child = join(path, k);
    w.key(k, place, child);
    const v = call[k];
    if (CALL.has(k) && isObject(v)) {
      // `tool_calls[].function` / `.custom` hold name and arguments; legacy `function_call` has them at its top.
      for (const kk in v) {
        w.key(kk, place, join(child, kk));
        if (FUNCTION.has(kk)) w.text(v[kk], place, join(child, kk));
        else w.field(v[kk], place, join(child, kk));
      }
    } else if (FUNCTION.has(k)) w.text(v, place, child);
    else w.field(v, place, child);
  }
}

/** A content part of Chat or Responses: text-like fields are content, the rest fields. */
function openaiPart(w: Walker, part: unknown, place: Place, path: string): void {
  if (!isObject(part)) return w.text(part, place, path);
  // Only image and file parts may carry a binary payload unscanned (the canonical parsers list them as
  // uninspected); an unknown part's data URL is scanned like any string.
  const binary = typeof part['type'] === 'string' && BINARY_PARTS.has(part['type']);
  for (const k in part) {
    const child = join(path, k);
    w.key(k, place, child);
    const v = part[k];
    if (k === 'text' || k === 'refusal' || k === 'transcript') w.text(v, place, child);
    else w.any(v, child, { ...place, surface: 'field' }, binary); // image_url, file_data, ids, names
  }
}

const BINARY_PARTS = new Set(['image_url', 'file', 'input_image', 'input_file']);

// ---- OpenAI Responses ----

const RESPONSES_TOP = new Set(['model', 'instructions', 'input', 'tools']);

function responses(w: Walker, body: Record<string, unknown>): void {
  const top: Place = { surface: 'opaque' };
  w.knownKeys(body, RESPONSES_TOP, '', top);
  w.field(body['model'], top, 'model');
  w.text(body['instructions'], { surface: 'system', message: 0, part: 0 }, 'instructions');
  const input = body['input'];
  if (typeof input === 'string') w.add(input, { surface: 'message-text', message: 0, part: 0 }, 'input');
  else if (Array.isArray(input)) input.forEach((item, i) => responsesItem(w, item, i, `input[${i}]`));
  else w.any(input, 'input', { surface: 'message-text' });
  w.any(body['tools'], 'tools', { surface: 'tool-definition' });
  w.rest(body, RESPONSES_TOP, '', top);
}

/** Fields of Responses input items that hold content, by item type (everything else is a field). */
function itemSurface(type: unknown, role: unknown, key: string): Surface | undefined {
  switch (key) {
    case 'content':
      return type === 'reasoning' ? 'reasoning' : role === 'system' || role === 'developer' ? 'system' : 'message-text';
    case 'summary':
      return 'reasoning';
    case 'arguments':
    case 'input':
    case 'action':
      return 'tool-call-arguments';
    case 'output':
      return 'tool-result';
    default:
      return undefined;
  }
}

function responsesItem(w: Walker, item: unknown, i: number, path: string): void {
  if (!isObject(item)) return w.text(item, { surface: 'message-text', message: i }, path);
  const type = item['type'];
  const role = item['role'];
  for (const k in item) {
    const child = join(path, k);
    const surface = itemSurface(type, role, k);
    const place: Place = { surface: surface ?? 'field', message: i, ...byModel(role) };
    w.key(k, place, child);
    const v = item[k];
    if (surface === undefined) w.field(v, place, child);
    else if (Array.isArray(v) && (k === 'content' || k === 'summary' || k === 'output')) v.forEach((p, n) => openaiPart(w, p, { ...place, part: n }, `${child}[${n}]`));
    else w.text(v, place, child);
  }
}

/** Marks an assistant turn's strings (tool calls and reasoning are the model's by their surface). */
function byModel(role: unknown): { byModel?: true } {
  return role === 'assistant' ? { byModel: true } : {};
}

// ---- legacy completions and embeddings ----

const COMPLETIONS_TOP = new Set(['model', 'prompt', 'suffix', 'input', 'stop']);

function completions(w: Walker, body: Record<string, unknown>): void {
  const top: Place = { surface: 'opaque' };
  w.knownKeys(body, COMPLETIONS_TOP, '', top);
  w.field(body['model'], top, 'model');
  w.field(body['stop'], top, 'stop');
  for (const key of ['prompt', 'input'] as const) {
    const v = body[key];
    if (Array.isArray(v)) v.forEach((t, i) => w.text(t, { surface: 'prompt', message: i, part: 0 }, `${key}[${i}]`));
    else w.text(v, { surface: 'prompt', message: 0, part: 0 }, key);
  }
  w.text(body['suffix'], { surface: 'prompt' }, 'suffix');
  w.rest(body, COMPLETIONS_TOP, '', top);
}

// ---- query string and headers ----

/** The query string, raw and percent-decoded per parameter: a backend reads both forms. */
function query(w: Walker, search: string): void {
  const raw = search.startsWith('?') ? search.slice(1) : search;
  if (raw === '') return;
  w.add(raw, { surface: 'query' }, 'query');
  for (const pair of raw.split('&')) {
    const eq = pair.indexOf('=');
    const name = decodeQuery(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeQuery(pair.slice(eq + 1));
    if (name !== (eq < 0 ? pair : pair.slice(0, eq))) w.add(name, { surface: 'query' }, `query.${name}#key`);
    if (value !== pair.slice(eq + 1)) w.add(value, { surface: 'query' }, `query.${name}`);
  }
}

/** Percent-decoding as servers do (`+` is a space); a malformed escape is kept as written. */
function decodeQuery(text: string): string {
  const plus = text.replaceAll('+', ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  }
}

function headers(w: Walker, all: IncomingHttpHeaders, forwarded: readonly string[]): void {
  for (const [name, value] of Object.entries(all)) {
    if (value === undefined || (SKIPPED_HEADERS.has(name) && !forwarded.includes(name))) continue;
    w.add(Array.isArray(value) ? value.join(', ') : value, { surface: 'header' }, name);
  }
}

// ---- helpers ----

const JOINABLE_SURFACES = new Set<Surface>(['system', 'message-text', 'tool-result', 'tool-call-arguments', 'prompt', 'reasoning']);

function nonJoinable(surface: Surface): Surface {
  return JOINABLE_SURFACES.has(surface) ? 'field' : surface;
}

/** `path.key`, or `path["key"]` for a key that is not a plain name (so a path never reads as another). */
function join(path: string, key: string): string {
  if (!PLAIN_KEY.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Media types whose payload is binary: never text a detector could read. */
function isBinaryMediaType(type: string): boolean {
  const t = type.toLowerCase();
  return t.startsWith('image/') || t === 'application/pdf';
}

/** `{type: "base64", media_type: "image/png", data}`: the data is a binary payload. */
function isBinarySource(obj: Record<string, unknown>): boolean {
  const data = obj['data'];
  const media = obj['media_type'];
  return obj['type'] === 'base64' && typeof data === 'string' && data.length > BINARY_MIN && typeof media === 'string' && isBinaryMediaType(media);
}

/** `data:image/png;base64,…` and the like. */
function isBinaryDataUrl(text: string): boolean {
  if (text.length <= BINARY_MIN || !text.startsWith('data:')) return false;
  const end = text.indexOf(',');
  const semi = text.indexOf(';');
  const type = text.slice(5, semi > 0 && semi < end ? semi : end);
  return end > 0 && isBinaryMediaType(type);
}
