import { createHmac } from 'node:crypto';
import { hmacKey } from '../util/hmac-key.ts';

/**
 * Placeholders that stand in for redacted values. Shape: `REDACTED_<RULE>_<10 hex>`, only
 * `[A-Z0-9_]`, so it stays valid wherever the value was: inside a quoted string (no quote or backslash
 * to escape), in an env file, a URL, or code. Deterministic per conversation: the same value gets the
 * same placeholder every turn, so the prompt prefix stays byte-identical turn to turn and backend
 * prefix caches keep working; another conversation gets a different one.
 */
export const PLACEHOLDER_PREFIX = 'REDACTED_';

/** Longest placeholder: prefix + rule (capped at 40) + `_` + 10 hex. Restorers never buffer more. */
export const MAX_PLACEHOLDER_LENGTH = PLACEHOLDER_PREFIX.length + 40 + 1 + 10;

export function makePlaceholder(ruleId: string, value: string, conversationKey: string, key: Buffer): string {
  const rule = ruleId.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'VALUE';
  const tag = createHmac('sha256', hmacKey(key)).update(conversationKey).update('\0').update(value).digest('hex').slice(0, 10).toUpperCase();
  return `${PLACEHOLDER_PREFIX}${rule}_${tag}`;
}
