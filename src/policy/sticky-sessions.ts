import { createHmac } from 'node:crypto';
import { hmacKey } from '../util/hmac-key.ts';
import type { PinPort } from '../store/ports.ts';

/** A pinned session: the rule that first sent it internal. */
export interface Pin {
  rule: string;
}

export interface StickySessionsOptions {
  /** Where pins are kept (store/ports.ts). */
  pins: PinPort;
  /** Key of the HMAC that stands in for session keys (the installation's key): no session ids at rest. */
  hashKey: Buffer;
  /** A pin lasts this long after the session's last request. */
  ttlMs: number;
  /** Pins cached in memory; every pin is also in the database, so eviction never unpins. */
  maxSessions: number;
  now?: () => number;
}

/**
 * Sessions that `route-internal` pinned to internal backends: once a conversation carried own code or
 * personal data, the rest of it must not go to an external model (the history holds that content).
 * Pins are written through the pin port (`policy_sticky_sessions`) before the request is forwarded, so a
 * gateway restart does not release them; memory is only a bounded cache in front. A pin expires `ttlMs` after
 * the session's last request (sliding). Database errors propagate: the request fails, it is not sent
 * externally (fail closed).
 */
export class StickySessions {
  readonly #hashKey: Buffer;
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, { rule: string; expiresAt: number }>();
  readonly #pins: PinPort;
  #pinsSincePrune = 0;
  #pruned = false;

  constructor(options: StickySessionsOptions) {
    this.#hashKey = options.hashKey;
    this.#ttlMs = options.ttlMs;
    this.#max = options.maxSessions;
    this.#now = options.now ?? Date.now;
    this.#pins = options.pins;
  }

  /** The pin of a session, or undefined. A hit extends the pin (sliding expiry). */
  async get(sessionKey: string): Promise<Pin | undefined> {
    const id = this.#id(sessionKey);
    const now = this.#now();
    let entry = this.#cache.get(id);
    // A cached pin that looks expired is read again: another instance sharing the store may have
    // extended it since (its use of the session slides the expiry there, not in this cache).
    if (entry === undefined || entry.expiresAt <= now) {
      const stored = await this.#pins.get(id);
      entry = stored === undefined ? undefined : { rule: stored.rule, expiresAt: stored.expiresAt };
    }
    if (entry === undefined || entry.expiresAt <= now) {
      this.#cache.delete(id);
      return undefined;
    }
    // Extend at most once per half TTL, so a busy session costs one write now and then, not per turn.
    if (entry.expiresAt - now < this.#ttlMs / 2) {
      entry.expiresAt = now + this.#ttlMs;
      await this.#pins.extend(id, entry.expiresAt);
    }
    this.#remember(id, entry);
    return { rule: entry.rule };
  }

  /** Pins a session (or extends an existing pin, keeping the rule that first pinned it). */
  async pin(sessionKey: string, rule: string): Promise<void> {
    const id = this.#id(sessionKey);
    const now = this.#now();
    const expiresAt = now + this.#ttlMs;
    // Set-if-absent: the stored rule is the one that first pinned the session.
    const stored = await this.#pins.pin(id, rule, new Date(now).toISOString(), expiresAt);
    this.#remember(id, { rule: stored, expiresAt });
    if (!this.#pruned || ++this.#pinsSincePrune >= 1000) {
      this.#pruned = true;
      this.#pinsSincePrune = 0;
      await this.#pins.prune(now);
    }
  }

  /** Deletes expired pins (done at start and every 1000 pins). */
  async prune(): Promise<void> {
    this.#pruned = true;
    await this.#pins.prune(this.#now());
  }

  /** Pins held in memory (for health). */
  get cached(): number {
    return this.#cache.size;
  }

  #remember(id: string, entry: { rule: string; expiresAt: number }): void {
    this.#cache.delete(id);
    this.#cache.set(id, entry);
    if (this.#cache.size > this.#max) this.#cache.delete(this.#cache.keys().next().value!);
  }

  #id(sessionKey: string): string {
    return createHmac('sha256', hmacKey(this.#hashKey)).update('sticky\0').update(sessionKey).digest('hex').slice(0, 40);
  }
}
