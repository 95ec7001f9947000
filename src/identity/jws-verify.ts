/**
 * JWS signature verification with node:crypto for the asymmetric algorithms identity providers use.
 * Only asymmetric algorithms exist here at all: `none` and HMAC (`HS*`) are not in the table, so the
 * classic algorithm-confusion attack (an HS256 token "signed" with the provider's public key as the
 * HMAC secret) cannot verify whatever the configuration says. Each algorithm is tied to the key type
 * and curve it needs, and the key is rejected when they do not match.
 */
import { constants, createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/** The algorithms Sekisho can verify. */
export const JWS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export type JwsAlgorithm = (typeof JWS_ALGORITHMS)[number];

interface AlgorithmSpec {
  kty: 'RSA' | 'EC' | 'OKP';
  crv?: string;
  hash: string | null;
  pss?: boolean;
  /** ECDSA signatures are r || s, each this many bytes (JWS uses IEEE P1363, not DER). */
  ecPart?: number;
}

const SPECS: Record<JwsAlgorithm, AlgorithmSpec> = {
  RS256: { kty: 'RSA', hash: 'sha256' },
  RS384: { kty: 'RSA', hash: 'sha384' },
  RS512: { kty: 'RSA', hash: 'sha512' },
  PS256: { kty: 'RSA', hash: 'sha256', pss: true },
  PS384: { kty: 'RSA', hash: 'sha384', pss: true },
  PS512: { kty: 'RSA', hash: 'sha512', pss: true },
  ES256: { kty: 'EC', crv: 'P-256', hash: 'sha256', ecPart: 32 },
  ES384: { kty: 'EC', crv: 'P-384', hash: 'sha384', ecPart: 48 },
  ES512: { kty: 'EC', crv: 'P-521', hash: 'sha512', ecPart: 66 },
  EdDSA: { kty: 'OKP', crv: 'Ed25519', hash: null },
};

/** RSA keys shorter than this are refused (NIST SP 800-131A). */
const MIN_RSA_BITS = 2048;

/** True for an algorithm name Sekisho verifies. */
export function isJwsAlgorithm(alg: unknown): alg is JwsAlgorithm {
  return typeof alg === 'string' && Object.hasOwn(SPECS, alg);
}

/** True when the JWK can be used with `alg` (type, curve, `use`, `key_ops`, and its own `alg` if set). */
export function jwkFitsAlgorithm(jwk: JsonWebKey, alg: JwsAlgorithm): boolean {
  const spec = SPECS[alg];
  if (jwk.kty !== spec.kty) return false;
  if (spec.crv !== undefined && jwk.crv !== spec.crv) return false;
  if (jwk.use !== undefined && jwk.use !== 'sig') return false;
  if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify')) return false;
  if (jwk.alg !== undefined && jwk.alg !== alg) return false;
  return true;
}

/**
 * A public KeyObject from a JWK. Only the public members are passed on, so a JWKS that (wrongly)
 * contains private material never yields a private key; RSA keys must be at least 2048 bits.
 */
export function importPublicJwk(jwk: JsonWebKey): KeyObject {
  const pub: JsonWebKey = { kty: jwk.kty };
  for (const member of ['n', 'e', 'crv', 'x', 'y'] as const) if (jwk[member] !== undefined) pub[member] = jwk[member];
  const key = createPublicKey({ key: pub, format: 'jwk' });
  if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw new Error(`RSA key shorter than ${MIN_RSA_BITS} bits`);
  }
  return key;
}

/** Verifies `signature` over `signingInput` with `key` under `alg`. Never throws: a failure is false. */
export function verifyJws(alg: JwsAlgorithm, key: KeyObject, signingInput: string, signature: Buffer): boolean {
  const spec = SPECS[alg];
  const data = Buffer.from(signingInput, 'ascii');
  try {
    if (spec.kty === 'RSA') {
      if (key.asymmetricKeyType !== 'rsa') return false;
      const options = spec.pss ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : key;
      return verify(spec.hash, data, options, signature);
    }
    if (spec.kty === 'EC') {
      if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== NAMED_CURVE[spec.crv!]) return false;
      if (signature.length !== 2 * spec.ecPart!) return false;
      return verify(spec.hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    }
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, data, key, signature);
  } catch {
    return false;
  }
}

const NAMED_CURVE: Record<string, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };
