/**
 * Transcript sealing: AES-256-GCM under the transcript key, a fresh 96-bit IV per transcript, the
 * event id as additional authenticated data (a blob moved to another event does not decrypt), and a
 * key id so a wrong key is reported as such rather than as corruption.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export type { SealedTranscript } from '../store/ports.ts';
import type { SealedTranscript } from '../store/ports.ts';

export { parseTranscriptKey } from '../config/parse-transcript-key.ts';

export function transcriptKeyId(key: Buffer): string {
  return createHash('sha256').update('sekisho-transcript-key').update(key).digest('hex').slice(0, 16);
}

/** Encrypts `text` (cut to `maxBytes` of UTF-8 at a character boundary) for event `id`. */
export function sealTranscript(id: string, text: string, key: Buffer, maxBytes: number): SealedTranscript {
  let plain = Buffer.from(text, 'utf8');
  const truncated = plain.length > maxBytes;
  if (truncated) {
    let end = maxBytes;
    // Back up to the start of a UTF-8 sequence so the cut never splits a character.
    while (end > 0 && (plain[end]! & 0xc0) === 0x80) end--;
    plain = plain.subarray(0, end);
  }
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(id, 'utf8'));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { keyId: transcriptKeyId(key), iv, tag: cipher.getAuthTag(), data, bytes: plain.length, truncated };
}

/** Decrypts a sealed transcript; throws a clear error for a wrong key or a modified blob. */
export function openTranscript(id: string, sealed: SealedTranscript, key: Buffer): string {
  if (sealed.keyId !== transcriptKeyId(key)) throw new Error(`transcript ${id} was sealed with another key (key id ${sealed.keyId})`);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAAD(Buffer.from(id, 'utf8'));
  decipher.setAuthTag(sealed.tag);
  try {
    return Buffer.concat([decipher.update(sealed.data), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(`transcript ${id} does not authenticate: it was modified or belongs to another event`);
  }
}
