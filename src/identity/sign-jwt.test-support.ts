/**
 * Test support: an identity provider in miniature. Generates signing keys, publishes them as a JWKS
 * (over loopback HTTP, counting fetches) and signs tokens — including deliberately bad ones.
 */
import { createHmac, generateKeyPairSync, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestKey {
  kid: string;
  alg: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JsonWebKey;
}

/** A fresh key pair for `alg` (RS256/PS256: RSA 2048, ES256: P-256, EdDSA: Ed25519). */
export function testKey(alg: 'RS256' | 'PS256' | 'ES256' | 'EdDSA', kid: string): TestKey {
  const pair =
    alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : alg === 'EdDSA' ? generateKeyPairSync('ed25519')
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk = { ...pair.publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
  return { kid, alg, privateKey: pair.privateKey, publicKey: pair.publicKey, publicJwk };
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A signed compact JWS with `claims`; `header` overrides (e.g. a different kid or alg). */
export function signJwt(key: TestKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${b64({ alg: key.alg, typ: 'JWT', kid: key.kid, ...header })}.${b64(claims)}`;
  const data = Buffer.from(input);
  let signature: Buffer;
  if (key.alg === 'ES256') signature = sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  else if (key.alg === 'EdDSA') signature = sign(null, data, key.privateKey);
  else if (key.alg === 'PS256') signature = sign('sha256', data, { key: key.privateKey, padding: 6, saltLength: 32 });
  else signature = sign('sha256', data, key.privateKey);
  return `${input}.${signature.toString('base64url')}`;
}

/** An unsigned `alg: none` token. */
export function unsignedJwt(claims: Record<string, unknown>, kid: string): string {
  return `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(claims)}.`;
}

/** The algorithm-confusion forgery: HS256 with the provider's public key (as PEM text) as the secret. */
export function hmacWithPublicKey(key: TestKey, claims: Record<string, unknown>): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: key.kid })}.${b64(claims)}`;
  const pem = key.publicKey.export({ format: 'pem', type: 'spki' }) as string;
  return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
}

/** Standard claims valid now for `issuer` / `audience`, with overrides. */
export function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: 'https://idp.test', aud: 'sekisho', sub: 'user-123', email: 'alice@example.com', groups: ['dev'], iat: now - 10, exp: now + 600, ...overrides };
}

/** A JWKS endpoint on loopback; `keys` can be changed (rotation) and `fetches` counts requests. */
export interface JwksServer {
  url: string;
  keys: JsonWebKey[];
  fetches: number;
  /** Answer this status instead of the key set (outage tests). */
  failWith?: number;
  close(): Promise<void>;
}

export async function startJwksServer(keys: JsonWebKey[]): Promise<JwksServer> {
  let server: Server;
  const state: JwksServer = {
    url: '',
    keys,
    fetches: 0,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  server = createServer((req, res) => {
    state.fetches++;
    if (state.failWith !== undefined) {
      res.writeHead(state.failWith).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  return state;
}
