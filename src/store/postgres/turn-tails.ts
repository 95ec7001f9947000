import type { Sql } from 'postgres';
import type { TurnTailPort } from '../ports.ts';

/** Expired rows are deleted at most this often per instance (on a put). */
const PRUNE_EVERY_MS = 60_000;

/**
 * The turn-tail port over PostgreSQL (`store.url` without Redis): one row of `turn_tails` per name (an
 * HMAC of caller and response id), its sealed tail and its expiry (epoch ms from this gateway's clock).
 * A put is one upsert; a get ignores expired rows; expired rows are deleted at most once a minute per
 * instance, so the table holds about an hour of answers.
 */
export class PostgresTurnTails implements TurnTailPort {
  readonly #sql: Sql;
  readonly #now: () => number;
  #lastPrune = 0;

  constructor(sql: Sql, now: () => number = Date.now) {
    this.#sql = sql;
    this.#now = now;
  }

  async put(name: string, sealed: string, ttlMs: number): Promise<void> {
    const now = this.#now();
    const expiresAt = now + Math.max(1, Math.ceil(ttlMs));
    await this.#sql`INSERT INTO turn_tails (name, sealed, expires_at) VALUES (${name}, ${sealed}, ${expiresAt})
      ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, expires_at = excluded.expires_at`;
    if (now - this.#lastPrune >= PRUNE_EVERY_MS) {
      this.#lastPrune = now;
      await this.#sql`DELETE FROM turn_tails WHERE expires_at <= ${now}`.catch(() => {});
    }
  }

  async get(name: string): Promise<string | undefined> {
    const rows = await this.#sql<Array<{ sealed: string }>>`SELECT sealed FROM turn_tails WHERE name = ${name} AND expires_at > ${this.#now()}`;
    return rows[0]?.sealed;
  }
}
