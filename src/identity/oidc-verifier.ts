/**
 * Verifies an OIDC bearer token end to end: decode, algorithm on the allowed list, key from the JWKS
 * (by `kid`, refetching once on an unknown one), signature, then registered claims. Each refusal is a
 * `TokenRefused` with a reason the developer can act on; a JWKS that cannot be loaded is a
 * `JwksUnavailableError` (the caller answers 503, never anonymous).
 */
import type { JsonWebKey } from 'node:crypto';
import { decodeJwt, JwtFormatError } from './jwt.ts';
import { importPublicJwk, isJwsAlgorithm, jwkFitsAlgorithm, verifyJws, type JwsAlgorithm } from './jws-verify.ts';
import { checkClaims, ClaimError } from './jwt-claims.ts';
import { JwksCache, type JwksSource } from './jwks.ts';

export interface OidcVerifierOptions {
  issuer: string;
  audience: string;
  jwks: JwksSource;
  /** Accepted `alg` values (asymmetric only; see jws-verify.ts). */
  algorithms: readonly JwsAlgorithm[];
  clockSkewMs: number;
  jwksCacheTtlMs: number;
  jwksMinRefetchMs: number;
  now?: () => number;
}

/** A token that does not verify; `message` says why without echoing the token. */
export class TokenRefused extends Error {
  override name = 'TokenRefused';
}

/** A verified token: its subject and all its claims. */
export interface VerifiedToken {
  subject: string;
  claims: Record<string, unknown>;
}

export class OidcVerifier {
  readonly #options: OidcVerifierOptions;
  readonly #now: () => number;
  /** The key cache (exposed for tests that count loads). */
  readonly jwks: JwksCache;

  constructor(options: OidcVerifierOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.jwks = new JwksCache(options.jwks, { ttlMs: options.jwksCacheTtlMs, minRefetchMs: options.jwksMinRefetchMs, now: this.#now });
  }

  /** Verifies `token`; throws TokenRefused or JwksUnavailableError. */
  async verify(token: string): Promise<VerifiedToken> {
    let decoded;
    try {
      decoded = decodeJwt(token);
    } catch (err) {
      if (err instanceof JwtFormatError) throw new TokenRefused(`the bearer token is not a valid JWT: ${err.message}`);
      throw err;
    }
    const { header } = decoded;
    const alg = header.alg;
    if (!isJwsAlgorithm(alg) || !this.#options.algorithms.includes(alg)) {
      throw new TokenRefused(`the token's signing algorithm ${typeof alg === 'string' ? `"${alg.slice(0, 16)}"` : '(none)'} is not accepted (allowed: ${this.#options.algorithms.join(', ')})`);
    }
    if (header.crit !== undefined) throw new TokenRefused('the token uses critical header extensions this gateway does not understand');
    const kid = typeof header.kid === 'string' ? header.kid : undefined;
    let jwk = pickKey(await this.jwks.keys(), alg, kid);
    if (jwk === undefined) jwk = pickKey(await this.jwks.refreshForUnknownKid(), alg, kid);
    if (jwk === undefined) throw new TokenRefused(kid === undefined ? 'no key of the identity provider fits this token' : 'the token was signed with a key the identity provider does not publish (unknown kid)');
    let key;
    try {
      key = importPublicJwk(jwk);
    } catch {
      throw new TokenRefused('the identity provider key for this token is unusable');
    }
    if (!verifyJws(alg, key, decoded.signingInput, decoded.signature)) throw new TokenRefused('the token signature is invalid');
    try {
      const subject = checkClaims(decoded.payload, {
        issuer: this.#options.issuer,
        audience: this.#options.audience,
        clockSkewSeconds: this.#options.clockSkewMs / 1000,
        nowSeconds: this.#now() / 1000,
      });
      return { subject, claims: decoded.payload };
    } catch (err) {
      if (err instanceof ClaimError) throw new TokenRefused(err.message);
      throw err;
    }
  }
}

/**
 * The key for a token: with a `kid`, the key with that id (and it must fit the algorithm); without
 * one, only when exactly one key of the set fits (guessing among several is not verification).
 */
function pickKey(keys: JsonWebKey[], alg: JwsAlgorithm, kid: string | undefined): JsonWebKey | undefined {
  if (kid !== undefined) {
    const key = keys.find((k) => k.kid === kid);
    return key !== undefined && jwkFitsAlgorithm(key, alg) ? key : undefined;
  }
  const fitting = keys.filter((k) => jwkFitsAlgorithm(k, alg));
  return fitting.length === 1 ? fitting[0] : undefined;
}
