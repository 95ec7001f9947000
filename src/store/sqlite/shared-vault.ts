/**
 * The vault port over a SQLite file the worker processes of one `sekisho serve --workers N` share:
 * `<dataDir>/vault.db`, so a conversation redacted by one worker is restored by whichever worker streams
 * the next answer. It holds only what redaction/vault.ts hands every port: conversation names (HMACs) and
 * sealed values (AES-256-GCM under a key the primary draws at start and gives only to its workers; never
 * written anywhere). Its own database file, so its writes never wait on the audit trail's lock; deleted at
 * every start of the primary (nothing sealed under an earlier key could be opened anyway).
 */
import { DatabaseSync } from 'node:sqlite';
import { rmSync } from 'node:fs';
import type { VaultPort } from '../ports.ts';
import { ensurePrivateFile, tightenIfPresent, type OnTightened } from '../private-files.ts';
import { prepared } from '../statement-cache.ts';

export const VAULT_FILE_NAME = 'vault.db';

/** Prune expired and surplus conversations every this many puts. */
const PRUNE_EVERY = 256;

export class SqliteVault implements VaultPort {
  readonly #db: DatabaseSync;
  readonly #maxConversations: number;
  readonly #now: () => number;
  #puts = 0;

  constructor(db: DatabaseSync, maxConversations = 10_000, now: () => number = Date.now) {
    this.#db = db;
    this.#maxConversations = maxConversations;
    this.#now = now;
    db.exec(`CREATE TABLE IF NOT EXISTS vault_conversations (conv TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) STRICT, WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS vault_conversations_expiry ON vault_conversations (expires_at);
      CREATE TABLE IF NOT EXISTS vault_values (conv TEXT NOT NULL, placeholder TEXT NOT NULL, sealed TEXT NOT NULL, PRIMARY KEY (conv, placeholder)) STRICT, WITHOUT ROWID;`);
  }

  /** Opens (creating) `path`, 0600, WAL, waiting up to 5 s for another worker's write. */
  static open(path: string, onTightened?: OnTightened, maxConversations?: number): SqliteVault {
    ensurePrivateFile(path, onTightened);
    for (const side of ['-wal', '-shm', '-journal']) tightenIfPresent(path + side, onTightened);
    const db = new DatabaseSync(path);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
    return new SqliteVault(db, maxConversations);
  }

  /** Deletes the file and its WAL (the primary, before any worker starts). */
  static remove(path: string): void {
    for (const side of ['', '-wal', '-shm', '-journal']) rmSync(path + side, { force: true });
  }

  /** One immediate transaction: no other worker interleaves between the count and the inserts. */
  async put(conversation: string, entries: Array<[placeholder: string, sealed: string]>, ttlMs: number, maxValues: number): Promise<boolean> {
    const now = this.#now();
    if (++this.#puts % PRUNE_EVERY === 0) this.#prune(now);
    return this.#transaction(() => {
      this.#dropIfExpired(conversation, now);
      prepared(this.#db, 'INSERT INTO vault_conversations (conv, expires_at) VALUES (?, ?) ON CONFLICT (conv) DO UPDATE SET expires_at = excluded.expires_at').run(conversation, now + ttlMs);
      const has = prepared(this.#db, 'SELECT 1 AS x FROM vault_values WHERE conv = ? AND placeholder = ?');
      const added = new Map<string, string>();
      for (const [placeholder, sealed] of entries) if (!added.has(placeholder) && !has.get(conversation, placeholder)) added.set(placeholder, sealed);
      const { n } = prepared(this.#db, 'SELECT count(*) AS n FROM vault_values WHERE conv = ?').get(conversation) as { n: number };
      if (Number(n) + added.size > maxValues) return false;
      const insert = prepared(this.#db, 'INSERT INTO vault_values (conv, placeholder, sealed) VALUES (?, ?, ?)');
      for (const [placeholder, sealed] of added) insert.run(conversation, placeholder, sealed);
      return true;
    });
  }

  async read(conversation: string, ttlMs: number): Promise<Map<string, string>> {
    const now = this.#now();
    return this.#transaction(() => {
      this.#dropIfExpired(conversation, now);
      const rows = prepared(this.#db, 'SELECT placeholder, sealed FROM vault_values WHERE conv = ?').all(conversation) as Array<{ placeholder: string; sealed: string }>;
      if (rows.length > 0) prepared(this.#db, 'UPDATE vault_conversations SET expires_at = ? WHERE conv = ?').run(now + ttlMs, conversation);
      return new Map(rows.map((r) => [r.placeholder, r.sealed]));
    });
  }

  /** Conversations held (tests). */
  get size(): number {
    return Number((prepared(this.#db, 'SELECT count(*) AS n FROM vault_conversations').get() as { n: number }).n);
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  /** Deletes expired conversations, then the least recently used beyond the bound. */
  #prune(now: number): void {
    this.#transaction(() => {
      prepared(this.#db, 'DELETE FROM vault_values WHERE conv IN (SELECT conv FROM vault_conversations WHERE expires_at <= ?)').run(now);
      prepared(this.#db, 'DELETE FROM vault_conversations WHERE expires_at <= ?').run(now);
      const { n } = prepared(this.#db, 'SELECT count(*) AS n FROM vault_conversations').get() as { n: number };
      const excess = Number(n) - this.#maxConversations;
      if (excess > 0) {
        const old = 'SELECT conv FROM vault_conversations ORDER BY expires_at LIMIT ?';
        prepared(this.#db, `DELETE FROM vault_values WHERE conv IN (${old})`).run(excess);
        prepared(this.#db, `DELETE FROM vault_conversations WHERE conv IN (${old})`).run(excess);
      }
    });
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
