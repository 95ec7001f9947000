/**
 * A failure as the client should see it, independent of protocol. Each protocol renders it into its
 * own error shape (`renderError` in the protocol module).
 */
export interface GatewayErrorInfo {
  /** HTTP status to answer with (when headers are not sent yet). */
  status: number;
  /** Stable Sekisho code, e.g. `SEKISHO_ERR_UNKNOWN_MODEL`. */
  code: string;
  /** Coarse category every protocol can express. */
  kind:
    | 'invalid_request'
    | 'authentication'
    | 'permission'
    /**
     * Refused by the organisation's policy (a block, or a fail-closed refusal policy asks for). Each
     * dialect picks the status its clients show as a plain, non-retried message (docs/security.md
     * § Refusals): not 403, which Claude Code reports as an authentication failure.
     */
    | 'policy'
    | 'not_found'
    | 'request_too_large'
    | 'rate_limit'
    | 'upstream'
    | 'overloaded'
    | 'timeout'
    | 'internal';
  message: string;
  /** Seconds, for `retry-after` on rate limits. */
  retryAfter?: number;
  /** The request id, so the developer can quote it. */
  requestId?: string;
  /**
   * Why the gateway refused, in a few audit-safe words (no request content), e.g. `key revoked`,
   * `rate limit "per-user"`. Recorded in the audit event of a refusal; never shown instead of `message`.
   */
  reason?: string;
}
