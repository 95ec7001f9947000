import type { StateStore } from './ports.ts';
import type { OnTightened } from './private-files.ts';
import { openStore } from './open-store.ts';
import type { PostgresOptions } from './postgres/pg-store.ts';
import type { RedisState } from './redis/redis-state.ts';

/** Where state lives: SQLite in the data directory (default), or PostgreSQL when `url` is set. */
export interface StateStoreOptions {
  dataDir: string;
  /** `store.url` / `--store` / `SEKISHO_STORE`: a `postgres://` URL; null = SQLite in `dataDir`. */
  url: string | null;
  password?: string;
  poolMax?: number;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  idleTimeoutMs?: number;
}

/**
 * Opens the configured state store. The PostgreSQL client is loaded only when a PostgreSQL URL is given,
 * so the embedded default never loads it.
 */
export async function openStateStore(options: StateStoreOptions, onTightened?: OnTightened): Promise<StateStore> {
  if (options.url === null) return openStore(options.dataDir, onTightened);
  const { openPostgresStore } = await import('./postgres/pg-store.ts');
  const pg: PostgresOptions = { url: options.url };
  if (options.password !== undefined) pg.password = options.password;
  if (options.poolMax !== undefined) pg.poolMax = options.poolMax;
  if (options.connectTimeoutMs !== undefined) pg.connectTimeoutMs = options.connectTimeoutMs;
  if (options.statementTimeoutMs !== undefined) pg.statementTimeoutMs = options.statementTimeoutMs;
  if (options.idleTimeoutMs !== undefined) pg.idleTimeoutMs = options.idleTimeoutMs;
  return openPostgresStore(pg);
}

/**
 * The store with its counter and pin ports served by Redis (`redis.url`), everything else by `store`.
 * The result keeps `store`'s class (what `sqliteDatabase` looks for); closing it closes both.
 */
export function withRedisState(store: StateStore, redis: RedisState): StateStore {
  return Object.create(store, {
    counters: { value: redis.counters, enumerable: true },
    pins: { value: redis.pins, enumerable: true },
    close: {
      value: async (): Promise<void> => {
        try {
          await redis.close();
        } finally {
          await store.close();
        }
      },
    },
  }) as StateStore;
}
