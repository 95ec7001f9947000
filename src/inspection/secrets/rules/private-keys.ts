import type { Confidence } from '../../finding.ts';
import { base58CheckPayload, isBech32 } from '../checksum.ts';
import type { RefineInput, RuleSpec } from '../rule-set.ts';
import { named, ON_A_CREDENTIAL_LINE, prefixed, rule, STRUCTURED_TOKEN_KEYWORDS } from './define.ts';

/** Cryptographic material: private keys in every container format, signed tokens (JWT), wallets. */

/** A JWT is high when its header is base64url JSON naming an `alg`; otherwise it is not reported. */
function jwtHeader({ value }: RefineInput): Confidence | null {
  try {
    const header: unknown = JSON.parse(Buffer.from(value.slice(0, value.indexOf('.')), 'base64url').toString('utf8'));
    return header !== null && typeof header === 'object' && typeof (header as Record<string, unknown>)['alg'] === 'string' ? 'high' : null;
  } catch {
    return null;
  }
}

/** A PEM block is high when its BEGIN and END labels agree. */
function pemPair({ value }: RefineInput): Confidence {
  const labels = [...value.matchAll(/-----(?:BEGIN|END) ([A-Z0-9 ]*PRIVATE KEY)-----/g)].map((m) => m[1]);
  return labels.length === 2 && labels[0] === labels[1] ? 'high' : 'medium';
}

/**
 * A JWK's private members (`d` of an RSA/EC/OKP key, `k` of a symmetric key) are reported only inside an
 * object that names its key type (`kty`) within the same 2 KB; elsewhere `"d": "…"` is any field.
 */
function jwkContext({ text, start, end }: RefineInput): Confidence | null {
  const around = text.slice(Math.max(0, start - 2048), Math.min(text.length, end + 2048));
  return /\\?["']?kty\\?["']?\s*:\s*\\?["'](?:RSA|EC|OKP|oct)\\?["']/.test(around) ? 'high' : null;
}

/**
 * Wallet import format: base58check of 0x80 (mainnet) or 0xef (testnet) + 32 key bytes (+ 0x01 when the
 * public key is compressed). The checksum decides: a string that fails it is not a key.
 */
function wif({ value }: RefineInput): Confidence | null {
  const p = base58CheckPayload(value);
  if (p === null || (p[0] !== 0x80 && p[0] !== 0xef)) return null;
  return p.length === 33 || (p.length === 34 && p[33] === 1) ? 'high' : null;
}

/** BIP-32 extended private key: base58check of 78 bytes whose key part (byte 45) starts with 0x00. */
function extendedKey({ value }: RefineInput): Confidence | null {
  const p = base58CheckPayload(value);
  return p !== null && p.length === 78 && p[45] === 0 ? 'high' : null;
}

const bech32Checked = ({ value }: RefineInput): Confidence | null => (isBech32(value) ? 'high' : null);

const B58 = '[1-9A-HJ-NP-Za-km-z]';

export const privateKeyRules: RuleSpec[] = [
  rule('sekisho-jwt', 'JSON Web Token', '\\b(eyJ[0-9A-Za-z_-]{8,}\\.[0-9A-Za-z_-]{8,}\\.[0-9A-Za-z_-]{8,})', ['eyj'], { refine: jwtHeader }),
  // Every PEM private key: PKCS#1 RSA, SEC1 EC, DSA, PKCS#8 (plain and ENCRYPTED), OpenSSH, and others.
  rule('sekisho-private-key', 'PEM private key block', '-----BEGIN[ A-Z0-9]*PRIVATE KEY-----(?s:.){16,}?-----END[ A-Z0-9]*PRIVATE KEY-----', ['-----begin'], { refine: pemPair, wholeText: true }),
  rule('sekisho-pgp-private-key', 'PGP / GPG private key block', '-----BEGIN PGP PRIVATE KEY BLOCK-----(?s:.){16,}?-----END PGP PRIVATE KEY BLOCK-----', ['-----begin pgp private'], { confidence: 'high', wholeText: true }),
  rule('sekisho-ssh2-private-key', 'SSH2 (ssh.com / Tectia) private key', String.raw`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----(?s:.){16,}?---- END SSH2 ENCRYPTED PRIVATE KEY ----`, ['---- begin ssh2 encrypted private'], { confidence: 'high', wholeText: true }),
  rule('sekisho-putty-private-key', 'PuTTY private key file (.ppk)', String.raw`PuTTY-User-Key-File-[23]: [0-9a-z@.-]+\r?\n(?:[^\n]*\n){1,12}?[ \t]*Private-Lines: \d+\r?\n[ \t]*[A-Za-z0-9+/=]{40,}`, ['putty-user-key-file-'], { confidence: 'high' }),
  rule('sekisho-jwk-private-key', 'JSON Web Key private member (d, or k of a symmetric key)', String.raw`\b(?:d|k)\\?["']?[ \t]*:[ \t]*\\?["']([A-Za-z0-9_-]{22,})\\?["']`, ['kty'], { refine: jwkContext, keywordInMatch: false }),
  prefixed('sekisho-pkcs12-base64', 'PKCS#12 / PFX key store as base64', String.raw`MI[IJKL][A-Za-z0-9+/]{2}[AQgw]IBAzCC[A-Za-z0-9+/]{200,}={0,2}`, ['ibazcc']),
  prefixed('sekisho-age-secret-key', 'age encryption secret key', 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}', ['age-secret-key-1'], { refine: bech32Checked }),
  rule('sekisho-crypto-wif-private-key', 'Cryptocurrency private key in wallet import format (checksum verified)', `(?:(?m:^)|[^0-9A-Za-z\\n])([5KLc9]${B58}{50,51})(?:[^0-9A-Za-z\\n]|(?m:$))`, STRUCTURED_TOKEN_KEYWORDS, { refine: wif, ...ON_A_CREDENTIAL_LINE, lineFilter: /(?<![0-9A-Za-z])[5KLc9][1-9A-HJ-NP-Za-km-z]{50}/ }),
  prefixed('sekisho-crypto-extended-private-key', 'BIP-32 extended private key (xprv, tprv, yprv, zprv, …; checksum verified)', `[xtyzuvYZUV]prv${B58}{107,108}`, ['xprv', 'tprv', 'yprv', 'zprv', 'uprv', 'vprv'], { refine: extendedKey }),
  named('sekisho-crypto-raw-private-key', 'Raw 32-byte private key (64 hex) assigned to a wallet / private-key name', String.raw`priv(?:ate)?[_-]?key|privkey|signing[_-]?key|wallet[_-]?key|eth[_-]?key|deployer[_-]?key`, '(?:0x)?[0-9a-fA-F]{64}', ['privkey', 'private_key', 'private-key', 'privatekey', 'priv_key', 'priv-key', 'signing_key', 'signing-key', 'signingkey', 'wallet_key', 'wallet-key', 'walletkey', 'eth_key', 'ethkey', 'eth-key', 'deployer_key', 'deployer-key', 'deployerkey'], { anyName: true, entropy: 3.2, reach: 160 }),
  prefixed('sekisho-nostr-private-key', 'Nostr private key (nsec, bech32 verified)', 'nsec1[02-9ac-hj-np-z]{58}', ['nsec1'], { refine: bech32Checked }),
];
