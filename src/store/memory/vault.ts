import type { VaultPort } from '../ports.ts';

/**
 * The vault port in this process's memory (the default: no `redis.url`). Conversations expire `ttlMs`
 * after their last use and at most `maxConversations` are kept, the least recently used dropped first
 * (a Map's insertion order is the LRU order: a used conversation is re-inserted).
 */
export class MemoryVault implements VaultPort {
  readonly #entries = new Map<string, { values: Map<string, string>; expiresAt: number }>();
  readonly #maxConversations: number;
  readonly #now: () => number;

  constructor(maxConversations = 10_000, now: () => number = Date.now) {
    this.#maxConversations = maxConversations;
    this.#now = now;
  }

  async put(conversation: string, entries: Array<[string, string]>, ttlMs: number, maxValues: number): Promise<boolean> {
    const entry = this.#touch(conversation, ttlMs, true)!;
    const added = entries.filter(([p], i) => !entry.values.has(p) && entries.findIndex(([q]) => q === p) === i);
    if (entry.values.size + added.length > maxValues) return false;
    for (const [placeholder, sealed] of added) entry.values.set(placeholder, sealed);
    return true;
  }

  async read(conversation: string, ttlMs: number): Promise<Map<string, string>> {
    return new Map(this.#touch(conversation, ttlMs, false)?.values ?? []);
  }

  /** Conversations held (tests). */
  get size(): number {
    return this.#entries.size;
  }

  #touch(conversation: string, ttlMs: number, create: boolean): { values: Map<string, string>; expiresAt: number } | undefined {
    const now = this.#now();
    let entry = this.#entries.get(conversation);
    if (entry && entry.expiresAt <= now) {
      this.#entries.delete(conversation);
      entry = undefined;
    }
    if (!entry) {
      if (!create) return undefined;
      entry = { values: new Map(), expiresAt: 0 };
    } else {
      this.#entries.delete(conversation);
    }
    entry.expiresAt = now + ttlMs;
    this.#entries.set(conversation, entry);
    while (this.#entries.size > this.#maxConversations) this.#entries.delete(this.#entries.keys().next().value as string);
    return entry;
  }
}
