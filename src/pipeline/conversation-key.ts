import { createHash } from 'node:crypto';
import type { RequestContext } from './context.ts';
import type { Message } from '../conversation/index.ts';
import { sessionAliases } from '../policy/session-aliases.ts';

/** Session headers real clients send: Claude Code, Codex CLI, opencode. */
const SESSION_HEADERS = ['x-claude-code-session-id', 'session-id', 'x-session-id', 'x-session-affinity'];

/**
 * A stable id for the conversation a request belongs to: the client's session id header when there is
 * one, else a hash of how the conversation starts (its instructions and first user message), which
 * stays the same as the client resends the growing history every turn. Always scoped to the principal,
 * so two callers never share redaction vaults or sticky routes.
 */
export function conversationKey(ctx: RequestContext): string {
  for (const name of SESSION_HEADERS) {
    const value = ctx.req.headers[name];
    if (typeof value === 'string' && value !== '') return `${ctx.principal.id}:h:${name}:${value}`;
  }
  return startKey(ctx);
}

/** The key of how the conversation starts (instructions and first user message), scoped to the principal. */
function startKey(ctx: RequestContext): string {
  const hash = createHash('sha256');
  const conversation = ctx.conversation;
  if (conversation) {
    for (const m of conversation.system) hashMessage(hash, m);
    const firstUser = conversation.messages.find((m) => m.role === 'user');
    for (const m of conversation.messages) {
      if (m === firstUser) break;
      hashMessage(hash, m);
    }
    if (firstUser) hashMessage(hash, firstUser);
  }
  return `${ctx.principal.id}:c:${hash.digest('hex').slice(0, 32)}`;
}

/**
 * Every name of the request's session for sticky pins: its conversation key first, then the other ids it
 * carries (policy/session-aliases.ts). A pin is written under all of them and found under any of them, so
 * changing one (a new session header, a dropped header, a compacted history, `previous_response_id`)
 * does not release a pinned session. A turn that is internal only because its session was pinned
 * (`sticky:`) re-pins its ids but not its conversation start (`start: false`): another session of the
 * caller that happens to start the same way ("continue") is not pulled in by a later turn's start; the
 * start of the turn that matched the rule is pinned, and a resumed conversation resends that start.
 */
export function sessionNames(ctx: RequestContext, options: { start: boolean } = { start: true }): string[] {
  let names = computed.get(ctx);
  if (names === undefined) {
    // First computed by the decide stage, before redaction rewrites the conversation: every later
    // call (enforce, after redacting) sees the same names.
    const key = (ctx.sessionKey ??= conversationKey(ctx));
    const start = startKey(ctx);
    names = { key, start, aliases: sessionAliases(ctx.principal.id, ctx.req.headers, asObject(ctx.json)) };
    computed.set(ctx, names);
  }
  const { key, start, aliases } = names;
  if (!options.start) return [...(start === key ? [] : [key]), ...aliases];
  return [key, ...(start === key ? [] : [start]), ...aliases];
}
const computed = new WeakMap<RequestContext, { key: string; start: string; aliases: string[] }>();

function asObject(json: unknown): Record<string, unknown> | undefined {
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
}

function hashMessage(hash: ReturnType<typeof createHash>, message: Message): void {
  hash.update(message.role);
  for (const part of message.content) {
    if (part.type === 'text') hash.update('\0').update(part.text);
  }
}
