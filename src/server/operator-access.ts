/**
 * Who may see the operational endpoints' details: `/metrics` when `server.metrics.token` is set, and
 * the details of `/healthz` / `/readyz` (backends, errors, policy file, audit state) always. A caller
 * is an operator when it presents the scrape token (`Authorization: Bearer <token>`) or an
 * administrator's credential (admin key, or a token of a group in `auth.adminGroups`). Anything else —
 * no credential, a wrong one, a developer's key — is not: fail closed.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Authenticator } from '../identity/authenticate.ts';
import { presentedCredentials } from '../identity/authenticate.ts';

export class OperatorAccess {
  readonly #token: Buffer | undefined;
  readonly #authenticator: Authenticator;

  constructor(metricsToken: string | undefined, authenticator: Authenticator) {
    this.#token = metricsToken === undefined ? undefined : digest(metricsToken);
    this.#authenticator = authenticator;
  }

  /** Whether `/metrics` needs a credential (only when a scrape token is configured). */
  get metricsProtected(): boolean {
    return this.#token !== undefined;
  }

  async isOperator(headers: IncomingHttpHeaders): Promise<boolean> {
    const credentials = presentedCredentials(headers);
    if (credentials.length === 0) return false;
    // Compared as digests, in constant time: the comparison says nothing about the token's prefix.
    const token = this.#token;
    if (token !== undefined && credentials.some((c) => c.via === 'bearer' && timingSafeEqual(digest(c.value), token))) return true;
    try {
      const principal = await this.#authenticator.authenticate(headers);
      return principal.admin === true && principal.kind !== 'anonymous';
    } catch {
      return false;
    }
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
