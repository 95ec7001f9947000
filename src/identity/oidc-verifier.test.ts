import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OidcVerifier, TokenRefused, type OidcVerifierOptions } from './oidc-verifier.ts';
import { JwksUnavailableError } from './jwks.ts';
import { claims, hmacWithPublicKey, signJwt, startJwksServer, testKey, unsignedJwt, type JwksServer } from './sign-jwt.test-support.ts';

const rsa = testKey('RS256', 'rsa-1');
const pss = testKey('PS256', 'pss-1');
const ec = testKey('ES256', 'ec-1');
const ed = testKey('EdDSA', 'ed-1');
const stranger = testKey('ES256', 'ec-1'); // same kid as `ec`, different key

const dir = mkdtempSync(join(tmpdir(), 'sekisho-jwks-'));
const jwksFile = join(dir, 'jwks.json');
writeFileSync(jwksFile, JSON.stringify({ keys: [rsa.publicJwk, pss.publicJwk, ec.publicJwk, ed.publicJwk] }));
after(() => rmSync(dir, { recursive: true, force: true }));

function verifier(extra: Partial<OidcVerifierOptions> = {}): OidcVerifier {
  return new OidcVerifier({
    issuer: 'https://idp.test',
    audience: 'sekisho',
    jwks: { file: jwksFile },
    algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
    clockSkewMs: 60_000,
    jwksCacheTtlMs: 600_000,
    jwksMinRefetchMs: 30_000,
    ...extra,
  });
}

async function refused(v: OidcVerifier, token: string, message: RegExp): Promise<void> {
  await assert.rejects(v.verify(token), (err: unknown) => {
    assert.ok(err instanceof TokenRefused, String(err));
    assert.match(err.message, message);
    return true;
  });
}

test('valid tokens of every key type verify and yield their subject and claims', async () => {
  const v = verifier();
  for (const key of [rsa, pss, ec, ed]) {
    const result = await v.verify(signJwt(key, claims({ sub: `s-${key.kid}` })));
    assert.equal(result.subject, `s-${key.kid}`, key.alg);
    assert.equal(result.claims.email, 'alice@example.com');
  }
});

test('aud may be an array containing the audience', async () => {
  assert.equal((await verifier().verify(signJwt(ec, claims({ aud: ['other', 'sekisho'] })))).subject, 'user-123');
});

test('time checks: expired, nbf in the future, iat in the future; skew tolerated', async () => {
  const v = verifier();
  const now = Math.floor(Date.now() / 1000);
  await refused(v, signJwt(rsa, claims({ exp: now - 120 })), /expired/);
  await refused(v, signJwt(rsa, claims({ nbf: now + 300 })), /not valid yet/);
  await refused(v, signJwt(rsa, claims({ iat: now + 300 })), /issued in the future/);
  await refused(v, signJwt(rsa, claims({ exp: undefined })), /no expiry/);
  assert.ok(await v.verify(signJwt(rsa, claims({ exp: now - 30 }))), 'within the 60 s skew');
});

test('wrong audience and wrong issuer are refused', async () => {
  const v = verifier();
  await refused(v, signJwt(ed, claims({ aud: 'another-app' })), /not meant for this gateway/);
  await refused(v, signJwt(ed, claims({ aud: ['a', 'b'] })), /not meant for this gateway/);
  await refused(v, signJwt(ed, claims({ iss: 'https://evil.test' })), /different identity provider/);
});

test('a token signed by another key with the same kid fails the signature check', async () => {
  await refused(verifier(), signJwt(stranger, claims()), /signature is invalid/);
});

test('a tampered payload fails the signature check', async () => {
  const token = signJwt(rsa, claims());
  const [h, , s] = token.split('.');
  const forged = `${h}.${Buffer.from(JSON.stringify(claims({ groups: ['admins'] }))).toString('base64url')}.${s}`;
  await refused(verifier(), forged, /signature is invalid/);
});

