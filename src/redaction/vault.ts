import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import type { VaultPort } from '../store/ports.ts';
import { MemoryVault } from '../store/memory/vault.ts';

/**
 * Originals of redacted values, per conversation, so answers can be restored. Values are sealed here
 * (AES-256-GCM under the vault key, the conversation's name and the placeholder bound in as associated
 * data, so a value moved to another entry does not open) before they reach the port, and conversations
 * are named by an HMAC of their session key: what the port stores — this process's memory by default,
 * Redis with `redis.url` (docs/scale-out.md) — is neither a value nor a session id. Conversations expire
 * after `ttlMs` without use; the values per conversation are bounded.
 *
 * The key: random per process for the memory vault (nothing outlives the process); derived from the
 * installation key for a shared vault (every instance has the same installation key, so every instance
 * can open what another sealed — and a copy of Redis alone opens nothing).
 */
export interface VaultOptions {
  ttlMs: number;
  maxConversations: number;
  maxValuesPerConversation: number;
}

export interface VaultStoreOptions extends Partial<VaultOptions> {
  /** Where sealed values are kept (default: this process's memory). */
  port?: VaultPort;
  /** 32 bytes: the AES-256-GCM key and the conversation-naming key are derived from it (default: random). */
  key?: Buffer;
}

/** The redacted values of one conversation. */
export interface ConversationVault {
  placeholders: string[];
  get(placeholder: string): string | undefined;
}

export class VaultStore {
  readonly #cipherKey: Buffer;
  /** A KeyObject, made once: `createHmac` with a raw Buffer prepares the key again on every call (util/hmac-key.ts). */
  readonly #nameKey: KeyObject;
  readonly #port: VaultPort;
  readonly #options: VaultOptions;
  /** Whether the port is shared by other instances (not this process's memory). */
  readonly shared: boolean;

  constructor(options: VaultStoreOptions = {}) {
    this.#options = {
      ttlMs: options.ttlMs ?? 6 * 60 * 60 * 1000,
      maxConversations: options.maxConversations ?? 10_000,
      maxValuesPerConversation: options.maxValuesPerConversation ?? 2_000,
    };
    const root = options.key ?? randomBytes(32);
    if (root.length < 32) throw new Error('the vault key must be at least 32 bytes');
    this.#cipherKey = derive(root, 'sekisho-vault-cipher');
    this.#nameKey = createSecretKey(derive(root, 'sekisho-vault-name'));
    this.shared = options.port !== undefined;
    this.#port = options.port ?? new MemoryVault(this.#options.maxConversations);
  }

  /**
   * Remembers `placeholder → value` for each pair of a conversation. Resolves false when the
   * conversation would hold more values than allowed (nothing is added); rejects when the port cannot
   * be reached (the caller refuses the request: a redaction whose original is not kept is not made).
   */
  async putAll(conversation: string, pairs: Array<[placeholder: string, value: string]>): Promise<boolean> {
    if (pairs.length === 0) return true;
    const name = this.#name(conversation);
    const entries = pairs.map(([placeholder, value]): [string, string] => [placeholder, this.#seal(name, placeholder, value)]);
    return this.#port.put(name, entries, this.#options.ttlMs, this.#options.maxValuesPerConversation);
  }

  /**
   * A conversation's view for restoring answers (undefined when it has nothing redacted). Values are
   * opened when asked for; one that does not open (another key, a moved entry) is undefined, so its
   * placeholder stays in the answer. Rejects when the port cannot be reached.
   */
  async open(conversation: string): Promise<ConversationVault | undefined> {
    const name = this.#name(conversation);
    const entries = await this.#port.read(name, this.#options.ttlMs);
    if (entries.size === 0) return undefined;
    return {
      placeholders: [...entries.keys()],
      get: (placeholder) => {
        const sealed = entries.get(placeholder);
        return sealed === undefined ? undefined : this.#unseal(name, placeholder, sealed);
      },
    };
  }

  #name(conversation: string): string {
    return createHmac('sha256', this.#nameKey).update(conversation).digest('hex').slice(0, 40);
  }

  /** base64(iv ‖ tag ‖ ciphertext). */
  #seal(name: string, placeholder: string, value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#cipherKey, iv);
    cipher.setAAD(Buffer.from(`${name}\0${placeholder}`));
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
  }

  #unseal(name: string, placeholder: string, sealed: string): string | undefined {
    try {
      const raw = Buffer.from(sealed, 'base64');
      if (raw.length < 28) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', this.#cipherKey, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(`${name}\0${placeholder}`));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

/** The key of a shared vault: derived from the installation key (HKDF-SHA256), never the key itself. */
export function sharedVaultKey(installationKey: Buffer): Buffer {
  return derive(installationKey, 'sekisho-shared-vault');
}

function derive(key: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
}
