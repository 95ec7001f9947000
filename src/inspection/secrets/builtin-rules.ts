import type { Confidence } from '../finding.ts';
import { hasCrc32Base62Suffix } from './checksum.ts';
import type { RefineInput, RuleSpec } from './rule-set.ts';
import { hasValidChecksum as hasValidKeyChecksum, KEY_PATTERN_SOURCE, KEY_PREFIX } from '../../identity/key-format.ts';

/**
 * Why: Sekisho's own rules, written by us, for the secrets that leak most from coding agents. Unlike the
 * gitleaks set, each carries a confidence tier that policy can act on: high = distinctive prefix plus a
 * checksum or structure we verify, medium = keyword + assignment + entropy (or a prefix we cannot
 * verify), low = entropy only (off unless asked for).
 */
export interface BuiltinOptions {
  /** Add `high-entropy-string` (low confidence, noisy on code). */
  highEntropy?: boolean;
}

/**
 * `keywordInMatch`: every built-in regex spells one of its keywords inside any match (`gh[pousr]_` is
 * `ghp_`…`ghr_`, `(?:AKIA|ASIA)`, `xox[abposr]-`, the generic rule's `password|…|api[_-]?key|…` is its
 * keyword list), with the same case folding as the keyword gate (`(?i)` folds `ſ` and the Kelvin sign,
 * which the gate reads as `s` and `k`). Keep it true only for rules where that holds.
 */
function rule(id: string, description: string, regex: string, keywords: string[], extra: Partial<RuleSpec> = {}): RuleSpec {
  return { id, description, regex, keywords, secretGroup: 0, entropy: 0, tags: ['sekisho'], allowlists: [], confidence: 'medium', keywordInMatch: true, ...extra };
}

const GITHUB_CHECKED = ({ value }: RefineInput): Confidence => (hasCrc32Base62Suffix(value) ? 'high' : 'medium');

/** An AWS key id is high when a 40-character secret key sits within 300 characters of it. */
function awsPair({ text, start, end }: RefineInput): Confidence {
  const around = text.slice(Math.max(0, start - 300), Math.min(text.length, end + 300));
  return /(?:^|[^A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/.test(around) ? 'high' : 'medium';
}

/** High when the value (or, at 54–56 characters, its base64 decoding) has the key's shape: 40 characters of upper, lower and digits. */
function awsSecretShape({ value }: RefineInput): Confidence {
  const key = value.length === 40 ? value : Buffer.from(value, 'base64').toString('latin1');
  return /^[A-Za-z0-9/+]{40}$/.test(key) && /[A-Z]/.test(key) && /[a-z]/.test(key) && /[0-9]/.test(key) ? 'high' : 'medium';
}

/** A JWT is high when its header is base64url JSON naming an `alg`; otherwise it is not reported. */
function jwtHeader({ value }: RefineInput): Confidence | null {
  try {
    const header: unknown = JSON.parse(Buffer.from(value.slice(0, value.indexOf('.')), 'base64url').toString('utf8'));
    return header !== null && typeof header === 'object' && typeof (header as Record<string, unknown>)['alg'] === 'string' ? 'high' : null;
  } catch {
    return null;
  }
}

/** A PEM block is high when its BEGIN and END labels agree. */
function pemPair({ value }: RefineInput): Confidence {
  const labels = [...value.matchAll(/-----(?:BEGIN|END) ([A-Z0-9 ]*PRIVATE KEY)-----/g)].map((m) => m[1]);
  return labels.length === 2 && labels[0] === labels[1] ? 'high' : 'medium';
}

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

export function builtinRules(options: BuiltinOptions = {}): RuleSpec[] {
  const rules: RuleSpec[] = [
    rule('sekisho-github-token', 'GitHub token (classic PAT, OAuth, user/server-to-server, refresh)', '\\b(gh[pousr]_[0-9A-Za-z]{36})\\b', ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], { refine: GITHUB_CHECKED }),
    rule('sekisho-github-fine-grained-pat', 'GitHub fine-grained personal access token', '\\b(github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59})\\b', ['github_pat_'], { confidence: 'high' }),
    rule('sekisho-aws-access-key-id', 'AWS access key id', '\\b((?:AKIA|ASIA)[A-Z2-7]{16})\\b', ['akia', 'asia'], { refine: awsPair }),
    rule('sekisho-jwt', 'JSON Web Token', '\\b(eyJ[0-9A-Za-z_-]{8,}\\.[0-9A-Za-z_-]{8,}\\.[0-9A-Za-z_-]{8,})', ['eyj'], { refine: jwtHeader }),
    rule('sekisho-private-key', 'PEM private key block', '-----BEGIN[ A-Z0-9]*PRIVATE KEY-----(?s:.){16,}?-----END[ A-Z0-9]*PRIVATE KEY-----', ['-----begin'], { refine: pemPair, wholeText: true }),
    rule('sekisho-slack-token', 'Slack token', '\\b(xox[abposr]-(?:[0-9]{8,13}-){1,2}[0-9A-Za-z-]{16,64})\\b', ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-'], { confidence: 'high' }),
    rule('sekisho-stripe-key', 'Stripe secret or restricted key', '\\b((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,99})\\b', ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'], { confidence: 'high' }),
    rule('sekisho-google-api-key', 'Google API key', '\\b(AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)', ['aiza'], { confidence: 'high' }),
    rule('sekisho-openai-key', 'OpenAI API key', '\\b(sk-(?:(?:proj|svcacct|admin)-)?[0-9A-Za-z_-]{16,}T3BlbkFJ[0-9A-Za-z_-]{16,})', ['t3blbkfj'], { confidence: 'high' }),
    rule('sekisho-anthropic-key', 'Anthropic API key', '\\b(sk-ant-(?:api|admin)[0-9]{2}-[0-9A-Za-z_-]{80,100}AA)(?:[^0-9A-Za-z_-]|$)', ['sk-ant-'], { confidence: 'high' }),
    // The format is defined once in identity/key-format.ts; a bad checksum is a random string, not a key.
    rule('sekisho-gateway-key', 'Sekisho gateway key', KEY_PATTERN_SOURCE, [KEY_PREFIX], {
      refine: ({ value }) => (hasValidKeyChecksum(value) ? 'high' : null),
    }),
    // The secret key has no prefix of its own; its name is what marks it. Unquoted values count
    // (`~/.aws/credentials`, env files), and the value may be base64 of the key (a Kubernetes Secret's
    // `data:`), which is what gets redacted then.
    rule(
      'sekisho-aws-secret-access-key',
      'AWS secret access key assigned to its name',
      '(?i)\\b(?:aws[_-]?)?secret[_-]?access[_-]?key["\']?[ \\t]*(?:=|:=|:|=>)[ \\t]*["\']?([A-Za-z0-9/+]{40}(?:[A-Za-z0-9/+]{14}==|[A-Za-z0-9/+]{16})?)(?:[^A-Za-z0-9/+=]|$)',
      ['secret'],
      { entropy: 3.5, refine: awsSecretShape },
    ),
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
