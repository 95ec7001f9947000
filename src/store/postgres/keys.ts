import type { Sql } from 'postgres';
import type { KeyPort, StoredKey } from '../ports.ts';
import { parseGroups } from '../sqlite/keys.ts';

interface Row {
  id: string;
  hash: Buffer;
  user: string;
  team: string | null;
  groups: string;
  admin: boolean;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** The key port over PostgreSQL's `api_keys`. */
export class PostgresKeys implements KeyPort {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async insert(k: StoredKey): Promise<boolean> {
    const result = await this.#sql`
      INSERT INTO api_keys (id, hash, "user", team, groups, admin, created_at, expires_at)
      VALUES (${k.id}, ${Buffer.from(k.hash)}, ${k.user}, ${k.team ?? null}, ${JSON.stringify(k.groups)}, ${k.admin}, ${k.createdAt}, ${k.expiresAt ?? null})
      ON CONFLICT (id) DO NOTHING`;
    return result.count === 1;
  }

  async get(id: string): Promise<StoredKey | undefined> {
    const rows = await this.#sql<Row[]>`SELECT * FROM api_keys WHERE id = ${id}`;
    return rows[0] === undefined ? undefined : toStored(rows[0]);
  }

  async list(): Promise<StoredKey[]> {
    return (await this.#sql<Row[]>`SELECT * FROM api_keys ORDER BY created_at DESC, id`).map(toStored);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    return (await this.#sql`UPDATE api_keys SET revoked_at = ${at} WHERE id = ${id} AND revoked_at IS NULL`).count === 1;
  }

  async touch(id: string, at: string, notBefore: string): Promise<void> {
    await this.#sql`UPDATE api_keys SET last_used_at = ${at} WHERE id = ${id} AND (last_used_at IS NULL OR last_used_at <= ${notBefore})`;
  }
}

function toStored(row: Row): StoredKey {
  const k: StoredKey = { id: row.id, hash: Buffer.from(row.hash), user: row.user, groups: parseGroups(row.groups), admin: row.admin, createdAt: row.created_at };
  if (row.team !== null) k.team = row.team;
  if (row.expires_at !== null) k.expiresAt = row.expires_at;
  if (row.revoked_at !== null) k.revokedAt = row.revoked_at;
  if (row.last_used_at !== null) k.lastUsedAt = row.last_used_at;
  return k;
}
