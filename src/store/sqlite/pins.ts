import type { DatabaseSync } from 'node:sqlite';
import type { PinPort, StoredPin } from '../ports.ts';
import { prepared } from '../statement-cache.ts';

/** The sticky-session port over `policy_sticky_sessions`. */
export class SqlitePins implements PinPort {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  async get(session: string): Promise<StoredPin | undefined> {
    const row = prepared(this.#db, 'SELECT rule, expires_at FROM policy_sticky_sessions WHERE session = ?').get(session) as { rule: string; expires_at: number } | undefined;
    return row === undefined ? undefined : { rule: row.rule, expiresAt: Number(row.expires_at) };
  }

  async pin(session: string, rule: string, pinnedAt: string, expiresAt: number): Promise<string> {
    // One statement: the upsert keeps the first rule and RETURNING reads it back.
    const row = prepared(
      this.#db,
      `INSERT INTO policy_sticky_sessions (session, rule, pinned_at, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (session) DO UPDATE SET expires_at = excluded.expires_at RETURNING rule`,
    ).get(session, rule, pinnedAt, expiresAt) as { rule: string } | undefined;
    return row?.rule ?? rule;
  }

  async extend(session: string, expiresAt: number): Promise<void> {
    prepared(this.#db, 'UPDATE policy_sticky_sessions SET expires_at = ? WHERE session = ?').run(expiresAt, session);
  }

  async prune(now: number): Promise<void> {
    prepared(this.#db, 'DELETE FROM policy_sticky_sessions WHERE expires_at < ?').run(now);
  }
}
