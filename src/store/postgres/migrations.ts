import type { Sql } from 'postgres';

/**
 * The PostgreSQL schema, in numbered migrations like SQLite's (store/open-store.ts), with the same tables
 * and columns so the adapters read alike. The version is the row of `sekisho_schema_version`; migrations
 * run in one transaction under an advisory lock, so instances starting together migrate once.
 * Differences from SQLite: BIGINT for seq/period/expiry/value, BYTEA for blobs, BOOLEAN for flags, and
 * `audit_chain_head` — the one-row table whose row lock serialises appends (docs/scale-out.md).
 */
const migrations: string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  `CREATE TABLE audit_events (
     seq BIGINT PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     time TEXT NOT NULL,
     principal TEXT NOT NULL,
     decision TEXT NOT NULL,
     rule TEXT NOT NULL,
     status INTEGER NOT NULL,
     body TEXT NOT NULL,
     prev_hash TEXT NOT NULL,
     hash TEXT NOT NULL
   );
   CREATE INDEX audit_events_time ON audit_events (time);
   CREATE INDEX audit_events_principal ON audit_events (principal, time);
   CREATE INDEX audit_events_decision ON audit_events (decision, time);
   CREATE INDEX audit_events_rule ON audit_events (rule, time);
   CREATE TABLE audit_chain_head (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     seq BIGINT NOT NULL,
     hash TEXT NOT NULL
   );
   INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}');
   CREATE TABLE audit_checkpoints (
     id BIGSERIAL PRIMARY KEY,
     seq BIGINT NOT NULL,
     hash TEXT NOT NULL,
     time TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('checkpoint', 'anchor')),
     key_id TEXT NOT NULL,
     signature TEXT NOT NULL
   );
   CREATE INDEX audit_checkpoints_seq ON audit_checkpoints (seq);
   CREATE TABLE audit_transcripts (
     id TEXT PRIMARY KEY,
     time TEXT NOT NULL,
     key_id TEXT NOT NULL,
     iv BYTEA NOT NULL,
     tag BYTEA NOT NULL,
     data BYTEA NOT NULL,
     bytes INTEGER NOT NULL,
     truncated BOOLEAN NOT NULL
   );
   CREATE INDEX audit_transcripts_time ON audit_transcripts (time);`,
  `CREATE TABLE policy_sticky_sessions (
     session TEXT PRIMARY KEY,
     rule TEXT NOT NULL,
     pinned_at TEXT NOT NULL,
     expires_at BIGINT NOT NULL
   )`,
  `CREATE TABLE api_keys (
     id TEXT PRIMARY KEY,
     hash BYTEA NOT NULL,
     "user" TEXT NOT NULL,
     team TEXT,
     groups TEXT NOT NULL DEFAULT '[]',
     admin BOOLEAN NOT NULL DEFAULT FALSE,
     created_at TEXT NOT NULL,
     expires_at TEXT,
     revoked_at TEXT,
     last_used_at TEXT
   );
   CREATE TABLE limit_counters (
     rule TEXT NOT NULL,
     subject TEXT NOT NULL,
     metric TEXT NOT NULL CHECK (metric IN ('requests', 'tokens')),
     period BIGINT NOT NULL,
     value BIGINT NOT NULL,
     PRIMARY KEY (rule, subject, metric, period)
   )`,
  // The own-code index shared by every instance (`sekisho index add | rm --store URL`): the latest
  // generation's record and its image in chunks; the redaction vault shared by every instance without
  // Redis: sealed values per conversation HMAC (docs/scale-out.md).
  `CREATE TABLE own_code_index (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     generation BIGINT NOT NULL,
     sha256 TEXT,
     bytes BIGINT NOT NULL,
     files INTEGER NOT NULL,
     built_at TEXT NOT NULL
   );
   CREATE TABLE own_code_index_chunks (
     generation BIGINT NOT NULL,
     n INTEGER NOT NULL,
     data BYTEA NOT NULL,
     PRIMARY KEY (generation, n)
   );
   CREATE TABLE redaction_vault (
     conversation TEXT NOT NULL,
     placeholder TEXT NOT NULL,
     sealed TEXT NOT NULL,
     expires_at BIGINT NOT NULL,
     PRIMARY KEY (conversation, placeholder)
   );
   CREATE INDEX redaction_vault_expiry ON redaction_vault (expires_at)`,
  // Responses turn tails shared by every instance without Redis: a sealed tail per HMAC name.
  `CREATE TABLE turn_tails (
     name TEXT PRIMARY KEY,
     sealed TEXT NOT NULL,
     expires_at BIGINT NOT NULL
   );
   CREATE INDEX turn_tails_expiry ON turn_tails (expires_at)`,
];

/** The schema version this code expects. */
export const postgresSchemaVersion = migrations.length;

/** Applies the migrations the database lacks; refuses a database migrated by a newer version. */
export async function migratePostgres(sql: Sql): Promise<number> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext('sekisho.migrate'))`;
    await tx`CREATE TABLE IF NOT EXISTS sekisho_schema_version (version INTEGER NOT NULL)`;
    const rows = await tx<Array<{ version: number }>>`SELECT version FROM sekisho_schema_version`;
    let version = rows[0]?.version ?? 0;
    if (rows.length === 0) await tx`INSERT INTO sekisho_schema_version (version) VALUES (0)`;
    if (version > migrations.length) {
      throw new Error(`the database schema is version ${version}, newer than this Sekisho knows (${migrations.length}): upgrade Sekisho`);
    }
    for (; version < migrations.length; version++) {
      await tx.unsafe(migrations[version]!);
      await tx`UPDATE sekisho_schema_version SET version = ${version + 1}`;
    }
    await tx`INSERT INTO meta (key, value) VALUES ('created_at', ${new Date().toISOString()}) ON CONFLICT (key) DO NOTHING`;
    return version;
  });
}
