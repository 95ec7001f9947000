import type { RuleSpec } from '../rule-set.ts';
import { hasValidChecksum as hasValidKeyChecksum, KEY_PATTERN_SOURCE, KEY_PREFIX } from '../../../identity/key-format.ts';
import { rule } from './define.ts';

/** Sekisho's own gateway keys: a leaked one is a high-confidence finding like any vendor's. */

export const sekishoRules: RuleSpec[] = [
  // The format is defined once in identity/key-format.ts; a bad checksum is a random string, not a key.
  rule('sekisho-gateway-key', 'Sekisho gateway key', KEY_PATTERN_SOURCE, [KEY_PREFIX], {
    refine: ({ value }) => (hasValidKeyChecksum(value) ? 'high' : null),
  }),
];
