/**
 * SHA256SUMS of the release files (the `sha256sum -c` format) and its detached Ed25519 signature
 * (raw 64 bytes, what `openssl pkeyutl -sign -rawin` writes and `-verify -rawin -sigfile` reads).
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { byCodeUnit, digestFile } from './files.ts';

export const SUMS_FILE = 'SHA256SUMS';
export const SIGNATURE_FILE = 'SHA256SUMS.sig';

/** Writes `<dir>/SHA256SUMS` for the given files of `dir` (two spaces: text mode, as sha256sum writes). */
export async function writeSums(dir: string, files: readonly string[]): Promise<string> {
  const lines: string[] = [];
  for (const file of [...files].sort(byCodeUnit)) lines.push(`${(await digestFile(join(dir, file))).sha256}  ${basename(file)}\n`);
  const path = join(dir, SUMS_FILE);
  writeFileSync(path, lines.join(''));
  return path;
}

/** Reads the release signing key: an unencrypted PKCS#8 PEM Ed25519 private key (`openssl genpkey -algorithm ed25519`). */
export function readReleaseKey(path: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(path));
  } catch (err) {
    throw new Error(`SEKISHO_RELEASE_KEY=${path}: not a readable, unencrypted PEM private key (${(err as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`SEKISHO_RELEASE_KEY=${path}: an Ed25519 key is required, this is ${key.asymmetricKeyType}`);
  return key;
}

/** Signs the file's bytes, writes `<file>.sig` beside it and checks the signature with the derived public key. */
export function signFile(path: string, privateKey: KeyObject): { signaturePath: string; publicKeyPem: string } {
  const data = readFileSync(path);
  const signature = sign(null, data, privateKey);
  const publicKey = createPublicKey(privateKey);
  if (!verify(null, data, publicKey, signature)) throw new Error('release signature does not verify with its own public key');
  const signaturePath = `${path}.sig`;
  writeFileSync(signaturePath, signature);
  return { signaturePath, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

/** True when `signature` is a valid Ed25519 signature of `data` under the SPKI PEM public key. */
export function verifySignature(data: Uint8Array, signature: Uint8Array, publicKeyPem: string): boolean {
  const key = createPublicKey(publicKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an Ed25519 public key is required, this is ${key.asymmetricKeyType}`);
  return verify(null, data, key, signature);
}
