import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Originals of redacted values, per conversation, so answers can be restored. Values are held
 * encrypted (AES-256-GCM, a key that exists only in this process's memory), conversations expire after
 * `ttlMs` without use, and both the number of conversations and the values per conversation are
 * bounded (least recently used conversations are dropped first).
 */
export interface VaultOptions {
  ttlMs: number;
  maxConversations: number;
  maxValuesPerConversation: number;
}

interface Sealed {
  iv: Buffer;
  data: Buffer;
  tag: Buffer;
}

interface Entry {
  values: Map<string, Sealed>;
  expiresAt: number;
}

export class VaultStore {
  readonly #key = randomBytes(32);
  readonly #entries = new Map<string, Entry>();
  readonly #options: VaultOptions;

  constructor(options: Partial<VaultOptions> = {}) {
    this.#options = { ttlMs: 6 * 60 * 60 * 1000, maxConversations: 10_000, maxValuesPerConversation: 2_000, ...options };
  }

  /** Remembers `placeholder → value` for a conversation. Returns false when the conversation is full. */
  put(conversation: string, placeholder: string, value: string, now = Date.now()): boolean {
    const entry = this.#touch(conversation, now, true)!;
    if (entry.values.has(placeholder)) return true;
    if (entry.values.size >= this.#options.maxValuesPerConversation) return false;
    entry.values.set(placeholder, this.#seal(value));
    return true;
  }

  /** A conversation's view for restoring answers (undefined when it has nothing redacted). */
  open(conversation: string, now = Date.now()): ConversationVault | undefined {
    const entry = this.#touch(conversation, now, false);
    if (!entry || entry.values.size === 0) return undefined;
    const placeholders = [...entry.values.keys()];
    return {
      placeholders,
      get: (placeholder) => {
        const sealed = entry.values.get(placeholder);
        return sealed ? this.#unseal(sealed) : undefined;
      },
    };
  }

  get size(): number {
    return this.#entries.size;
  }

  #touch(conversation: string, now: number, create: boolean): Entry | undefined {
    let entry = this.#entries.get(conversation);
    if (entry && entry.expiresAt <= now) {
      this.#entries.delete(conversation);
      entry = undefined;
    }
    if (!entry) {
      if (!create) return undefined;
      entry = { values: new Map(), expiresAt: 0 };
    } else {
      this.#entries.delete(conversation); // re-insert: Map order is the LRU order
    }
    entry.expiresAt = now + this.#options.ttlMs;
    this.#entries.set(conversation, entry);
    while (this.#entries.size > this.#options.maxConversations) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return entry;
  }

  #seal(value: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return { iv, data, tag: cipher.getAuthTag() };
  }

  #unseal(sealed: Sealed): string {
    const decipher = createDecipheriv('aes-256-gcm', this.#key, sealed.iv);
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.data), decipher.final()]).toString('utf8');
  }
}

/** The redacted values of one conversation. */
export interface ConversationVault {
  placeholders: string[];
  get(placeholder: string): string | undefined;
}
