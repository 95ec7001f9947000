import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/open-store.ts';
import { GatewayError } from '../errors.ts';
import { Authenticator, AuthenticationRefused, createOidcVerifier, presentedCredentials } from './authenticate.ts';
import { KeyStore } from './key-store.ts';
import { generateKey } from './key-format.ts';
import { claims, signJwt, startJwksServer, testKey, unsignedJwt } from './sign-jwt.test-support.ts';
import type { AuthConfig } from '../config/types.ts';
import type { Principal } from '../domain/principal.ts';

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
    const keys = new KeyStore(store.keys);
    const auth = new Authenticator({ auth: { anonymous: true, adminGroups: ['ops'] }, keys });
    const { key, record } = await keys.create({ user: 'u', groups: ['ops'] });
    const p = await auth.authenticate({ 'x-api-key': 'sk-local', authorization: `Bearer ${key}` });
    assert.deepEqual(p, { kind: 'key', id: `key:${record.id}`, user: 'u', groups: ['ops'], credential: 'bearer', admin: true });
    await keys.revoke(record.id);
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

test('a refused credential carries the identity it presented (for the trail), never verified', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-auth-'));
  const store = openStore(dir);
  const jwks = await startJwksServer([]);
  try {
    const keys = new KeyStore(store.keys);
    const signer = testKey('ES256', 'k1');
    jwks.keys = [signer.publicJwk];
    const oidcConfig = { issuer: 'https://idp.test', audience: 'sekisho', jwks: { url: jwks.url }, algorithms: ['ES256' as const], clockSkewMs: 0, jwksCacheTtlMs: 60_000, jwksMinRefetchMs: 0, userClaim: 'email', teamClaim: 'team', groupsClaim: 'groups' };
    const auth = { anonymous: false, adminGroups: ['ops'], oidc: oidcConfig } as unknown as AuthConfig;
    const authenticator = new Authenticator({ auth, keys, oidc: createOidcVerifier(auth)!, fingerprintKey: Buffer.alloc(32, 7) });
    const presented = async (headers: Record<string, string>): Promise<Principal & { reason?: string }> => {
      const err = await authenticator.authenticate(headers).then(() => assert.fail('accepted'), (e: unknown) => e);
      assert.ok(err instanceof AuthenticationRefused, String(err));
      return { ...err.presented, reason: err.info.reason };
    };
    const admin = await keys.create({ user: 'root', team: 'ops', groups: ['ops'], admin: true });
    await keys.revoke(admin.record.id);
    assert.deepEqual(await presented({ 'x-api-key': admin.key }), { kind: 'key', id: `key:${admin.record.id}`, user: 'root', team: 'ops', groups: ['ops'], credential: 'x-api-key', unverified: true, reason: 'key revoked' }, 'a revoked admin key is named, without admin');
    const stranger = generateKey();
    assert.deepEqual(await presented({ authorization: `Bearer ${stranger.key}` }), { kind: 'key', id: `key:${stranger.id}`, groups: [], credential: 'bearer', unverified: true, reason: 'key unknown' });
    // A token that parses but does not verify: its subject, marked unverified.
    const forged = signJwt(testKey('ES256', 'k1'), claims({ sub: 'mallory' }));
    assert.deepEqual(await presented({ authorization: `Bearer ${forged}` }), { kind: 'oidc', id: 'oidc:mallory', groups: [], credential: 'bearer', unverified: true, reason: 'token refused' });
    assert.equal((await presented({ authorization: `Bearer ${unsignedJwt(claims({ sub: 'eve' }), 'k1')}` })).id, 'oidc:eve');
    // A subject that is not short printable text is not recorded as given.
    const long = await presented({ authorization: `Bearer ${signJwt(testKey('ES256', 'k1'), claims({ sub: 'x'.repeat(500) }))}` });
    assert.match(long.id, /^unknown:[0-9a-f]{16}$/);
    // Garbage: a keyed fingerprint, stable per credential; nothing: anonymous.
    const a = await presented({ 'x-api-key': 'sk-local' });
    assert.match(a.id, /^unknown:[0-9a-f]{16}$/);
    assert.equal(a.kind, 'unknown');
    assert.equal((await presented({ 'x-api-key': 'sk-local' })).id, a.id);
    assert.notEqual((await presented({ 'x-api-key': 'sk-locak' })).id, a.id);
    assert.ok(!a.id.includes('sk-local'));
    assert.deepEqual(await presented({}), { kind: 'anonymous', id: 'anonymous', groups: [], reason: 'no credential' });
  } finally {
    await jwks.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
