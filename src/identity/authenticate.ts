/**
 * Credential → Principal. Clients send their credential as `x-api-key` (Anthropic style) or
 * `Authorization: Bearer` (OpenAI style, Claude Code's ANTHROPIC_AUTH_TOKEN); both are read.
 *
 * - `sks_…` is a Sekisho key and must verify as one: a bad checksum, unknown, revoked or expired key
 *   is refused (401) and never falls back to anonymous.
 * - A JWT, when OIDC is configured, must verify against the provider (401 with the reason; 503 when
 *   its keys cannot be loaded — fail closed).
 * - Anything else (tools insist on *some* key, e.g. `sk-local`) or nothing is the anonymous principal
 *   when `auth.anonymous` allows it, else 401.
 * The credential's value is never logged, stored or echoed.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { createHmac } from 'node:crypto';
import type { AuthConfig } from '../config/types.ts';
import { GatewayError, gatewayError } from '../errors.ts';
import { hmacKey } from '../util/hmac-key.ts';
import type { Principal } from '../domain/principal.ts';
import { looksLikeKey, parseKey } from './key-format.ts';
import type { KeyRecord, KeyRefusal, KeyStore } from './key-store.ts';
import { decodeJwt, looksLikeJwt } from './jwt.ts';
import { OidcVerifier, TokenRefused } from './oidc-verifier.ts';
import { JwksUnavailableError } from './jwks.ts';
import { principalFromClaims } from './claims-principal.ts';

/** A credential as presented, and the header that carried it. */
export interface PresentedCredential {
  value: string;
  via: 'x-api-key' | 'bearer';
}

/** The credentials in a request's headers, `x-api-key` first. */
export function presentedCredentials(headers: IncomingHttpHeaders): PresentedCredential[] {
  const out: PresentedCredential[] = [];
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') out.push({ value: apiKey.trim(), via: 'x-api-key' });
  const auth = headers.authorization;
  const bearer = typeof auth === 'string' ? /^bearer[ \t]+(\S+)[ \t]*$/i.exec(auth) : null;
  if (bearer) out.push({ value: bearer[1]!, via: 'bearer' });
  return out;
}

const KEY_MESSAGES: Record<KeyRefusal, (id?: string) => string> = {
  malformed: () => 'The API key starts with sks_ but is not a complete Sekisho key; check that it was copied whole',
  checksum: () => 'The Sekisho key is mistyped or truncated (its checksum does not match); copy it again',
  unknown: () => 'The Sekisho key is not known to this gateway; ask your platform team for a key (sekisho keys create)',
  revoked: (id) => `The Sekisho key ${id ?? ''} has been revoked; ask your platform team for a new one`,
  expired: (id) => `The Sekisho key ${id ?? ''} has expired; ask your platform team for a new one`,
};

/**
 * A refused credential: the client-facing error, and who the request claimed to be (for the audit
 * trail only: a revoked key's id and owner, a rejected token's subject, a fingerprint of anything else).
 */
export class AuthenticationRefused extends GatewayError {
  readonly presented: Principal;
  constructor(error: GatewayError, presented: Principal) {
    super(error.info, error.cause === undefined ? undefined : { cause: error.cause });
    this.presented = presented;
  }
}

/** Turns request headers into a Principal, or throws the client-facing error (an AuthenticationRefused). */
export class Authenticator {
  readonly #auth: AuthConfig;
  readonly #keys: KeyStore;
  readonly #oidc: OidcVerifier | undefined;
  readonly #now: () => Date;
  readonly #fingerprintKey: Buffer | undefined;

  /** `fingerprintKey`: the installation key, for keyed fingerprints of unrecognised credentials. */
  constructor(options: { auth: AuthConfig; keys: KeyStore; oidc?: OidcVerifier; now?: () => Date; fingerprintKey?: Buffer }) {
    this.#auth = options.auth;
    this.#keys = options.keys;
    this.#oidc = options.oidc;
    this.#now = options.now ?? (() => new Date());
    this.#fingerprintKey = options.fingerprintKey;
  }

