/**
 * The Ed25519 key that signs audit checkpoints: generated on first start (PKCS#8 PEM, mode 0600, in a
 * 0700 directory), with its public key written beside it (`<name>.pub.pem`, SPKI PEM) so an auditor
 * can verify the trail holding the public key only.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { ensurePrivateDir, PRIVATE_FILE_MODE, tightenIfPresent, type OnTightened } from '../store/private-files.ts';
import { dirname, join } from 'node:path';
import { keyFingerprint } from './chain.ts';

/** Default location of the checkpoint signing key. */
export function defaultSigningKeyPath(dataDir: string): string {
  return join(dataDir, 'keys', 'audit-ed25519.pem');
}

/** Where the public key of a private key file lives: `x.pem` → `x.pub.pem`. */
export function publicKeyPath(privatePath: string): string {
  return privatePath.replace(/(\.pem)?$/, '.pub.pem');
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** `sha256:<hex>` of the public key (recorded with every checkpoint). */
  id: string;
  path: string;
}

/**
 * Loads the key at `path`, or creates it (and its public half) when the file does not exist. A file
 * that exists but is not an Ed25519 private key is an error: never silently replace a signing key.
 */
export function loadOrCreateSigningKey(path: string, onTightened?: OnTightened): SigningKey {
  let privateKey: KeyObject;
  let pem: string | undefined;
  tightenIfPresent(path, onTightened);
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (pem === undefined) {
    ensurePrivateDir(dirname(path), onTightened);
    const pair = generateKeyPairSync('ed25519');
    privateKey = pair.privateKey;
    // 'wx': if another process created it in between, fail rather than overwrite.
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  } else {
    privateKey = readPrivateKey(pem, path);
  }
  const publicKey = createPublicKey(privateKey);
  const pubPath = publicKeyPath(path);
  const pubPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  let existing: string | undefined;
  try {
    existing = readFileSync(pubPath, 'utf8');
  } catch {
    existing = undefined;
  }
  if (existing !== pubPem) {
    writeFileSync(pubPath, pubPem, { mode: 0o644 });
    chmodSync(pubPath, 0o644);
  }
  return { privateKey, publicKey, id: keyFingerprint(publicKey), path };
}

/** Reads an existing private key (admin commands that sign, e.g. purge anchors); never creates one. */
export function loadSigningKey(path: string): SigningKey {
  const privateKey = readPrivateKey(readFileSync(path, 'utf8'), path);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, id: keyFingerprint(publicKey), path };
}

/** Reads a public key PEM (SPKI) or, for convenience, derives it from a private key PEM. */
export function readPublicKey(path: string): KeyObject {
  const pem = readFileSync(path, 'utf8');
  const key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${path} is not an Ed25519 key`);
  return key;
}

function readPrivateKey(pem: string, path: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${path} is not an Ed25519 private key`);
  return key;
}
