import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/open-store.ts';
import { GatewayError } from '../errors.ts';
import { Authenticator, presentedCredentials } from './authenticate.ts';
import { KeyStore } from './key-store.ts';

test('credentials: x-api-key and Bearer are read, x-api-key first; other schemes and blanks are not credentials', () => {
  assert.deepEqual(presentedCredentials({ 'x-api-key': ' k1 ', authorization: 'Bearer k2' }), [{ value: 'k1', via: 'x-api-key' }, { value: 'k2', via: 'bearer' }]);
  assert.deepEqual(presentedCredentials({ authorization: 'bearer   k2 ' }), [{ value: 'k2', via: 'bearer' }]);
  assert.deepEqual(presentedCredentials({ authorization: 'Basic dXNlcjpwdw==', 'x-api-key': '' }), []);
  assert.deepEqual(presentedCredentials({ authorization: 'Bearer a b' }), []);
});

test('a Sekisho key in either header must verify, whatever the other header holds; admin from flag or group', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-auth-'));
  const store = openStore(dir);
  try {
    const keys = new KeyStore(store.db);
    const auth = new Authenticator({ auth: { anonymous: true, adminGroups: ['ops'] }, keys });
    const { key, record } = keys.create({ user: 'u', groups: ['ops'] });
    const p = await auth.authenticate({ 'x-api-key': 'sk-local', authorization: `Bearer ${key}` });
    assert.deepEqual(p, { kind: 'key', id: `key:${record.id}`, user: 'u', groups: ['ops'], credential: 'bearer', admin: true });
    keys.revoke(record.id);
    // Revoked: refused even though anonymous access is on and the other header is a dummy.
    await assert.rejects(auth.authenticate({ 'x-api-key': 'sk-local', authorization: `Bearer ${key}` }), (e: unknown) => e instanceof GatewayError && e.status === 401);
    assert.deepEqual(await auth.authenticate({ 'x-api-key': 'sk-local' }), { kind: 'anonymous', id: 'anonymous', groups: [], credential: 'x-api-key' });
    const closed = new Authenticator({ auth: { anonymous: false, adminGroups: [] }, keys });
    await assert.rejects(closed.authenticate({}), /Authentication required/);
    await assert.rejects(closed.authenticate({ authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln' }), /does not accept OIDC tokens/);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
