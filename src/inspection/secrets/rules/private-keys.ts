import type { Confidence } from '../../finding.ts';
import type { RefineInput, RuleSpec } from '../rule-set.ts';
import { rule } from './define.ts';

/** Cryptographic material: private keys in every container format, signed tokens (JWT), wallets. */

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

export const privateKeyRules: RuleSpec[] = [
  rule('sekisho-jwt', 'JSON Web Token', '\\b(eyJ[0-9A-Za-z_-]{8,}\\.[0-9A-Za-z_-]{8,}\\.[0-9A-Za-z_-]{8,})', ['eyj'], { refine: jwtHeader }),
  rule('sekisho-private-key', 'PEM private key block', '-----BEGIN[ A-Z0-9]*PRIVATE KEY-----(?s:.){16,}?-----END[ A-Z0-9]*PRIVATE KEY-----', ['-----begin'], { refine: pemPair, wholeText: true }),
];
