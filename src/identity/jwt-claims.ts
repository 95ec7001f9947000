/**
 * Registered-claim checks for an OIDC access or ID token (RFC 7519 §4.1), after its signature
 * verified: the exact issuer, our audience among `aud`, and the validity window with a small clock
 * skew. `exp` is required (a token that never expires is refused); `sub` is required because it is
 * the principal's stable id.
 */

/** What the checks compare against. */
export interface ClaimExpectations {
  issuer: string;
  audience: string;
  /** Tolerated clock difference with the identity provider, seconds. */
  clockSkewSeconds: number;
  /** Now, in seconds since the epoch. */
  nowSeconds: number;
}

/** Why a token's claims were refused; the message is safe to show (no claim values echoed but names). */
export class ClaimError extends Error {
  override name = 'ClaimError';
  readonly reason: 'expired' | 'not-yet-valid' | 'issuer' | 'audience' | 'missing';
  constructor(reason: ClaimError['reason'], message: string) {
    super(message);
    this.reason = reason;
  }
}

/** Throws ClaimError for the first failed check; returns the subject. */
export function checkClaims(claims: Record<string, unknown>, expect: ClaimExpectations): string {
  const { nowSeconds: now, clockSkewSeconds: skew } = expect;
  if (claims.iss !== expect.issuer) throw new ClaimError('issuer', 'the token was issued by a different identity provider (iss does not match)');
  const aud = claims.aud;
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.includes(expect.audience)) throw new ClaimError('audience', `the token is not meant for this gateway (aud does not contain "${expect.audience}")`);
  const exp = claims.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new ClaimError('missing', 'the token has no expiry (exp)');
  if (now >= exp + skew) throw new ClaimError('expired', 'the token has expired; get a new one from your identity provider');
  const nbf = claims.nbf;
  if (nbf !== undefined && (typeof nbf !== 'number' || now + skew < nbf)) throw new ClaimError('not-yet-valid', 'the token is not valid yet (nbf is in the future)');
  const iat = claims.iat;
  if (iat !== undefined && (typeof iat !== 'number' || iat > now + skew)) throw new ClaimError('not-yet-valid', 'the token was issued in the future (iat); check the clocks');
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub === '') throw new ClaimError('missing', 'the token has no subject (sub)');
  return sub;
}
