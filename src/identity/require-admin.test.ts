import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireAdmin } from './require-admin.ts';
import { GatewayError } from '../errors.ts';

test('requireAdmin lets administrators through and refuses everyone else with 403', () => {
  requireAdmin({ kind: 'key', id: 'key:abc', groups: [], admin: true });
  for (const p of [
    { kind: 'key' as const, id: 'key:abc', groups: [] },
    { kind: 'oidc' as const, id: 'oidc:s', groups: ['dev'], admin: false },
    { kind: 'anonymous' as const, id: 'anonymous', groups: [], admin: true },
  ]) {
    assert.throws(() => requireAdmin(p), (err: unknown) => err instanceof GatewayError && err.status === 403 && err.code === 'SEKISHO_ERR_FORBIDDEN');
  }
});
