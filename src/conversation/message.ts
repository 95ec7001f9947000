import type { ContentPart, Extensions } from './content-part.ts';

/**
 * Who said it. `system` and `developer` are instructions; clients send them at the top level
 * (Anthropic `system`, Responses `instructions`) or inline (Chat `role: system`, Claude Code's
 * `role: "system"` message inside `messages`, Responses `developer` items). `tool` is a Chat-style
 * message holding tool results; parsers put tool results in `tool` messages, renderers regroup them
 * as the target dialect needs (Anthropic: inside a `user` message).
 */
export type Role = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

export interface Message {
  role: Role;
  content: ContentPart[];
  /** Wire fields of the message we do not model (e.g. Chat `name`, Responses item `id`/`status`). */
  extensions?: Extensions;
}
