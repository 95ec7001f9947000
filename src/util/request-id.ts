import { randomBytes } from 'node:crypto';

/**
 * Three-digit runs opencode takes for a transient server error anywhere in an error's message or body
 * (its session retry rule tests both against /429|500|502|503|504|524/ before `isRetryable`), so a
 * refusal whose request id held one — about 3 % of random ids — was resent, and a block seen twice.
 */
const LOOKS_LIKE_A_STATUS = /429|50[0-4]|524/;

/** A request id (`req_` + 24 hex) that no client reads as an HTTP status: redrawn when it would be. */
export function newRequestId(): string {
  for (;;) {
    const id = 'req_' + randomBytes(12).toString('hex');
    if (!LOOKS_LIKE_A_STATUS.test(id)) return id;
  }
}
