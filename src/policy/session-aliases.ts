/**
 * Other names of the session a request belongs to, beside its primary key (the conversation key that
 * also names its redaction vault). A session pinned internal must stay pinned however the client names
 * it on a later turn, so a pin is written under every name the request carries and a request is pinned
 * when any of its names is:
 *
 * - every session header it sends (Claude Code, Codex CLI — `session_id`, with an underscore —, opencode,
 *   others), not just the first one found;
 * - the session id inside Anthropic `metadata.user_id` (`user_…_account_…_session_<uuid>`, or a JSON
 *   object with `session_id`), which Claude Code sends beside its header;
 * - the OpenAI Responses `conversation` id and `previous_response_id`: a turn that continues a stored
 *   answer carries only its new input, so its conversation start (and so its primary key) is new every
 *   turn. Answers of a pinned Responses session are pinned under their response id (`responseAlias`).
 *
 * Every name is scoped to the principal: no caller can pin or unpin another's sessions. Names only ever
 * add pins (a request is kept internal more often, never less).
 */
export const SESSION_HEADERS = [
  'x-claude-code-session-id',
  'session-id',
  'session_id',
  'x-session-id',
  'x-session-affinity',
  'conversation_id',
  'conversation-id',
  'x-conversation-id',
] as const;

/** Most aliases taken from one request (headers can repeat; a request cannot make the pin lookup unbounded). */
const MAX_ALIASES = 16;
/** Longest id taken as a name (longer values are cut: a name only needs to be stable). */
const MAX_ID = 512;

export function sessionAliases(principalId: string, headers: Record<string, string | string[] | undefined>, json: Record<string, unknown> | undefined): string[] {
  const out = new Set<string>();
  for (const name of SESSION_HEADERS) {
    const value = headers[name];
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string' && v.trim() !== '') out.add(`${principalId}:h:${v.trim().slice(0, MAX_ID)}`);
    }
  }
  if (json !== undefined) {
    const session = metadataSession(json['metadata']);
    if (session !== undefined) out.add(`${principalId}:h:${session}`);
    const conversation = json['conversation'];
    const conversationId = typeof conversation === 'string' ? conversation : isObject(conversation) && typeof conversation['id'] === 'string' ? conversation['id'] : undefined;
    if (conversationId !== undefined && conversationId !== '') out.add(`${principalId}:conv:${conversationId.slice(0, MAX_ID)}`);
    const previous = json['previous_response_id'];
    if (typeof previous === 'string' && previous !== '') out.add(responseAlias(principalId, previous));
  }
  return [...out].slice(0, MAX_ALIASES);
}

/** The name an answered Responses turn gives its session: the next turn sends it as `previous_response_id`. */
export function responseAlias(principalId: string, responseId: string): string {
  return `${principalId}:r:${responseId.slice(0, MAX_ID)}`;
}

/** Claude Code's session id in `metadata.user_id` (either its `…_session_<id>` string or a JSON object). */
function metadataSession(metadata: unknown): string | undefined {
  if (!isObject(metadata)) return undefined;
  const userId = metadata['user_id'];
  if (typeof userId !== 'string') return undefined;
  const suffix = /_session_([0-9A-Za-z-]{8,128})$/.exec(userId);
  if (suffix) return suffix[1];
  if (userId.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(userId);
      if (isObject(parsed) && typeof parsed['session_id'] === 'string' && parsed['session_id'] !== '') return parsed['session_id'].slice(0, MAX_ID);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
