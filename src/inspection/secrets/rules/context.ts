import type { Confidence } from '../../finding.ts';
import type { RefineInput, RuleSpec } from '../rule-set.ts';
import { rule } from './define.ts';

/**
 * Credentials recognised by their context rather than their vendor: values assigned to secret-like
 * names, URLs with credentials, authorization headers, credential files. Optional: high entropy alone.
 */

/**
 * Code is full of constants named after secrets whose values are names, not secrets:
 * `GRANT_TYPE_REFRESH_TOKEN = "refresh_token"`, `token_type = 'mime-version'`. A value that is only words
 * joined by `.`, `_` or `-`, or that repeats the name it is assigned to, is not reported (bench:scan found
 * every sampled false positive of this rule was one of these, and no planted secret).
 */
function notAnIdentifier({ value, text, start }: RefineInput): Confidence | null {
  if (/^[a-z]+(?:[._-][a-z]+)*$/i.test(value)) return null;
  const name = text.slice(start, text.indexOf(value, start)).replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  if (name.length > 0 && name.includes(value.replace(/[^A-Za-z0-9]/g, '').toLowerCase())) return null;
  return 'medium';
}

export interface ContextOptions {
  /** Add `sekisho-high-entropy-string` (low confidence, noisy on code). */
  highEntropy?: boolean;
}

export function contextRules(options: ContextOptions = {}): RuleSpec[] {
  const rules: RuleSpec[] = [
    rule(
      'sekisho-generic-assignment',
      'Secret-looking value assigned to a password/secret/token/API key name',
      '(?i)\\b[\\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)[\\w.-]*["\']?[ \\t]*(?:=|:=|:|=>)[ \\t]*["\'`]([^"\'`\\s]{8,200})["\'`]',
      ['password', 'passwd', 'pwd', 'secret', 'token', 'api_key', 'api-key', 'apikey', 'access_key', 'access-key', 'accesskey', 'private_key', 'private-key', 'privatekey'],
      { entropy: 3.0, refine: notAnIdentifier },
    ),
  ];
  if (options.highEntropy === true) {
    rules.push(rule('sekisho-high-entropy-string', 'High-entropy string', '(?:^|[^0-9A-Za-z+/_=-])([0-9A-Za-z+/_-]{32,256}={0,2})(?:[^0-9A-Za-z+/_=-]|$)', [], { entropy: 4.5, confidence: 'low', keywordInMatch: false }));
  }
  return rules;
}
