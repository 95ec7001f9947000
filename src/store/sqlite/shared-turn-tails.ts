/**
 * The turn-tail port over a SQLite file the worker processes of one `sekisho serve --workers N` share:
 * `<dataDir>/turn-tails.db`, so the next turn of a Responses chain is joined to the previous one whichever
 * worker takes it. Like the shared vault (shared-vault.ts) it holds only HMAC names and sealed tails
 * (under a key the primary draws at start and gives only to its workers), has its own file (its writes
 * never wait on the audit trail's or the vault's lock), and is deleted at every start of the primary.
 */
import { DatabaseSync } from 'node:sqlite';
import { rmSync } from 'node:fs';
import type { TurnTailPort } from '../ports.ts';
import { ensurePrivateFile, tightenIfPresent, type OnTightened } from '../private-files.ts';
import { prepared } from '../statement-cache.ts';

export const TURN_TAILS_FILE_NAME = 'turn-tails.db';

/** Prune expired and surplus tails every this many puts. */
const PRUNE_EVERY = 256;

export class SqliteTurnTails implements TurnTailPort {
  readonly #db: DatabaseSync;
  readonly #max: number;
  readonly #now: () => number;
  #puts = 0;

  constructor(db: DatabaseSync, maxEntries = 10_000, now: () => number = Date.now) {
    this.#db = db;
    this.#max = Math.max(1, maxEntries);
    this.#now = now;
    db.exec(`CREATE TABLE IF NOT EXISTS turn_tails (name TEXT PRIMARY KEY, sealed TEXT NOT NULL, expires_at INTEGER NOT NULL) STRICT, WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS turn_tails_expiry ON turn_tails (expires_at);`);
  }

  /** Opens (creating) `path`, 0600, WAL, waiting up to 5 s for another worker's write. */
  static open(path: string, onTightened?: OnTightened, maxEntries?: number): SqliteTurnTails {
    ensurePrivateFile(path, onTightened);
    for (const side of ['-wal', '-shm', '-journal']) tightenIfPresent(path + side, onTightened);
    const db = new DatabaseSync(path);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
    return new SqliteTurnTails(db, maxEntries);
  }

  /** Deletes the file and its WAL (the primary, before any worker starts). */
  static remove(path: string): void {
    for (const side of ['', '-wal', '-shm', '-journal']) rmSync(path + side, { force: true });
  }

  /** One statement (atomic by itself); every PRUNE_EVERY puts, expired and surplus rows go (oldest expiry first). */
  async put(name: string, sealed: string, ttlMs: number): Promise<void> {
    const now = this.#now();
    prepared(this.#db, 'INSERT INTO turn_tails (name, sealed, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, expires_at = excluded.expires_at').run(name, sealed, now + ttlMs);
    if (++this.#puts % PRUNE_EVERY === 0) this.prune();
  }

  async get(name: string): Promise<string | undefined> {
    const row = prepared(this.#db, 'SELECT sealed FROM turn_tails WHERE name = ? AND expires_at > ?').get(name, this.#now()) as { sealed: string } | undefined;
    return row?.sealed;
  }

  /** Deletes expired tails, then those beyond the bound that expire first (the oldest). */
  prune(): void {
    prepared(this.#db, 'DELETE FROM turn_tails WHERE expires_at <= ?').run(this.#now());
    const { n } = prepared(this.#db, 'SELECT count(*) AS n FROM turn_tails').get() as { n: number };
    const excess = Number(n) - this.#max;
    if (excess > 0) prepared(this.#db, 'DELETE FROM turn_tails WHERE name IN (SELECT name FROM turn_tails ORDER BY expires_at LIMIT ?)').run(excess);
  }

  /** Tails held (tests). */
  get size(): number {
    return Number((prepared(this.#db, 'SELECT count(*) AS n FROM turn_tails').get() as { n: number }).n);
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
