import type { Sql } from 'postgres';
import type { VaultPort } from '../ports.ts';

/** Expired rows are deleted at most this often per instance (on a put). */
const PRUNE_EVERY_MS = 60_000;

/**
 * The vault port over PostgreSQL (`store.url` without Redis): rows of `redaction_vault`, one per
 * conversation and placeholder, sealed by the caller, each with the conversation's expiry (epoch ms from
 * this gateway's clock). A put is one transaction under an advisory lock per conversation: expired rows of
 * it are dropped, the bound is checked, the new placeholders inserted (a placeholder keeps its first
 * value) and the expiry moved. A read is one `UPDATE … RETURNING` that moves the expiry of the live rows.
 */
export class PostgresVault implements VaultPort {
  readonly #sql: Sql;
  readonly #now: () => number;
  #lastPrune = 0;

  constructor(sql: Sql, now: () => number = Date.now) {
    this.#sql = sql;
    this.#now = now;
  }

  async put(conversation: string, entries: Array<[string, string]>, ttlMs: number, maxValues: number): Promise<boolean> {
    const now = this.#now();
    const expiresAt = now + Math.max(1, Math.ceil(ttlMs));
    const added = await this.#sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(hashtext('sekisho.vault'), hashtext(${conversation}))`;
      await tx`DELETE FROM redaction_vault WHERE conversation = ${conversation} AND expires_at <= ${now}`;
      const held = new Set((await tx<Array<{ placeholder: string }>>`SELECT placeholder FROM redaction_vault WHERE conversation = ${conversation}`).map((r) => r.placeholder));
      const fresh = new Map<string, string>();
      for (const [placeholder, sealed] of entries) if (!held.has(placeholder) && !fresh.has(placeholder)) fresh.set(placeholder, sealed);
      if (held.size + fresh.size > maxValues) return false;
      for (const [placeholder, sealed] of fresh) {
        await tx`INSERT INTO redaction_vault (conversation, placeholder, sealed, expires_at) VALUES (${conversation}, ${placeholder}, ${sealed}, ${expiresAt}) ON CONFLICT DO NOTHING`;
      }
      await tx`UPDATE redaction_vault SET expires_at = ${expiresAt} WHERE conversation = ${conversation}`;
      return true;
    });
    if (now - this.#lastPrune >= PRUNE_EVERY_MS) {
      this.#lastPrune = now;
      await this.#sql`DELETE FROM redaction_vault WHERE expires_at <= ${now}`.catch(() => {});
    }
    return added;
  }

  async read(conversation: string, ttlMs: number): Promise<Map<string, string>> {
    const now = this.#now();
    const rows = await this.#sql<Array<{ placeholder: string; sealed: string }>>`
      UPDATE redaction_vault SET expires_at = ${now + Math.max(1, Math.ceil(ttlMs))}
      WHERE conversation = ${conversation} AND expires_at > ${now}
      RETURNING placeholder, sealed`;
    return new Map(rows.map((r) => [r.placeholder, r.sealed]));
  }
}
