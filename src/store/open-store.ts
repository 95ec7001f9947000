import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { ensurePrivateDir, ensurePrivateFile, tightenIfPresent, type OnTightened } from './private-files.ts';
import type { StateStore } from './ports.ts';
import { SqliteKeys } from './sqlite/keys.ts';
import { SqliteAudit } from './sqlite/audit.ts';
import { SqliteCounters } from './sqlite/counters.ts';
import { SqlitePins } from './sqlite/pins.ts';
import { SqliteMeta } from './sqlite/meta.ts';

/**
 * The embedded state store: one SQLite database (`sekisho.db`) in the data directory, through Node's
 * built-in `node:sqlite`. Migrations are numbered and applied in order inside a transaction; the
 * schema version lives in SQLite's `user_version`. Later issues (keys, audit trail, counters) add
 * migrations here.
 */
const migrations: string[] = [
  // 1: gateway metadata (instance id, first start).
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;`,
  // 2: own-code index sources (`sekisho index`): repositories and each file's fingerprints, so that
  // re-indexing lexes only changed files and the index file is rebuilt without lexing.
  `CREATE TABLE own_code_repos (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     root TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('own', 'commons')),
     added_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     git_head TEXT
   ) STRICT;
   CREATE TABLE own_code_files (
     repo_id INTEGER NOT NULL REFERENCES own_code_repos (id),
     path TEXT NOT NULL,
     sha256 TEXT NOT NULL,
     lines INTEGER NOT NULL,
     language TEXT NOT NULL,
     params TEXT NOT NULL,
     structure BLOB NOT NULL,
     identifiers BLOB NOT NULL,
     PRIMARY KEY (repo_id, path)
   ) STRICT, WITHOUT ROWID;`,
  // audit trail (docs/audit.md): audit_events (hash-chained, one per request; `seq` is chain order and
  // body the canonical JSON of the AuditEvent; principal/decision/rule/status copied out for search),
  // audit_checkpoints (Ed25519-signed (seq, hash) statements, purge anchors) and audit_transcripts
  // (optional AES-256-GCM encrypted request bodies, keyed by event id).
  `CREATE TABLE audit_events (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     time TEXT NOT NULL,
     principal TEXT NOT NULL,
     decision TEXT NOT NULL,
     rule TEXT NOT NULL,
     status INTEGER NOT NULL,
     body TEXT NOT NULL,
     prev_hash TEXT NOT NULL,
     hash TEXT NOT NULL
   ) STRICT;
   CREATE INDEX audit_events_time ON audit_events (time);
   CREATE INDEX audit_events_principal ON audit_events (principal, time);
   CREATE INDEX audit_events_decision ON audit_events (decision, time);
   CREATE INDEX audit_events_rule ON audit_events (rule, time);
   CREATE TABLE audit_checkpoints (
     id INTEGER PRIMARY KEY,
     seq INTEGER NOT NULL,
     hash TEXT NOT NULL,
     time TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('checkpoint', 'anchor')),
     key_id TEXT NOT NULL,
     signature TEXT NOT NULL
   ) STRICT;
   CREATE INDEX audit_checkpoints_seq ON audit_checkpoints (seq);
   CREATE TABLE audit_transcripts (
     id TEXT PRIMARY KEY,
     time TEXT NOT NULL,
     key_id TEXT NOT NULL,
     iv BLOB NOT NULL,
     tag BLOB NOT NULL,
     data BLOB NOT NULL,
     bytes INTEGER NOT NULL,
     truncated INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX audit_transcripts_time ON audit_transcripts (time);`,
  // policy: sessions pinned to internal backends by route-internal (table policy_sticky_sessions),
  // keyed by an HMAC of the session key; read on every request, written when a session is pinned.
  `CREATE TABLE policy_sticky_sessions (
     session TEXT PRIMARY KEY,
     rule TEXT NOT NULL,
     pinned_at TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   ) STRICT, WITHOUT ROWID;`,
  // identity + limits (governance #5): tables `api_keys` (gateway keys: only the SHA-256 of the key is
  // stored, `id` is the public key id) and `limit_counters` (requests per minute / tokens per day per
  // rule, subject and window).
  `CREATE TABLE api_keys (
     id TEXT PRIMARY KEY,
     hash BLOB NOT NULL,
     user TEXT NOT NULL,
     team TEXT,
     groups TEXT NOT NULL DEFAULT '[]',
     admin INTEGER NOT NULL DEFAULT 0,
     created_at TEXT NOT NULL,
     expires_at TEXT,
     revoked_at TEXT,
     last_used_at TEXT
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE limit_counters (
     rule TEXT NOT NULL,
     subject TEXT NOT NULL,
     metric TEXT NOT NULL CHECK (metric IN ('requests', 'tokens')),
     period INTEGER NOT NULL,
     value INTEGER NOT NULL,
     PRIMARY KEY (rule, subject, metric, period)
   ) STRICT, WITHOUT ROWID;`,
];

/**
 * The SQLite adapter of the storage ports (store/ports.ts): the embedded default. `db` stays reachable
 * for what has no port yet (the own-code index sources, `sekisho index`) and for tests that inspect rows.
 */
export class SqliteStore implements StateStore {
  readonly kind = 'sqlite';
  readonly location: string;
  readonly db: DatabaseSync;
  readonly keys: SqliteKeys;
  readonly audit: SqliteAudit;
  readonly counters: SqliteCounters;
  readonly pins: SqlitePins;
  readonly meta: SqliteMeta;

  constructor(db: DatabaseSync, location: string) {
    this.db = db;
    this.location = location;
    this.keys = new SqliteKeys(db);
    this.audit = new SqliteAudit(db);
    this.counters = new SqliteCounters(db);
    this.pins = new SqlitePins(db);
    this.meta = new SqliteMeta(db);
  }

  /**
   * Closes the database (synchronously: it is closed when this returns), after writing the audit appends
   * still waiting for their group commit. Bound: callers destructure it.
   */
  readonly close = (): Promise<void> => {
    if (this.db.isOpen) {
      this.audit.flush();
      this.db.close();
    }
    return Promise.resolve();
  };
}

/** The embedded store (kept under its old name for the callers that need SQLite itself). */
export type Store = SqliteStore;

/**
 * Opens (creating if needed) the database in `dataDir`. The directory is made 0700 and the database
 * file 0600 before SQLite opens it (its `-wal` / `-shm` files take the database file's mode); looser
 * existing modes are tightened and reported to `onTightened`.
 */
export function openStore(dataDir: string, onTightened?: OnTightened): SqliteStore {
  ensurePrivateDir(dataDir, onTightened);
  const path = join(dataDir, 'sekisho.db');
  ensurePrivateFile(path, onTightened);
  for (const side of ['-wal', '-shm', '-journal']) tightenIfPresent(path + side, onTightened);
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
  migrate(db);
  db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('created_at', ?)`).run(new Date().toISOString());
  return new SqliteStore(db, path);
}

/**
 * A read-only connection to an existing database file (the audit verification worker, a thread of the
 * gateway that must not write): no migration, no mode changes; it fails if the file is not there.
 */
export function openReadOnlyStore(path: string): SqliteStore {
  const db = new DatabaseSync(path, { readOnly: true });
  db.exec('PRAGMA busy_timeout = 5000;');
  return new SqliteStore(db, path);
}

function migrate(db: DatabaseSync): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  for (let v = row.user_version; v < migrations.length; v++) {
    db.exec('BEGIN');
    try {
      db.exec(migrations[v]!);
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }
}

/** The schema version the code expects (number of migrations). */
export const schemaVersion = migrations.length;

/** The SQLite database behind a state store (tests and the SQLite-only commands); throws for another adapter. */
export function sqliteDatabase(store: StateStore): DatabaseSync {
  if (!(store instanceof SqliteStore)) throw new Error(`this needs the embedded SQLite store, not ${store.kind} (${store.location})`);
  return store.db;
}
