import type { ContentPart, Message, Role } from '../../conversation/index.ts';
import type { ParseResult } from '../protocol.ts';
import { parseBlock } from './parse-block.ts';
import { isObject, restOf } from './wire.ts';

function fail(param: string, message: string): { ok: false; message: string; param: string } {
  return { ok: false, message: `${param}: ${message}`, param };
}

/** String or block-array content -> parts. Records tool_use ids -> names in `toolNames`. */
export function parseContent(
  value: unknown,
  param: string,
  toolNames: Map<string, string>,
): ParseResult<ContentPart[]> {
  if (typeof value === 'string') return { ok: true, value: [{ type: 'text', text: value }] };
  if (!Array.isArray(value)) return fail(param, 'must be a string or an array of content blocks');
  const parts: ContentPart[] = [];
  for (let i = 0; i < value.length; i++) {
    const r = parseBlock(value[i], `${param}[${i}]`, toolNames);
    if (!r.ok) return r;
    if (r.value.type === 'tool-call') toolNames.set(r.value.id, r.value.name);
    parts.push(r.value);
  }
  return { ok: true, value: parts };
}

/**
 * Splits a user turn so tool results sit in canonical `tool` messages (as the model requires) and
 * everything else stays `user`, keeping the client's order.
 */
function splitUserTurn(parts: ContentPart[]): Message[] {
  const out: Message[] = [];
  for (const part of parts) {
    const role: Role = part.type === 'tool-result' ? 'tool' : 'user';
    const last = out[out.length - 1];
    if (last !== undefined && last.role === role) last.content.push(part);
    else out.push({ role, content: [part] });
  }
  if (out.length === 0) out.push({ role: 'user', content: [] });
  return out;
}

/**
 * Anthropic `messages` -> canonical messages. Roles user/assistant and also inline `system` (Claude
 * Code sends one after the first user message): it stays a `system` message in place. Unknown fields
 * of a message go into its extensions.
 */
export function parseMessages(value: unknown): ParseResult<Message[]> {
  if (!Array.isArray(value)) return fail('messages', 'must be an array');
  const toolNames = new Map<string, string>();
  const out: Message[] = [];
  for (let i = 0; i < value.length; i++) {
    const param = `messages[${i}]`;
    const msg: unknown = value[i];
    if (!isObject(msg)) return fail(param, 'must be an object');
    const role = msg['role'];
    if (role !== 'user' && role !== 'assistant' && role !== 'system') {
      return fail(`${param}.role`, 'must be one of "user", "assistant", "system"');
    }
    const content = parseContent(msg['content'], `${param}.content`, toolNames);
    if (!content.ok) return content;
    const produced: Message[] = role === 'user' ? splitUserTurn(content.value) : [{ role, content: content.value }];
    const ext = restOf(msg, ['role', 'content']);
    if (ext && produced[0] !== undefined) produced[0].extensions = ext;
    out.push(...produced);
  }
  return { ok: true, value: out };
}

/** Top-level `system` (string or text blocks) -> one canonical system message; absent -> none. */
export function parseSystem(value: unknown): ParseResult<Message[]> {
  if (value === undefined || value === null) return { ok: true, value: [] };
  const content = parseContent(value, 'system', new Map());
  if (!content.ok) return content;
  return { ok: true, value: [{ role: 'system', content: content.value }] };
}
