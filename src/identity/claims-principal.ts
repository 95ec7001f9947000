/**
 * Maps a verified OIDC token's claims to a `Principal`. Providers differ in where they put groups
 * (`groups`, `roles`, Keycloak's `realm_access.roles`, Auth0's URL-named claims) and in how (array or
 * space/comma-separated string), so the claim names are configurable and both forms are read.
 */
import type { Principal } from '../domain/principal.ts';

/** Which claims carry what (from `auth.oidc`). */
export interface ClaimMapping {
  userClaim: string;
  groupsClaim: string;
  teamClaim?: string;
}

/** The principal of a verified token; `admin` when any group is in `adminGroups`. */
export function principalFromClaims(subject: string, claims: Record<string, unknown>, mapping: ClaimMapping, adminGroups: readonly string[]): Principal {
  const user = stringClaim(claims, mapping.userClaim) ?? subject;
  const groups = groupsClaim(claims, mapping.groupsClaim);
  const principal: Principal = { kind: 'oidc', id: `oidc:${subject}`, user, groups, credential: 'bearer' };
  const team = mapping.teamClaim === undefined ? undefined : stringClaim(claims, mapping.teamClaim);
  if (team !== undefined) principal.team = team;
  if (groups.some((g) => adminGroups.includes(g))) principal.admin = true;
  return principal;
}

/**
 * A claim by name: the exact name first (claim names may contain dots, e.g. URLs), else a dotted path
 * into nested objects.
 */
export function readClaim(claims: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let node: unknown = claims;
  for (const part of name.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function stringClaim(claims: Record<string, unknown>, name: string): string | undefined {
  const value = readClaim(claims, name);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Groups from an array of strings or a space/comma-separated string; anything else is no groups. */
export function groupsClaim(claims: Record<string, unknown>, name: string): string[] {
  const value = readClaim(claims, name);
  const list = Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return [...new Set(list.map((g) => g.trim()).filter((g) => g !== ''))];
}
