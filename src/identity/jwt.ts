/**
 * JWT compact serialisation, parsed strictly and without trusting anything in it: this module only
 * splits and decodes; signature and claims are checked elsewhere (jws-verify.ts, jwt-claims.ts).
 * Strict because lenient base64 or JSON parsing is where token confusion bugs hide.
 */

/** A decoded (not yet verified) token. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `base64url(header) + "." + base64url(payload)`: the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * True when `text` has the shape of a compact JWS: three base64url segments, the first starting like a
 * JSON object. The signature may be empty (an `alg: none` token is still a token, refused as such).
 */
export function looksLikeJwt(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 3 && SEGMENT.test(parts[0]!) && SEGMENT.test(parts[1]!) && (parts[2] === '' || SEGMENT.test(parts[2]!)) && parts[0]!.startsWith('eyJ');
}

/** Why a token could not be decoded. */
export class JwtFormatError extends Error {
  override name = 'JwtFormatError';
}

/** Splits and decodes; throws JwtFormatError for anything that is not a well-formed compact JWS. */
export function decodeJwt(token: string): DecodedJwt {
  if (token.length > 16_384) throw new JwtFormatError('token is too long');
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtFormatError('not a compact JWS (three dot-separated parts)');
  const [h, p, s] = parts as [string, string, string];
  if (!SEGMENT.test(h) || !SEGMENT.test(p) || (s !== '' && !SEGMENT.test(s))) throw new JwtFormatError('a part is not base64url');
  const header = jsonObject(h, 'header');
  const payload = jsonObject(p, 'payload');
  return { header, payload, signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}

function jsonObject(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new JwtFormatError(`${what} is not JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new JwtFormatError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}