  async authenticate(headers: IncomingHttpHeaders): Promise<Principal> {
    const credentials = presentedCredentials(headers);
    const key = credentials.find((c) => looksLikeKey(c.value));
    if (key) return this.#fromKey(key);
    const token = credentials.find((c) => looksLikeJwt(c.value));
    if (token && this.#oidc) return this.#fromToken(token, this.#oidc);
    if (!this.#auth.anonymous) {
      const refusal = unauthenticated(this.#anonymousRefusal(credentials.length > 0, token !== undefined), credentials.length > 0 ? 'credential not accepted' : 'no credential');
      const first = token ?? credentials[0];
      throw new AuthenticationRefused(refusal, first ? this.#presentedOther(first, token !== undefined) : { kind: 'anonymous', id: 'anonymous', groups: [] });
    }
    const principal: Principal = { kind: 'anonymous', id: 'anonymous', groups: [] };
    if (credentials[0]) principal.credential = credentials[0].via;
    return principal;
  }

  async #fromKey(credential: PresentedCredential): Promise<Principal> {
    const check = await this.#keys.verify(credential.value, this.#now());
    if (!check.ok) {
      const refusal = unauthenticated(KEY_MESSAGES[check.reason](check.id), `key ${check.reason}`);
      throw new AuthenticationRefused(refusal, this.#presentedKey(credential, check.record));
    }
    return this.#keyPrincipal(check.record, credential.via);
  }

  #keyPrincipal(record: KeyRecord, via: PresentedCredential['via']): Principal {
    const principal: Principal = { kind: 'key', id: `key:${record.id}`, user: record.user, groups: record.groups, credential: via };
    if (record.team !== undefined) principal.team = record.team;
    if (record.admin || record.groups.some((g) => this.#auth.adminGroups.includes(g))) principal.admin = true;
    return principal;
  }

  /**
   * A refused key as presented: its record when it is a revoked or expired key of this gateway; its
   * public id when it is a well-formed key the gateway does not know (or whose secret part does not
   * match: someone trying a key id); a fingerprint when it is not even well-formed.
   */
  #presentedKey(credential: PresentedCredential, record: KeyRecord | undefined): Principal {
    if (record) {
      const principal = this.#keyPrincipal(record, credential.via);
      delete principal.admin;
      principal.unverified = true;
      return principal;
    }
    const parsed = parseKey(credential.value);
    if (parsed.ok) return { kind: 'key', id: `key:${parsed.id}`, groups: [], credential: credential.via, unverified: true };
    return this.#presentedOther(credential, false);
  }

  /** A refused token as presented: its (unverified) subject when it parses; else a fingerprint. */
  #presentedOther(credential: PresentedCredential, token: boolean): Principal {
    if (token) {
      const subject = unverifiedSubject(credential.value);
      if (subject !== undefined) return { kind: 'oidc', id: `oidc:${subject}`, groups: [], credential: credential.via, unverified: true };
    }
    const id = this.#fingerprintKey ? `unknown:${credentialFingerprint(this.#fingerprintKey, credential.value)}` : 'unknown';
    return { kind: 'unknown', id, groups: [], credential: credential.via, unverified: true };
  }

  async #fromToken(credential: PresentedCredential, oidc: OidcVerifier): Promise<Principal> {
    try {
      const { subject, claims } = await oidc.verify(credential.value);
      const config = this.#auth.oidc!;
      const principal = principalFromClaims(subject, claims, config, this.#auth.adminGroups);
      principal.credential = credential.via;
      return principal;
    } catch (err) {
      const presented = (): Principal => this.#presentedOther(credential, true);
      if (err instanceof TokenRefused) throw new AuthenticationRefused(unauthenticated(`The OIDC token was refused: ${err.message}`, 'token refused'), presented());
      if (err instanceof JwksUnavailableError) {
        throw new AuthenticationRefused(gatewayError('SEKISHO_ERR_AUTH_UNAVAILABLE', { detail: err.message }, { cause: err, reason: 'identity provider keys unavailable' }), presented());
      }
      throw err;
    }
  }

  #anonymousRefusal(presented: boolean, jwt: boolean): string {
    const accepted = this.#oidc ? 'a Sekisho key (sks_…) or an OIDC token from your identity provider' : 'a Sekisho key (sks_…)';
    if (jwt) return 'This gateway does not accept OIDC tokens (auth.oidc is not configured); use a Sekisho key (sks_…)';
    if (!presented) return `Authentication required: send ${accepted} as x-api-key or Authorization: Bearer`;
    return `The API key is not ${accepted}; anonymous access is disabled on this gateway`;
  }
}

function unauthenticated(detail: string, reason: string): GatewayError {
  return gatewayError('SEKISHO_ERR_UNAUTHENTICATED', { detail }, { reason });
}

/**
 * The `sub` of a token that was not verified, for the trail of its refusal. Anyone can write any
 * subject into a token, so only a short printable one is kept (the event marks it unverified).
 */
function unverifiedSubject(token: string): string | undefined {
  try {
    const sub = decodeJwt(token).payload.sub;
    return typeof sub === 'string' && /^[\x21-\x7e]{1,128}$/.test(sub) ? sub : undefined;
  } catch {
    return undefined;
  }
}

/** A keyed, truncated HMAC of a presented credential: correlates repeated attempts, reveals nothing. */
function credentialFingerprint(key: Buffer, value: string): string {
  return createHmac('sha256', hmacKey(key)).update('sekisho-credential\0').update(value).digest('hex').slice(0, 16);
}

/** The verifier for `auth.oidc`, or undefined when OIDC is not configured. */
export function createOidcVerifier(auth: AuthConfig): OidcVerifier | undefined {
  const oidc = auth.oidc;
  if (oidc === undefined) return undefined;
  return new OidcVerifier({
    issuer: oidc.issuer,
    audience: oidc.audience,
    jwks: oidc.jwks,
    algorithms: oidc.algorithms,
    clockSkewMs: oidc.clockSkewMs,
    jwksCacheTtlMs: oidc.jwksCacheTtlMs,
    jwksMinRefetchMs: oidc.jwksMinRefetchMs,
  });
}
