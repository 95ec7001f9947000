/**
 * The one check admin operations (keys, policy, audit reads over HTTP) make. Why a helper: every admin
 * handler must refuse the same way, and a forgotten check should be easy to spot in review.
 */
import { gatewayError } from '../errors.ts';
import type { Principal } from '../domain/principal.ts';

/** Throws SEKISHO_ERR_FORBIDDEN unless `principal` is an administrator (admin key or admin group). */
export function requireAdmin(principal: Principal): void {
  if (principal.admin === true && principal.kind !== 'anonymous') return;
  throw gatewayError('SEKISHO_ERR_FORBIDDEN', {
    detail:
      principal.kind === 'anonymous'
        ? 'This operation needs an administrator: present an admin key (sekisho keys create --admin) or a token of a group listed in auth.adminGroups'
        : `This operation needs an administrator; ${principal.id} is not one (admin keys: sekisho keys create --admin; groups: auth.adminGroups)`,
  });
}
