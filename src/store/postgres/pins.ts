import type { Sql } from 'postgres';
import type { PinPort, StoredPin } from '../ports.ts';

/** The sticky-session port over PostgreSQL's `policy_sticky_sessions`. */
export class PostgresPins implements PinPort {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async get(session: string): Promise<StoredPin | undefined> {
    const row = (await this.#sql<Array<{ rule: string; expires_at: string }>>`SELECT rule, expires_at FROM policy_sticky_sessions WHERE session = ${session}`)[0];
    return row === undefined ? undefined : { rule: row.rule, expiresAt: Number(row.expires_at) };
  }

  /** One statement: the upsert keeps the first rule (set-if-absent) and returns it; atomic in PostgreSQL. */
  async pin(session: string, rule: string, pinnedAt: string, expiresAt: number): Promise<string> {
    const rows = await this.#sql<Array<{ rule: string }>>`
      INSERT INTO policy_sticky_sessions (session, rule, pinned_at, expires_at) VALUES (${session}, ${rule}, ${pinnedAt}, ${expiresAt})
      ON CONFLICT (session) DO UPDATE SET expires_at = EXCLUDED.expires_at RETURNING rule`;
    return rows[0]?.rule ?? rule;
  }

  async extend(session: string, expiresAt: number): Promise<void> {
    await this.#sql`UPDATE policy_sticky_sessions SET expires_at = ${expiresAt} WHERE session = ${session}`;
  }

  async prune(now: number): Promise<void> {
    await this.#sql`DELETE FROM policy_sticky_sessions WHERE expires_at < ${now}`;
  }
}
