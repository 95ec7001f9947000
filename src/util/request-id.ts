import { randomBytes } from 'node:crypto';

/**
 * Three-digit runs opencode takes for a transient server error anywhere in an error's message or body
 * (its session retry rule tests both against /429|500|502|503|504|524/ before `isRetryable`), so a
 * refusal whose request id held one — about 3 % of random ids — was resent, and a block seen twice.
 */
const LOOKS_LIKE_A_STATUS = /429|50[0-4]|524/;

/**
 * Ids are drawn from a pool of CSPRNG bytes filled 256 ids at a time: one `randomBytes` call per
 * request was ~2% of a small request's CPU (bench:gateway profile, 2 KB rows).
 */
const ID_BYTES = 12;
let pool = Buffer.alloc(0);
let at = 0;

function draw(): string {
  if (at + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * 256);
    at = 0;
  }
  at += ID_BYTES;
  return 'req_' + pool.toString('hex', at - ID_BYTES, at);
}

/** A request id (`req_` + 24 hex) that no client reads as an HTTP status: redrawn when it would be. */
export function newRequestId(): string {
  for (;;) {
    const id = draw();
    if (!LOOKS_LIKE_A_STATUS.test(id)) return id;
  }
}
