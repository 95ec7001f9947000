import postgres, { type Sql } from 'postgres';
import type { StateStore } from '../ports.ts';
import { migratePostgres } from './migrations.ts';
import { PostgresKeys } from './keys.ts';
import { PostgresAudit } from './audit.ts';
import { PostgresCounters } from './counters.ts';
import { PostgresPins } from './pins.ts';
import { PostgresMeta } from './meta.ts';
import { PostgresSharedIndex } from './shared-index.ts';
import { PostgresVault } from './vault.ts';
import { PostgresTurnTails } from './turn-tails.ts';
import { describeUrl } from '../describe-url.ts';

export { describeUrl } from '../describe-url.ts';

/** How to reach PostgreSQL: the URL, the password kept apart from it (a secret), the pool's bounds. */
export interface PostgresOptions {
  /** `postgres://user@host:port/database` (a password in it works, but prefer `password`). */
  url: string;
  password?: string;
  /** Connections in the pool (default 10). */
  poolMax?: number;
  /** Give up connecting after this long (default 10 s). */
  connectTimeoutMs?: number;
  /** The server cancels a statement running longer (default 15 s): a stuck database fails requests, it does not hang them. */
  statementTimeoutMs?: number;
  /** Close connections idle this long (default 60 s). */
  idleTimeoutMs?: number;
}

/** The PostgreSQL adapter of the storage ports: one pool, migrated on open. */
export class PostgresStore implements StateStore {
  readonly kind = 'postgres';
  readonly location: string;
  readonly sql: Sql;
  readonly keys: PostgresKeys;
  readonly audit: PostgresAudit;
  readonly counters: PostgresCounters;
  readonly pins: PostgresPins;
  readonly meta: PostgresMeta;
  readonly sharedIndex: PostgresSharedIndex;
  readonly vault: PostgresVault;
  readonly turnTails: PostgresTurnTails;

  constructor(sql: Sql, location: string) {
    this.sql = sql;
    this.location = location;
    this.keys = new PostgresKeys(sql);
    this.audit = new PostgresAudit(sql);
    this.counters = new PostgresCounters(sql);
    this.pins = new PostgresPins(sql);
    this.meta = new PostgresMeta(sql);
    this.sharedIndex = new PostgresSharedIndex(sql);
    this.vault = new PostgresVault(sql);
    this.turnTails = new PostgresTurnTails(sql);
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }
}

/** Opens a pool on `options.url`, applies migrations, and returns the store (closes the pool on failure). */
export async function openPostgresStore(options: PostgresOptions): Promise<PostgresStore> {
  const sql = postgres(options.url, {
    max: options.poolMax ?? 10,
    connect_timeout: Math.max(1, Math.ceil((options.connectTimeoutMs ?? 10_000) / 1000)),
    idle_timeout: Math.max(1, Math.ceil((options.idleTimeoutMs ?? 60_000) / 1000)),
    ...(options.password === undefined ? {} : { password: options.password }),
    connection: { application_name: 'sekisho', statement_timeout: options.statementTimeoutMs ?? 15_000 },
    onnotice: () => {},
    // Keep every value as PostgreSQL sends it; the adapters convert BIGINT strings with Number().
    prepare: true,
  });
  try {
    await migratePostgres(sql);
  } catch (err) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw err;
  }
  return new PostgresStore(sql, describeUrl(options.url));
}
