import type { Confidence } from '../../finding.ts';
import type { RefineInput, RuleSpec } from '../rule-set.ts';
import { rule } from './define.ts';

/** Cloud platforms: AWS, Google Cloud, Azure, and the other IaaS/PaaS providers. */

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

export const cloudRules: RuleSpec[] = [
  rule('sekisho-aws-access-key-id', 'AWS access key id', '\\b((?:AKIA|ASIA)[A-Z2-7]{16})\\b', ['akia', 'asia'], { refine: awsPair }),
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
  rule('sekisho-google-api-key', 'Google API key', '\\b(AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)', ['aiza'], { confidence: 'high' }),
];