test('alg none, HS256 with the public key as secret, and algorithms not allowed are refused', async () => {
  const v = verifier();
  await refused(v, unsignedJwt(claims(), rsa.kid), /algorithm "none" is not accepted/);
  await refused(v, hmacWithPublicKey(rsa, claims()), /algorithm "HS256" is not accepted/);
  // Even a configuration that tried to allow HS256 could not: it is not a known algorithm.
  await refused(verifier({ algorithms: ['HS256' as never, 'RS256'] }), hmacWithPublicKey(rsa, claims()), /not accepted/);
  await refused(verifier({ algorithms: ['RS256'] }), signJwt(ec, claims()), /"ES256" is not accepted/);
  // A header claiming RS256 over an EC key's kid: the key does not fit the algorithm.
  await refused(v, signJwt(ec, claims(), { alg: 'RS256' }), /unknown kid|does not publish/);
});

test('malformed tokens are refused without throwing anything else', async () => {
  const v = verifier();
  for (const bad of ['eyJ.x', 'a.b.c', `${signJwt(rsa, claims())}.extra`, 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln']) {
    await refused(v, bad, /not a valid JWT/);
  }
  await refused(v, signJwt(rsa, claims(), { crit: ['exp'] }), /critical header/);
  await refused(v, signJwt(rsa, claims({ sub: undefined })), /no subject/);
});

test('without kid, only an unambiguous key is used', async () => {
  const single = join(dir, 'single.json');
  writeFileSync(single, JSON.stringify({ keys: [{ ...ed.publicJwk, kid: undefined }] }));
  assert.ok(await verifier({ jwks: { file: single } }).verify(signJwt(ed, claims(), { kid: undefined })));
  const two = join(dir, 'two.json');
  const other = testKey('RS256', 'rsa-2');
  writeFileSync(two, JSON.stringify({ keys: [{ ...rsa.publicJwk, kid: undefined, alg: undefined }, { ...other.publicJwk, kid: undefined, alg: undefined }] }));
  await refused(verifier({ jwks: { file: two } }), signJwt(rsa, claims(), { kid: undefined }), /no key of the identity provider fits/);
});

describe('JWKS over HTTP', () => {
  let server: JwksServer;
  before(async () => {
    server = await startJwksServer([rsa.publicJwk]);
  });
  after(() => server.close());

  test('keys are fetched once and cached; an unknown kid refetches (rotation), rate-limited', async () => {
    let now = 1_000_000_000_000;
    server.keys = [rsa.publicJwk];
    const start = server.fetches;
    const v = verifier({ jwks: { url: server.url }, now: () => now });
    const tokenAt = (key: typeof rsa) => signJwt(key, claims({ iat: now / 1000 - 1, exp: now / 1000 + 600 }));
    await v.verify(tokenAt(rsa));
    await v.verify(tokenAt(rsa));
    await Promise.all([v.verify(tokenAt(rsa)), v.verify(tokenAt(rsa))]);
    assert.equal(server.fetches - start, 1, 'cached');
    // The provider rotates in a new key: the unknown kid causes exactly one refetch.
    server.keys = [rsa.publicJwk, ec.publicJwk];
    now += 31_000;
    await v.verify(tokenAt(ec));
    assert.equal(server.fetches - start, 2);
    // A made-up kid right after: no refetch within jwksMinRefetch.
    await refused(v, signJwt(ec, claims({ iat: now / 1000 - 1, exp: now / 1000 + 600 }), { kid: 'made-up' }), /unknown kid/);
    assert.equal(server.fetches - start, 2);
    // After the TTL the set is loaded again.
    now += 600_000;
    await v.verify(tokenAt(ec));
    assert.equal(server.fetches - start, 3);
  });

  test('an unreachable JWKS fails closed; a blip after a good load uses the last set for one more TTL', async () => {
    let now = 2_000_000_000_000;
    const tokenAt = () => signJwt(rsa, claims({ iat: now / 1000 - 1, exp: now / 1000 + 600 }));
    server.keys = [rsa.publicJwk];
    server.failWith = 500;
    const cold = verifier({ jwks: { url: server.url }, now: () => now });
    await assert.rejects(cold.verify(tokenAt()), JwksUnavailableError);
    server.failWith = undefined;
    const warm = verifier({ jwks: { url: server.url }, now: () => now });
    await warm.verify(tokenAt());
    server.failWith = 503;
    now += 700_000; // past the TTL: reload fails, last set still used
    assert.ok(await warm.verify(tokenAt()));
    now += 600_000; // past twice the TTL: nothing usable
    await assert.rejects(warm.verify(tokenAt()), JwksUnavailableError);
    server.failWith = undefined;
  });
});
