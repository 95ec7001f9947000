import type { TurnTailPort } from '../ports.ts';

/**
 * The turn-tail port in this process's memory (one gateway process, no shared store). Entries expire
 * `ttlMs` after they were stored and at most `maxEntries` are kept, the oldest dropped first (a Map keeps
 * insertion order; a replaced entry is re-inserted).
 */
export class MemoryTurnTails implements TurnTailPort {
  readonly #entries = new Map<string, { sealed: string; expiresAt: number }>();
  readonly #max: number;
  readonly #now: () => number;

  constructor(maxEntries = 10_000, now: () => number = Date.now) {
    this.#max = Math.max(1, maxEntries);
    this.#now = now;
  }

  async put(name: string, sealed: string, ttlMs: number): Promise<void> {
    this.#entries.delete(name);
    this.#entries.set(name, { sealed, expiresAt: this.#now() + ttlMs });
    while (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  async get(name: string): Promise<string | undefined> {
    const entry = this.#entries.get(name);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(name);
      return undefined;
    }
    return entry.sealed;
  }

  /** Entries held (tests). */
  get size(): number {
    return this.#entries.size;
  }
}
