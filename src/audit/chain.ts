/**
 * The hash chain and checkpoint formats, as pure functions: the trail writes with them, `verify` checks
 * with them, and docs/audit.md defines them in the same words so an auditor can re-implement both.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/** `prev_hash` of the first event ever written: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * hash(n) = lowercase hex SHA-256 of the UTF-8 bytes of `prev_hash(n) + body(n)`, where `prev_hash(n)` is
 * hash(n-1) (or GENESIS_HASH) as 64 hex characters and `body(n)` is the event's canonical JSON.
 */
export function chainHash(prevHash: string, body: string): string {
  return createHash('sha256').update(prevHash, 'utf8').update(body, 'utf8').digest('hex');
}

/** A signed statement "the chain at `seq` has hash `hash`" (the type is the audit port's). */
export type { Checkpoint } from '../store/ports.ts';
import type { Checkpoint } from '../store/ports.ts';

/**
 * The bytes a checkpoint signs: the canonical JSON of
 * `{"context":"sekisho.audit.checkpoint.v1","hash":…,"keyId":…,"kind":…,"seq":…,"time":…}`.
 */
export function checkpointMessage(cp: Omit<Checkpoint, 'signature'>): Buffer {
  return Buffer.from(canonicalJson({ context: 'sekisho.audit.checkpoint.v1', hash: cp.hash, keyId: cp.keyId, kind: cp.kind, seq: cp.seq, time: cp.time }), 'utf8');
}

/** Signs a checkpoint with the Ed25519 private key. */
export function signCheckpoint(cp: Omit<Checkpoint, 'signature'>, privateKey: KeyObject): Checkpoint {
  return { ...cp, signature: sign(null, checkpointMessage(cp), privateKey).toString('base64') };
}

/** Whether `cp.signature` is a valid Ed25519 signature by `publicKey` (a malformed signature is just invalid). */
export function checkSignature(cp: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, checkpointMessage(cp), publicKey, Buffer.from(cp.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Key fingerprint: `sha256:` + lowercase hex SHA-256 of the public key's DER SubjectPublicKeyInfo. */
export function keyFingerprint(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return 'sha256:' + createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('hex');
}
