/**
 * The table behind the redaction vault that the worker processes of one `sekisho serve --workers N`
 * share (server/cluster-vault.ts seals and opens the values; this holds opaque rows only). It lives in
 * its own database file, `<dataDir>/vault.db`, so its writes never wait on the audit trail's lock, and
 * it is emptied at every start of the primary (the values are sealed under a key that only that
 * process family ever held). Conversations are named by an HMAC, never by the session key itself.
 */
import { DatabaseSync } from 'node:sqlite';
import { rmSync } from 'node:fs';
import { ensurePrivateFile, tightenIfPresent, type OnTightened } from '../private-files.ts';
import { prepared } from '../statement-cache.ts';

export const VAULT_FILE_NAME = 'vault.db';

export class SqliteVaultTable {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS vault_conversations (conv TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) STRICT, WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS vault_conversations_expiry ON vault_conversations (expires_at);
      CREATE TABLE IF NOT EXISTS vault_values (conv TEXT NOT NULL, placeholder TEXT NOT NULL, sealed BLOB NOT NULL, PRIMARY KEY (conv, placeholder)) STRICT, WITHOUT ROWID;`);
  }

  /** Opens (creating) `path`, 0600, WAL, waiting up to 5 s for another worker's write. */
  static open(path: string, onTightened?: OnTightened): SqliteVaultTable {
    ensurePrivateFile(path, onTightened);
    for (const side of ['-wal', '-shm', '-journal']) tightenIfPresent(path + side, onTightened);
    const db = new DatabaseSync(path);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
    return new SqliteVaultTable(db);
  }

  /** Deletes the file and its WAL (the primary, before any worker starts). */
  static remove(path: string): void {
    for (const side of ['', '-wal', '-shm', '-journal']) rmSync(path + side, { force: true });
  }

  /**
   * Stores a sealed value unless the conversation already has `placeholder` (then nothing changes) or
   * holds `maxValues` values (then false). A conversation expired at `now` starts empty. Moves the
   * conversation's expiry to `expiresAt`. One immediate transaction: no other worker interleaves.
   */
  put(conv: string, placeholder: string, sealed: Uint8Array, now: number, expiresAt: number, maxValues: number): boolean {
    return this.#transaction(() => {
      this.#dropIfExpired(conv, now);
      prepared(this.#db, 'INSERT INTO vault_conversations (conv, expires_at) VALUES (?, ?) ON CONFLICT (conv) DO UPDATE SET expires_at = excluded.expires_at').run(conv, expiresAt);
      if (prepared(this.#db, 'SELECT 1 AS x FROM vault_values WHERE conv = ? AND placeholder = ?').get(conv, placeholder)) return true;
      const { n } = prepared(this.#db, 'SELECT count(*) AS n FROM vault_values WHERE conv = ?').get(conv) as { n: number };
      if (Number(n) >= maxValues) return false;
      prepared(this.#db, 'INSERT INTO vault_values (conv, placeholder, sealed) VALUES (?, ?, ?)').run(conv, placeholder, sealed);
      return true;
    });
  }

  /** A live conversation's sealed values (its expiry moved to `expiresAt`); empty when none or expired. */
  values(conv: string, now: number, expiresAt: number): Array<{ placeholder: string; sealed: Uint8Array }> {
    return this.#transaction(() => {
      this.#dropIfExpired(conv, now);
      const rows = prepared(this.#db, 'SELECT placeholder, sealed FROM vault_values WHERE conv = ?').all(conv) as Array<{ placeholder: string; sealed: Uint8Array }>;
      if (rows.length > 0) prepared(this.#db, 'UPDATE vault_conversations SET expires_at = ? WHERE conv = ?').run(expiresAt, conv);
      return rows;
    });
  }

  /** Deletes expired conversations, then the least recently used beyond `maxConversations`. */
  prune(now: number, maxConversations: number): void {
    this.#transaction(() => {
      prepared(this.#db, 'DELETE FROM vault_values WHERE conv IN (SELECT conv FROM vault_conversations WHERE expires_at <= ?)').run(now);
      prepared(this.#db, 'DELETE FROM vault_conversations WHERE expires_at <= ?').run(now);
      const { n } = prepared(this.#db, 'SELECT count(*) AS n FROM vault_conversations').get() as { n: number };
      const excess = Number(n) - maxConversations;
      if (excess > 0) {
        const old = 'SELECT conv FROM vault_conversations ORDER BY expires_at LIMIT ?';
        prepared(this.#db, `DELETE FROM vault_values WHERE conv IN (${old})`).run(excess);
        prepared(this.#db, `DELETE FROM vault_conversations WHERE conv IN (${old})`).run(excess);
      }
    });
  }

  /** Conversations held (tests). */
  get size(): number {
    return Number((prepared(this.#db, 'SELECT count(*) AS n FROM vault_conversations').get() as { n: number }).n);
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  #dropIfExpired(conv: string, now: number): void {
    const row = prepared(this.#db, 'SELECT expires_at FROM vault_conversations WHERE conv = ?').get(conv) as { expires_at: number } | undefined;
    if (row && Number(row.expires_at) <= now) {
      prepared(this.#db, 'DELETE FROM vault_values WHERE conv = ?').run(conv);
      prepared(this.#db, 'DELETE FROM vault_conversations WHERE conv = ?').run(conv);
    }
  }

  #transaction<T>(body: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = body();
      this.#db.exec('COMMIT');
      return result;
    } catch (err) {
      try {
        this.#db.exec('ROLLBACK');
      } catch {
        // the original error is the one to report
      }
      throw err;
    }
  }
}
