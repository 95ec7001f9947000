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
/** Reserved pin id holding the installation key's fingerprint (session ids are 40 hex characters). */
const KEY_CHECK_ID = 'installation-key-check';
/** The reserved pin never expires in practice (100 years). */
const KEY_CHECK_TTL_MS = 100 * 365 * 86_400_000;

/**
 * This instance's installation key differs from the one recorded in the shared pin store: session ids
 * (HMACs under that key) would differ between instances, so a session pinned internal on one would not be
 * pinned on another — and could reach an external model there.
 */
export class InstallationKeyMismatch extends Error {
  constructor() {
    super(
      "this instance's installation key (keys/secret.key in the data directory) is not the one the other instances " +
        'sharing the store use: sessions pinned internal on one would not be pinned on another. Copy keys/secret.key from ' +
        'the first instance to every instance (docs/scale-out.md)',
    );
    this.name = 'InstallationKeyMismatch';
  }
}

export class StickySessions {
  readonly #hashKey: Buffer;
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, { rule: string; expiresAt: number }>();
  readonly #pins: PinPort;
  #pinsSincePrune = 0;
  #pruned = false;
  #keyChecked: Promise<void> | undefined;
  /** Set for pins shared with other instances: every get/pin first checks the installation key. */
  #shared = false;

  constructor(options: StickySessionsOptions) {
    this.#hashKey = options.hashKey;
    this.#ttlMs = options.ttlMs;
    this.#max = options.maxSessions;
    this.#now = options.now ?? Date.now;
    this.#pins = options.pins;
  }

  /** The pin of a session, or undefined. A hit extends the pin (sliding expiry). */
  async get(sessionKey: string): Promise<Pin | undefined> {
    const keyCheck = this.#sameKey();
    if (keyCheck !== undefined) await keyCheck;
    const id = this.#id(sessionKey);
    const now = this.#now();
    let entry = this.#cache.get(id);
    // A cached pin that looks expired is read again: another instance sharing the store may have
    // extended it since (a stale cache must never release a pinned session to an external model).
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

  /** The pin under any of a session's names (policy/session-aliases.ts), or undefined; the first name's pin wins. */
  async getAny(sessionKeys: readonly string[]): Promise<Pin | undefined> {
    const pins = await Promise.all(sessionKeys.map((k) => this.get(k)));
    return pins.find((p) => p !== undefined);
  }

  /** Pins a session under every one of its names, so that any of them finds the pin on a later turn. */
  async pinAll(sessionKeys: readonly string[], rule: string): Promise<void> {
    for (const k of new Set(sessionKeys)) await this.pin(k, rule);
  }

  /** Pins a session (or extends an existing pin, keeping the rule that first pinned it). */
  async pin(sessionKey: string, rule: string): Promise<void> {
    const keyCheck = this.#sameKey();
    if (keyCheck !== undefined) await keyCheck;
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

  /**
   * Records this instance's key fingerprint in the pin store if none is there (set-if-absent), and throws
   * `InstallationKeyMismatch` when another one is: instances sharing a pin store (PostgreSQL, Redis) must
   * share the key their session ids are HMACs under. Run at start for shared pins; after
   * `requireSharedKey` every get/pin waits for it too (a store unreachable at start is checked on first
   * use), so a mismatch refuses requests instead of unpinning. Not used for the embedded SQLite store: its
   * pins and the key live in one data directory.
   */
  async checkSharedKey(): Promise<void> {
    const now = this.#now();
    const fingerprint = createHmac('sha256', hmacKey(this.#hashKey)).update('sticky-key-check').digest('hex').slice(0, 32);
    const stored = await this.#pins.pin(KEY_CHECK_ID, fingerprint, new Date(now).toISOString(), now + KEY_CHECK_TTL_MS);
    if (stored !== fingerprint) throw new InstallationKeyMismatch();
  }

  /** The pins are shared with other instances (PostgreSQL store, Redis): check the key before use. */
  requireSharedKey(): void {
    this.#shared = true;
  }

  #sameKey(): Promise<void> | undefined {
    if (!this.#shared) return undefined;
    this.#keyChecked ??= this.checkSharedKey().catch((err: unknown) => {
      // Unreachable store: checked again next time. A mismatch stays: every request is refused.
      if (!(err instanceof InstallationKeyMismatch)) this.#keyChecked = undefined;
      throw err;
    });
    return this.#keyChecked;
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
