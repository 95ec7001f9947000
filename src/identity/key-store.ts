/**
 * Gateway keys in the embedded store (`api_keys`). Only the SHA-256 of a key is kept: the keys carry
 * ~190 bits of randomness, so unlike passwords they cannot be guessed and a slow hash would only add
 * latency to every request. A presented key is found by its public id (primary key) and its hash is
 * compared in constant time. This module is storage only: no HTTP, no policy.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { prepared } from '../store/statement-cache.ts';
import { generateKey, KEY_ID_PATTERN, parseKey } from './key-format.ts';

/** A key's record as stored and listed (never the key itself). */
export interface KeyRecord {
  id: string;
  user: string;
  team?: string;
  groups: string[];
  admin: boolean;
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

/** What `create` needs. */
export interface NewKey {
  user: string;
  team?: string;
  groups?: string[];
  admin?: boolean;
  /** Absent: the key does not expire. */
  expiresAt?: Date;
}

/** Why a presented key was refused: each gets its own message so the developer knows what to do. */
export type KeyRefusal = 'malformed' | 'checksum' | 'unknown' | 'revoked' | 'expired';

/** A key check's outcome: the record, or why not. */
/** A refused key carries its record when it was recognised (revoked or expired), so a refusal can be attributed. */
export type KeyCheck = { ok: true; record: KeyRecord } | { ok: false; reason: KeyRefusal; id?: string; record?: KeyRecord };

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

/** How often (at most) `last_used_at` is written for one key: once a minute, not on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** The `api_keys` table. Synchronous (node:sqlite): a lookup by primary key takes microseconds. */
export class KeyStore {
  readonly #db: DatabaseSync;
  readonly #touched = new Map<string, number>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Issues a key. Returns the key text (to show once) and its record; only the hash is stored. */
  create(input: NewKey, now: Date = new Date()): { key: string; record: KeyRecord } {
    if (input.user.trim() === '') throw new Error('a key needs a user');
    if (input.expiresAt !== undefined && input.expiresAt.getTime() <= now.getTime()) throw new Error('the expiry is in the past');
    const insert = prepared(this.#db,
      'INSERT OR IGNORE INTO api_keys (id, hash, user, team, groups, admin, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // Ids are 8 base62 characters (~47 bits): a collision is rare but possible, so draw again.
    for (let attempt = 0; attempt < 8; attempt++) {
      const { key, id } = generateKey();
      const groups = [...new Set(input.groups ?? [])];
      const result = insert.run(
        id, hashKey(key), input.user, input.team ?? null, JSON.stringify(groups), input.admin ? 1 : 0,
        now.toISOString(), input.expiresAt?.toISOString() ?? null,
      );
      if (result.changes === 1) return { key, record: this.get(id)! };
    }
    throw new Error('could not allocate a unique key id');
  }

  /** One key's record by id, or undefined. */
  get(id: string): KeyRecord | undefined {
    const row = prepared(this.#db, 'SELECT * FROM api_keys WHERE id = ?').get(id) as Row | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  /** Keys, newest first; revoked and expired ones only with `all`. */
  list(options: { all?: boolean } = {}, now: Date = new Date()): KeyRecord[] {
    const rows = prepared(this.#db, 'SELECT * FROM api_keys ORDER BY created_at DESC, id').all() as unknown as Row[];
    return rows.map(toRecord).filter((r) => options.all === true || keyState(r, now) === 'active');
  }

  /** Revokes a key (effective on the next request). `unknown` / `already` say why nothing changed. */
  revoke(id: string, now: Date = new Date()): 'revoked' | 'already' | 'unknown' {
    if (!KEY_ID_PATTERN.test(id)) return 'unknown';
    const result = prepared(this.#db, 'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now.toISOString(), id);
    if (result.changes === 1) return 'revoked';
    return this.get(id) === undefined ? 'unknown' : 'already';
  }

  /**
   * Checks a presented key: shape and checksum first (no database access for garbage), then the row
   * by id, then the hash in constant time, then revocation and expiry. Records use (at most once a
   * minute per key).
   */
  verify(presented: string, now: Date = new Date()): KeyCheck {
    const parsed = parseKey(presented);
    if (!parsed.ok) return { ok: false, reason: parsed.reason === 'format' ? 'malformed' : 'checksum' };
    const row = prepared(this.#db, 'SELECT * FROM api_keys WHERE id = ?').get(parsed.id) as Row | undefined;
    const expected = row === undefined ? DUMMY_HASH : Buffer.from(row.hash);
    const matches = timingSafeEqual(hashKey(presented), expected.length === 32 ? expected : DUMMY_HASH);
    if (row === undefined || !matches) return { ok: false, reason: 'unknown' };
    const record = toRecord(row);
    const state = keyState(record, now);
    if (state !== 'active') return { ok: false, reason: state, id: record.id, record };
    this.#touch(record.id, now);
    return { ok: true, record };
  }

  #touch(id: string, now: Date): void {
    const last = this.#touched.get(id);
    if (last !== undefined && now.getTime() - last < LAST_USED_RESOLUTION_MS) return;
    this.#touched.set(id, now.getTime());
    if (this.#touched.size > 100_000) this.#touched.clear();
    const since = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
    this.#db
      .prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)')
      .run(now.toISOString(), id, since);
  }
}

/** Whether a key can be used at `now`. Revocation wins over expiry (it is the more deliberate act). */
export function keyState(record: KeyRecord, now: Date): 'active' | 'revoked' | 'expired' {
  if (record.revokedAt !== undefined) return 'revoked';
  if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

/** SHA-256 of the key text: what is stored and compared. */
export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** Compared against when the id is unknown, so both paths do the same work. */
const DUMMY_HASH = Buffer.alloc(32);

function toRecord(row: Row): KeyRecord {
  const record: KeyRecord = { id: row.id, user: row.user, groups: parseGroups(row.groups), admin: row.admin === 1, createdAt: row.created_at };
  if (row.team !== null) record.team = row.team;
  if (row.expires_at !== null) record.expiresAt = row.expires_at;
  if (row.revoked_at !== null) record.revokedAt = row.revoked_at;
  if (row.last_used_at !== null) record.lastUsedAt = row.last_used_at;
  return record;
}

function parseGroups(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}
