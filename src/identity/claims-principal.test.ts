import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupsClaim, principalFromClaims } from './claims-principal.ts';

const mapping = { userClaim: 'email', groupsClaim: 'groups' };

test('user from the configured claim, falling back to the subject; id is always the subject', () => {
  assert.deepEqual(principalFromClaims('s1', { email: 'a@x', groups: ['dev'] }, mapping, []), { kind: 'oidc', id: 'oidc:s1', user: 'a@x', groups: ['dev'], credential: 'bearer' });
  assert.equal(principalFromClaims('s1', {}, mapping, []).user, 's1');
});

test('groups: array or space/comma string, nested paths, URL-named claims; admin from adminGroups', () => {
  assert.deepEqual(groupsClaim({ groups: 'dev ops,  sre' }, 'groups'), ['dev', 'ops', 'sre']);
  assert.deepEqual(groupsClaim({ realm_access: { roles: ['a', 'b', 'a', 7] } }, 'realm_access.roles'), ['a', 'b']);
  assert.deepEqual(groupsClaim({ 'https://example.com/groups': ['x'] }, 'https://example.com/groups'), ['x']);
  assert.deepEqual(groupsClaim({ groups: { not: 'a list' } }, 'groups'), []);
  const p = principalFromClaims('s', { groups: ['dev', 'sekisho-admins'], dept: 'payments' }, { ...mapping, teamClaim: 'dept' }, ['sekisho-admins']);
  assert.equal(p.admin, true);
  assert.equal(p.team, 'payments');
  assert.equal(principalFromClaims('s', { groups: ['dev'] }, mapping, ['sekisho-admins']).admin, undefined);
});

test('a nested path cannot reach through prototypes', () => {
  assert.deepEqual(groupsClaim({}, 'constructor.name'), []);
  assert.equal(principalFromClaims('s', {}, { ...mapping, userClaim: '__proto__' }, []).user, 's');
});
