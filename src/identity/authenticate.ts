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
import type { AuthConfig } from '../config/types.ts';
import { gatewayError } from '../errors.ts';
import type { Principal } from '../pipeline/context.ts';
import { looksLikeKey } from './key-format.ts';
import type { KeyRefusal, KeyStore } from './key-store.ts';
import { looksLikeJwt } from './jwt.ts';
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

/** Turns request headers into a Principal, or throws the client-facing error. */
export class Authenticator {
  readonly #auth: AuthConfig;
  readonly #keys: KeyStore;
  readonly #oidc: OidcVerifier | undefined;
  readonly #now: () => Date;

  constructor(options: { auth: AuthConfig; keys: KeyStore; oidc?: OidcVerifier; now?: () => Date }) {
    this.#auth = options.auth;
    this.#keys = options.keys;
    this.#oidc = options.oidc;
    this.#now = options.now ?? (() => new Date());
  }

  async authenticate(headers: IncomingHttpHeaders): Promise<Principal> {
    const credentials = presentedCredentials(headers);
    const key = credentials.find((c) => looksLikeKey(c.value));
    if (key) return this.#fromKey(key);
    const token = credentials.find((c) => looksLikeJwt(c.value));
    if (token && this.#oidc) return this.#fromToken(token, this.#oidc);
    if (!this.#auth.anonymous) throw unauthenticated(this.#anonymousRefusal(credentials.length > 0, token !== undefined));
    const principal: Principal = { kind: 'anonymous', id: 'anonymous', groups: [] };
    if (credentials[0]) principal.credential = credentials[0].via;
    return principal;
  }

  #fromKey(credential: PresentedCredential): Principal {
    const check = this.#keys.verify(credential.value, this.#now());
    if (!check.ok) throw unauthenticated(KEY_MESSAGES[check.reason](check.id));
    const { record } = check;
    const principal: Principal = { kind: 'key', id: `key:${record.id}`, user: record.user, groups: record.groups, credential: credential.via };
    if (record.team !== undefined) principal.team = record.team;
    if (record.admin || record.groups.some((g) => this.#auth.adminGroups.includes(g))) principal.admin = true;
    return principal;
  }

  async #fromToken(credential: PresentedCredential, oidc: OidcVerifier): Promise<Principal> {
    try {
      const { subject, claims } = await oidc.verify(credential.value);
      const config = this.#auth.oidc!;
      const principal = principalFromClaims(subject, claims, config, this.#auth.adminGroups);
      principal.credential = credential.via;
      return principal;
    } catch (err) {
      if (err instanceof TokenRefused) throw unauthenticated(`The OIDC token was refused: ${err.message}`);
      if (err instanceof JwksUnavailableError) throw gatewayError('SEKISHO_ERR_AUTH_UNAVAILABLE', { detail: err.message }, { cause: err });
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

function unauthenticated(detail: string): ReturnType<typeof gatewayError> {
  return gatewayError('SEKISHO_ERR_UNAUTHENTICATED', { detail });
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
