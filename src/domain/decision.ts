/** The policy's actions, mildest first. */
export type PolicyAction = 'allow' | 'redact' | 'route-internal' | 'block';

/**
 * What policy decided for the request. `action` is the decision of the rule that fired (or the
 * default); when that rule (or the whole policy) is in monitor mode, the decision is recorded but not
 * enforced and the request goes through unchanged (`enforced` is then `allow`).
 */
export interface Decision {
  action: PolicyAction;
  /** What the gateway actually does: `action`, or `allow` in monitor mode. */
  enforced: PolicyAction;
  /** Name of the rule that fired, or `default`. */
  rule: string;
  /** Decided in monitor mode: recorded, not enforced. */
  monitor?: boolean;
  /** Short human-readable reason shown to the developer (no sensitive values). */
  reason?: string;
}
