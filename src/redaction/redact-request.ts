import type { ContentPart, ConversationRequest, Message } from '../conversation/index.ts';
import { member, parseJsonSpans, rewriteJsonStrings, stringMember, type JsonNode } from '../util/json-spans.ts';

/**
 * Replaces sensitive strings by their placeholders, everywhere they occur in a request: in the
 * canonical conversation (used when translating) and in the raw JSON body (sent on passthrough, where
 * only the string literals that change are re-encoded). Signed reasoning (Anthropic `thinking` /
 * `redacted_thinking`) is never modified — the backend would reject the signature — so a value found
 * only there is reported as unredactable.
 */
export interface Replacements {
  /** original → placeholder; the plain and the JSON-escaped forms (per nesting level) of an original. */
  map: Map<string, string>;
  /** Originals, longest first, so a value containing another is replaced whole. */
  order: string[];
}

/**
 * JSON-escaping levels for which forms of a value are added: a value found inside JSON inside a JSON
 * string (a tool call writing a config file) sits escaped once per level in the body's strings.
 */
const ESCAPE_LEVELS = 4;

export function buildReplacements(pairs: Iterable<[original: string, placeholder: string]>): Replacements {
  const map = new Map<string, string>();
  for (const [original, placeholder] of pairs) {
    if (original === '') continue;
    map.set(original, placeholder);
    // Inside JSON text (tool-call arguments) the same value appears escaped, once per nesting level.
    let escaped = original;
    for (let level = 0; level < ESCAPE_LEVELS; level++) {
      const next = JSON.stringify(escaped).slice(1, -1);
      if (next === escaped) break;
      map.set(next, placeholder);
      escaped = next;
    }
    // And a value found inside JSON text (a tool input scanned as its serialisation) appears unescaped
    // in the body's decoded strings.
    let plain: string | undefined = original;
    for (let level = 0; level < ESCAPE_LEVELS; level++) {
      const next: string | undefined = unescapeJson(plain);
      if (next === undefined || next === plain || next === '') break;
      map.set(next, placeholder);
      plain = next;
    }
  }
  const order = [...map.keys()].sort((a, b) => b.length - a.length);
  return { map, order };
}

/** `text` read as the inside of a JSON string literal, when it is one. */
function unescapeJson(text: string): string | undefined {
  if (!text.includes('\\')) return undefined;
  try {
    const value: unknown = JSON.parse(`"${text}"`);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A number whose decimal text holds an original (a My Number or card number sent as a JSON number):
 * the placeholder cannot be a number, so the redacted value is a string. Undefined when unchanged.
 * This is the same text inspection scanned (wire-surfaces reads a number as `String(value)`).
 */
export function replaceInNumber(value: number, r: Replacements): string | undefined {
  const digits = String(value);
  const next = replaceAll(digits, r);
  return next === digits ? undefined : next;
}

/** `text` with every original replaced. */
export function replaceAll(text: string, r: Replacements): string {
  let out = text;
  for (const original of r.order) {
    if (out.includes(original)) out = out.replaceAll(original, r.map.get(original)!);
  }
  return out;
}

export interface RedactedRequest {
  conversation: ConversationRequest;
  /** Signed reasoning still holds a sensitive value (it could not be changed). */
  unredactable: boolean;
}

export function redactConversation(request: ConversationRequest, r: Replacements): RedactedRequest {
  let unredactable = false;
  // Every string of the canonical request, keys included — model, stop sequences, tool names and ids,
  // tool_choice, URLs, extensions — not a list of known fields: whatever a renderer copies into a
  // translated body must be the redacted text. Only signed reasoning is left as it is.
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return replaceAll(value, r);
    if (typeof value === 'number') return replaceInNumber(value, r) ?? value;
    if (depth > 512) throw new Error('the request is nested too deeply to redact');
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    if (value !== null && typeof value === 'object') {
      if (isSignedReasoning(value as ContentPart)) {
        if (JSON.stringify(replaceInValue(value, r)) !== JSON.stringify(value)) unredactable = true;
        return value;
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[replaceAll(k, r)] = walk(v, depth + 1);
      return out;
    }
    return value;
  };
  return { conversation: walk(request, 0) as ConversationRequest, unredactable };
}

/** Reasoning a backend verifies (an Anthropic signature, opaque encrypted content): never edited. */
function isSignedReasoning(part: ContentPart): boolean {
  return part.type === 'reasoning' && (part.signature !== undefined || part.opaque !== undefined);
}

/** Which wire dialect a body is in, as far as signed content is concerned. */
export type BodyApi = 'messages' | 'count_tokens' | 'chat' | 'responses' | 'completions' | 'embeddings';

export interface RedactedBody {
  text: string;
  /** Signed content still holds a sensitive value (it could not be changed). */
  unredactable: boolean;
}

/**
 * The raw body with originals replaced in every string literal, keys included, at any depth — exactly
 * what is forwarded. A number literal whose digits hold an original becomes the placeholder string. Only genuinely signed content is left as it is, since the backend checks it:
 * an Anthropic `thinking` block with a `signature` or a `redacted_thinking` block where content blocks
 * sit (`messages[i].content[j]`), and a Responses reasoning item's `encrypted_content`. An object that
 * merely says `"type": "thinking"` anywhere else (metadata, a tool input) is ordinary data and is
 * rewritten like everything else.
 */
export function redactBody(bodyText: string, r: Replacements, api: BodyApi): RedactedBody {
  const root = parseJsonSpans(bodyText);
  const signed = signedNodes(root, api);
  let unredactable = false;
  const replace = (value: string): string | undefined => {
    const next = replaceAll(value, r);
    return next === value ? undefined : next;
  };
  const text = rewriteJsonStrings(bodyText, root, replace, (node) => {
    if (!signed.has(node)) return false;
    if (!unredactable && rewriteJsonStrings(bodyText, node, replace) !== bodyText) unredactable = true;
    return true;
  });
  return { text, unredactable };
}

/** The nodes of a body that carry a signature or encryption the backend verifies. */
function signedNodes(root: JsonNode, api: BodyApi): Set<JsonNode> {
  const out = new Set<JsonNode>();
  if (root.kind !== 'object') return out;
  if (api === 'messages' || api === 'count_tokens') {
    const messages = member(root, 'messages');
    if (messages?.kind !== 'array') return out;
    for (const m of messages.items) {
      const content = m.kind === 'object' ? member(m, 'content') : undefined;
      if (content?.kind !== 'array') continue;
      for (const block of content.items) {
        if (block.kind !== 'object') continue;
        const type = stringMember(block, 'type');
        if ((type === 'thinking' && member(block, 'signature')?.kind === 'string') || type === 'redacted_thinking') out.add(block);
      }
    }
  } else if (api === 'responses') {
    const input = member(root, 'input');
    if (input?.kind !== 'array') return out;
    for (const item of input.items) {
      if (item.kind !== 'object' || stringMember(item, 'type') !== 'reasoning') continue;
      const encrypted = member(item, 'encrypted_content');
      if (encrypted?.kind === 'string') out.add(encrypted);
    }
  }
  return out;
}

/** Every string inside a JSON-like value with originals replaced (keys included). */
function replaceInValue(value: unknown, r: Replacements): unknown {
  if (typeof value === 'string') return replaceAll(value, r);
  if (typeof value === 'number') return replaceInNumber(value, r) ?? value;
  if (Array.isArray(value)) return value.map((v) => replaceInValue(v, r));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[replaceAll(k, r)] = replaceInValue(v, r);
    return out;
  }
  return value;
}
