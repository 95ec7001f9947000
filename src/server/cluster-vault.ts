/**
 * The redaction vault of `sekisho serve --workers N` on one host: the same contract as the in-memory
 * vault (redaction/vault.ts: `put`, `open`), kept in `<dataDir>/vault.db` (store/sqlite/shared-vault.ts)
 * so that a conversation redacted by one worker is restored by whichever worker streams the next
 * answer. Synchronous, like the in-memory vault (node:sqlite is), so the redaction stages use it as is.
 *
 * Nothing readable reaches the file: each value is sealed with AES-256-GCM under a key the primary
 * draws at start and hands only to its workers (never written anywhere), with the conversation and
 * placeholder as associated data (a row moved to another conversation does not open); conversations
 * are named by an HMAC under the same key (the session header or principal id never appears). A restart
 * of the primary draws a new key and deletes the file: as with the in-memory vault, a restart forgets.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { ConversationVault, VaultOptions } from '../redaction/vault.ts';
import type { SqliteVaultTable } from '../store/sqlite/shared-vault.ts';

/** The vault operations the redaction stages use (the in-memory VaultStore has the same). */
export interface Vaults {
  put(conversation: string, placeholder: string, value: string, now?: number): boolean;
  open(conversation: string, now?: number): ConversationVault | undefined;
}

/** Prune expired and surplus conversations every this many writes. */
const PRUNE_EVERY = 256;

export class SharedVault implements Vaults {
  readonly #table: SqliteVaultTable;
  readonly #key: Buffer;
  readonly #options: VaultOptions;
  #writes = 0;

  constructor(table: SqliteVaultTable, key: Buffer, options: Partial<VaultOptions> = {}) {
    if (key.length !== 32) throw new Error('the shared vault key must be 32 bytes');
    this.#table = table;
    this.#key = key;
    this.#options = { ttlMs: 6 * 60 * 60 * 1000, maxConversations: 10_000, maxValuesPerConversation: 2_000, ...options };
  }

  put(conversation: string, placeholder: string, value: string, now = Date.now()): boolean {
    const conv = this.#name(conversation);
    if (++this.#writes % PRUNE_EVERY === 0) this.#table.prune(now, this.#options.maxConversations);
    return this.#table.put(conv, placeholder, this.#seal(conv, placeholder, value), now, now + this.#options.ttlMs, this.#options.maxValuesPerConversation);
  }

  open(conversation: string, now = Date.now()): ConversationVault | undefined {
    const conv = this.#name(conversation);
    const rows = this.#table.values(conv, now, now + this.#options.ttlMs);
    if (rows.length === 0) return undefined;
    const sealed = new Map(rows.map((r) => [r.placeholder, r.sealed]));
    return {
      placeholders: [...sealed.keys()],
      get: (placeholder) => {
        const s = sealed.get(placeholder);
        return s === undefined ? undefined : this.#unseal(conv, placeholder, s);
      },
    };
  }

  #name(conversation: string): string {
    return createHmac('sha256', this.#key).update('sekisho-vault-conversation\0').update(conversation).digest('hex');
  }

  /** iv (12) ‖ tag (16) ‖ ciphertext. */
  #seal(conv: string, placeholder: string, value: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(`${conv}\0${placeholder}`, 'utf8'));
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]);
  }

  #unseal(conv: string, placeholder: string, sealed: Uint8Array): string | undefined {
    try {
      const b = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      const decipher = createDecipheriv('aes-256-gcm', this.#key, b.subarray(0, 12));
      decipher.setAAD(Buffer.from(`${conv}\0${placeholder}`, 'utf8'));
      decipher.setAuthTag(b.subarray(12, 28));
      return Buffer.concat([decipher.update(b.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      // Sealed under another key or altered: unknown, as a placeholder the vault never held (left as is).
      return undefined;
    }
  }
}
