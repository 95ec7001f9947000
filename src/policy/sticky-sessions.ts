import { createHmac } from 'node:crypto';
import { hmacKey } from '../util/hmac-key.ts';
import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** A pinned session: the rule that first sent it internal. */
export interface Pin {
  rule: string;
}

export interface StickySessionsOptions {
  db: DatabaseSync;
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
 * Pins are written to SQLite (`policy_sticky_sessions`) before the request is forwarded, so a gateway
 * restart does not release them; memory is only a bounded cache in front. A pin expires `ttlMs` after
 * the session's last request (sliding). Database errors propagate: the request fails, it is not sent
 * externally (fail closed).
 */
export class StickySessions {
  readonly #hashKey: Buffer;
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, { rule: string; expiresAt: number }>();
  readonly #select: StatementSync;
  readonly #upsert: StatementSync;
  readonly #touch: StatementSync;
  readonly #prune: StatementSync;
  #pinsSincePrune = 0;

  constructor(options: StickySessionsOptions) {
    this.#hashKey = options.hashKey;
    this.#ttlMs = options.ttlMs;
    this.#max = options.maxSessions;
    this.#now = options.now ?? Date.now;
    const db = options.db;
    this.#select = db.prepare('SELECT rule, expires_at FROM policy_sticky_sessions WHERE session = ?');
    this.#upsert = db.prepare(
      `INSERT INTO policy_sticky_sessions (session, rule, pinned_at, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (session) DO UPDATE SET expires_at = excluded.expires_at`,
    );
    this.#touch = db.prepare('UPDATE policy_sticky_sessions SET expires_at = ? WHERE session = ?');
    this.#prune = db.prepare('DELETE FROM policy_sticky_sessions WHERE expires_at < ?');
    this.#prune.run(this.#now());
  }

  /** The pin of a session, or undefined. A hit extends the pin (sliding expiry). */
  get(sessionKey: string): Pin | undefined {
    const id = this.#id(sessionKey);
    const now = this.#now();
    let entry = this.#cache.get(id);
    if (entry === undefined) {
      const row = this.#select.get(id) as { rule: string; expires_at: number } | undefined;
      if (row !== undefined) entry = { rule: row.rule, expiresAt: row.expires_at };
    }
    if (entry === undefined || entry.expiresAt <= now) {
      this.#cache.delete(id);
      return undefined;
    }
    // Extend at most once per half TTL, so a busy session costs one write now and then, not per turn.
    if (entry.expiresAt - now < this.#ttlMs / 2) {
      entry.expiresAt = now + this.#ttlMs;
      this.#touch.run(entry.expiresAt, id);
    }
    this.#remember(id, entry);
    return { rule: entry.rule };
  }

  /** Pins a session (or extends an existing pin, keeping the rule that first pinned it). */
  pin(sessionKey: string, rule: string): void {
    const id = this.#id(sessionKey);
    const now = this.#now();
    const expiresAt = now + this.#ttlMs;
    this.#upsert.run(id, rule, new Date(now).toISOString(), expiresAt);
    // The stored rule is the one that first pinned the session (the upsert keeps it).
    const stored = this.#select.get(id) as { rule: string } | undefined;
    this.#remember(id, { rule: stored?.rule ?? rule, expiresAt });
    if (++this.#pinsSincePrune >= 1000) {
      this.#pinsSincePrune = 0;
      this.#prune.run(now);
    }
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
