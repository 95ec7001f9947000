/**
 * Gateway keys, stored through the key port (store/ports.ts; `api_keys` in SQLite or PostgreSQL). Only the SHA-256 of a key is kept: the keys carry
 * ~190 bits of randomness, so unlike passwords they cannot be guessed and a slow hash would only add
 * latency to every request. A presented key is found by its public id (primary key) and its hash is
 * compared in constant time. This module is storage only: no HTTP, no policy.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { KeyPort, KeyRecord, StoredKey } from '../store/ports.ts';
import { generateKey, KEY_ID_PATTERN, parseKey } from './key-format.ts';

export type { KeyRecord } from '../store/ports.ts';

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

/** How often (at most) `last_used_at` is written for one key: once a minute, not on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** Gateway keys over the key port (store/ports.ts): a lookup by primary key per request. */
export class KeyStore {
  readonly #port: KeyPort;
  readonly #touched = new Map<string, number>();

  constructor(port: KeyPort) {
    this.#port = port;
  }

  /** Issues a key. Returns the key text (to show once) and its record; only the hash is stored. */
  async create(input: NewKey, now: Date = new Date()): Promise<{ key: string; record: KeyRecord }> {
    if (input.user.trim() === '') throw new Error('a key needs a user');
    if (input.expiresAt !== undefined && input.expiresAt.getTime() <= now.getTime()) throw new Error('the expiry is in the past');
    // Ids are 8 base62 characters (~47 bits): a collision is rare but possible, so draw again.
    for (let attempt = 0; attempt < 8; attempt++) {
      const { key, id } = generateKey();
      const stored: StoredKey = { id, hash: hashKey(key), user: input.user, groups: [...new Set(input.groups ?? [])], admin: input.admin === true, createdAt: now.toISOString() };
      if (input.team !== undefined) stored.team = input.team;
      if (input.expiresAt !== undefined) stored.expiresAt = input.expiresAt.toISOString();
      if (await this.#port.insert(stored)) return { key, record: toRecord(stored) };
    }
    throw new Error('could not allocate a unique key id');
  }

  /** One key's record by id, or undefined. */
  async get(id: string): Promise<KeyRecord | undefined> {
    const stored = await this.#port.get(id);
    return stored === undefined ? undefined : toRecord(stored);
  }

  /** Keys, newest first; revoked and expired ones only with `all`. */
  async list(options: { all?: boolean } = {}, now: Date = new Date()): Promise<KeyRecord[]> {
    return (await this.#port.list()).map(toRecord).filter((r) => options.all === true || keyState(r, now) === 'active');
  }

  /** Revokes a key (effective on the next request). `unknown` / `already` say why nothing changed. */
  async revoke(id: string, now: Date = new Date()): Promise<'revoked' | 'already' | 'unknown'> {
    if (!KEY_ID_PATTERN.test(id)) return 'unknown';
    if (await this.#port.revoke(id, now.toISOString())) return 'revoked';
    return (await this.#port.get(id)) === undefined ? 'unknown' : 'already';
  }

  /**
   * Checks a presented key: shape and checksum first (no database access for garbage), then the row
   * by id, then the hash in constant time, then revocation and expiry. Records use (at most once a
   * minute per key).
   */
  async verify(presented: string, now: Date = new Date()): Promise<KeyCheck> {
    const parsed = parseKey(presented);
    if (!parsed.ok) return { ok: false, reason: parsed.reason === 'format' ? 'malformed' : 'checksum' };
    const stored = await this.#port.get(parsed.id);
    const expected = stored === undefined ? DUMMY_HASH : Buffer.from(stored.hash);
    const matches = timingSafeEqual(hashKey(presented), expected.length === 32 ? expected : DUMMY_HASH);
    if (stored === undefined || !matches) return { ok: false, reason: 'unknown' };
    const record = toRecord(stored);
    const state = keyState(record, now);
    if (state !== 'active') return { ok: false, reason: state, id: record.id, record };
    await this.#touch(record.id, now);
    return { ok: true, record };
  }

  async #touch(id: string, now: Date): Promise<void> {
    const last = this.#touched.get(id);
    if (last !== undefined && now.getTime() - last < LAST_USED_RESOLUTION_MS) return;
    this.#touched.set(id, now.getTime());
    if (this.#touched.size > 100_000) this.#touched.clear();
    await this.#port.touch(id, now.toISOString(), new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString());
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

function toRecord(stored: StoredKey): KeyRecord {
  const { hash: _hash, ...record } = stored;
  return record;
}
