import type { DatabaseSync } from 'node:sqlite';
import type { KeyPort, StoredKey } from '../ports.ts';
import { prepared } from '../statement-cache.ts';

interface Row {
  id: string;
  hash: Uint8Array;
  user: string;
  team: string | null;
  groups: string;
  admin: number;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** The key port over the `api_keys` table. */
export class SqliteKeys implements KeyPort {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  async insert(k: StoredKey): Promise<boolean> {
    const result = prepared(this.#db, 'INSERT OR IGNORE INTO api_keys (id, hash, user, team, groups, admin, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(k.id, k.hash, k.user, k.team ?? null, JSON.stringify(k.groups), k.admin ? 1 : 0, k.createdAt, k.expiresAt ?? null);
    return result.changes === 1;
  }

  async get(id: string): Promise<StoredKey | undefined> {
    const row = prepared(this.#db, 'SELECT * FROM api_keys WHERE id = ?').get(id) as Row | undefined;
    return row === undefined ? undefined : toStored(row);
  }

  async list(): Promise<StoredKey[]> {
    return (prepared(this.#db, 'SELECT * FROM api_keys ORDER BY created_at DESC, id').all() as unknown as Row[]).map(toStored);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    return prepared(this.#db, 'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1;
  }

  async touch(id: string, at: string, notBefore: string): Promise<void> {
    prepared(this.#db, 'UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)').run(at, id, notBefore);
  }
}

function toStored(row: Row): StoredKey {
  const k: StoredKey = { id: row.id, hash: Buffer.from(row.hash), user: row.user, groups: parseGroups(row.groups), admin: row.admin === 1, createdAt: row.created_at };
  if (row.team !== null) k.team = row.team;
  if (row.expires_at !== null) k.expiresAt = row.expires_at;
  if (row.revoked_at !== null) k.revokedAt = row.revoked_at;
  if (row.last_used_at !== null) k.lastUsedAt = row.last_used_at;
  return k;
}

/** The stored JSON array of groups (strings only). */
export function parseGroups(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}
