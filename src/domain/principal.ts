/**
 * Who is calling, as established by the identify stage (a Sekisho API key or an OIDC token; anonymous
 * only when the config allows unauthenticated use). Policy rules, limits and the audit trail use it.
 */
export interface Principal {
  /** `unknown`: a refused request presented a credential that is neither a Sekisho key nor a token. */
  kind: 'anonymous' | 'key' | 'oidc' | 'unknown';
  /**
   * Stable id: `key:<key id>`, `oidc:<subject>` or `anonymous`. Scopes vaults, sessions and counters.
   * For a refused credential: `unknown:<keyed fingerprint>` (or `unknown`).
   */
  id: string;
  /**
   * Set only on refused requests: the identity as the request presented it (a revoked key's id, a
   * rejected token's subject), recorded so the trail names who tried. Never verified, never trusted.
   */
  unverified?: true;
  user?: string;
  team?: string;
  /** Groups (OIDC claim, or a key's groups); policy and admin checks match on them. */
  groups: string[];
  /** May use the admin API and admin commands over HTTP. */
  admin?: boolean;
  /** Whether the client presented a credential (and which header carried it). */
  credential?: 'x-api-key' | 'bearer';
}
