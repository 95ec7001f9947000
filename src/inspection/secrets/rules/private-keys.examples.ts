import type { RuleExamples } from './examples.ts';
import { base58Check, bech32, fake, fakeBytes } from './fabricate.ts';

const wifKey = base58Check(Uint8Array.from([0x80, ...fakeBytes(32, 'wif'), 1]));
const xprv = base58Check(Uint8Array.from([0x04, 0x88, 0xad, 0xe4, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...fakeBytes(32, 'chain'), 0, ...fakeBytes(32, 'xprv')]));
const nsec = bech32('nsec', fakeBytes(32, 'nsec'));
const age = bech32('age-secret-key-', fakeBytes(32, 'age')).toUpperCase();
const broken = (s: string): string => s.slice(0, -2) + (s.endsWith('a') ? 'b' : 'a') + s.slice(-1);

export const examples: RuleExamples = {
  'sekisho-jwt': {
    positive: ['Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    negative: ['eyJub3RhbGci.eyJzdWIiOiIxMjM0.abcdefghijk'],
  },
  'sekisho-private-key': {
    positive: [
      '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkWm5v3ZQxq7h1pJ3YlqT0bQ8d2n6Xk4sVf9Lr2Gc1RoAoGCCqGSM49\n-----END EC PRIVATE KEY-----\n',
      `-----BEGIN OPENSSH PRIVATE KEY-----\n${fake('b64', 70, 'ossh')}\n-----END OPENSSH PRIVATE KEY-----`,
      `{"private_key": "-----BEGIN ENCRYPTED PRIVATE KEY-----\\n${fake('b64', 64, 'enc')}\\n-----END ENCRYPTED PRIVATE KEY-----\\n"}`,
    ],
    negative: ['-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n'],
  },
  'sekisho-pgp-private-key': {
    positive: [`-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF${fake('b64', 64, 'pgp')}\n=abcd\n-----END PGP PRIVATE KEY BLOCK-----`],
    negative: [`-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBF${fake('b64', 64, 'pgp')}\n-----END PGP PUBLIC KEY BLOCK-----`],
  },
  'sekisho-ssh2-private-key': {
    positive: [`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "key"\nP2/56w${fake('b64', 64, 'ssh2')}\n---- END SSH2 ENCRYPTED PRIVATE KEY ----`],
    negative: [`---- BEGIN SSH2 PUBLIC KEY ----\nAAAAB3${fake('b64', 64, 'ssh2')}\n---- END SSH2 PUBLIC KEY ----`],
  },
  'sekisho-putty-private-key': {
    positive: [`PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: me\nPublic-Lines: 2\n${fake('b64', 64, 'pub')}\n${fake('b64', 10, 'pub2')}\nPrivate-Lines: 1\n${fake('b64', 44, 'ppk')}\nPrivate-MAC: ${fake('hex', 64, 'mac')}\n`, `stringData:\n  putty-key: |\n    PuTTY-User-Key-File-3: ssh-ed25519\n    Encryption: none\n    Comment: me\n    Public-Lines: 2\n    ${fake('b64', 64, 'pub3')}\n    ${fake('b64', 4, 'pub4')}\n    Private-Lines: 1\n    ${fake('b64', 48, 'ppk2')}\n`],
    negative: ['PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPublic-Lines: 2\nAAAA\n'],
  },
  'sekisho-jwk-private-key': {
    positive: [`{"kty":"EC","crv":"P-256","x":"${fake('b64url', 43, 'x')}","y":"${fake('b64url', 43, 'y')}","d":"${fake('b64url', 43, 'd')}"}`, `{"kty":"oct","k":"${fake('b64url', 43, 'k')}"}`],
    negative: [`{"kty":"EC","crv":"P-256","x":"${fake('b64url', 43, 'x')}","y":"${fake('b64url', 43, 'y')}"}`, `{"d": "${fake('b64url', 43, 'd')}"}`],
  },
  'sekisho-pkcs12-base64': {
    positive: [`CERT_PFX_BASE64=MIIJqQIBAzCCCW8GCSqGSIb3DQEHAaCCCWAEgglcMIIJWDCCBA8GCSqGSIb3DQEHBqCCBAAwggP8AgEAMIID9QYJ${fake('b64', 300, 'p12')}`],
    negative: [`CERT=MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ${fake('b64', 300, 'crt')}`],
  },
  'sekisho-age-secret-key': {
    positive: [age],
    negative: [broken(age)],
  },
  'sekisho-crypto-wif-private-key': {
    positive: [{ text: `bitcoin-cli importprivkey ${wifKey}`, value: wifKey }, { text: `DEBUG using credential ${wifKey} for the request`, value: wifKey }],
    negative: [`bitcoin-cli importprivkey ${broken(wifKey)}`],
  },
  'sekisho-crypto-extended-private-key': {
    positive: [{ text: `XPRV=${xprv}`, value: xprv }],
    negative: [`XPRV=${broken(xprv)}`],
  },
  'sekisho-crypto-raw-private-key': {
    positive: [`PRIVATE_KEY=0x${fake('hex', 64, 'eth')}`, `deployer_key: "${fake('hex', 64, 'eth2')}"`],
    negative: [`PRIVATE_KEY_PATH=0x${fake('hex', 40, 'eth')}`, `tx_hash = "0x${fake('hex', 64, 'eth')}"`],
  },
  'sekisho-nostr-private-key': {
    positive: [nsec],
    negative: [broken(nsec)],
  },
};
