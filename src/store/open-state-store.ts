import type { StateStore } from './ports.ts';
import type { OnTightened } from './private-files.ts';
import { openStore } from './open-store.ts';
import type { PostgresOptions } from './postgres/pg-store.ts';
import type { RedisOptions, RedisState } from './redis/redis-state.ts';
import type { Logger } from '../log.ts';
import { describeUrl } from './describe-url.ts';

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
  /** `redis:`: counters and sticky pins in Redis when its url is set (`serve` only; data commands leave it out). */
  redis?: RedisStateOptions;
  /** Where Redis outages and fail-open admissions are reported. */
  log?: Logger;
}

/** The `redis:` settings the store needs (config/types.ts RedisConfig has this shape). */
export interface RedisStateOptions {
  url: string | null;
  password?: string;
  keyPrefix: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  failOpen: 'none' | 'limits';
}

/**
 * Opens the configured state store. The PostgreSQL client is loaded only when a PostgreSQL URL is given,
 * so the embedded default never loads it.
 */
export async function openStateStore(options: StateStoreOptions, onTightened?: OnTightened): Promise<StateStore> {
  const store = await openBaseStore(options, onTightened);
  if (!options.redis || options.redis.url === null) return store;
  try {
    return withRedisState(store, await openRedis(options.redis, options.log));
  } catch (err) {
    await store.close();
    throw err;
  }
}

/**
 * Opens the Redis adapter (loaded only now: without `redis.url` the client is never imported). Outages
 * and recoveries are logged; with `failOpen: limits` the counters admit while Redis is unreachable, with
 * a warning at most every 10 s.
 */
async function openRedis(options: RedisStateOptions, log: Logger | undefined): Promise<RedisState> {
  const { openRedisState } = await import('./redis/redis-state.ts');
  const redis: RedisOptions = {
    url: options.url!,
    keyPrefix: options.keyPrefix,
    connectTimeoutMs: options.connectTimeoutMs,
    commandTimeoutMs: options.commandTimeoutMs,
    onState: (state, detail) => {
      const where = describeUrl(options.url!);
      if (state === 'up') return log?.info('Redis reachable again', { redis: where });
      const effect = options.failOpen === 'limits' ? 'limits fail open, sticky pins fail closed' : 'limits and sticky pins fail closed';
      log?.error(`Redis unreachable: ${effect}`, { redis: where, detail });
    },
  };
  if (options.password !== undefined) redis.password = options.password;
  const state = await openRedisState(redis);
  if (options.failOpen !== 'limits') return state;
  const { failOpenCounters } = await import('./redis/fail-open.ts');
  let lastWarned = -Infinity;
  let admitted = 0;
  const counters = failOpenCounters(state.counters, (err) => {
    admitted++;
    if (Date.now() - lastWarned < 10_000) return;
    lastWarned = Date.now();
    log?.warn('limits fail open: Redis unreachable, requests admitted without counting (redis.failOpen: limits)', { since: admitted, detail: err.info.reason });
    admitted = 0;
  });
  return { ...state, counters, close: () => state.close() };
}

async function openBaseStore(options: StateStoreOptions, onTightened?: OnTightened): Promise<StateStore> {
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
 * The store with its counter, pin, vault and turn-tail ports served by Redis (`redis.url`), everything else by `store`.
 * The result keeps `store`'s class (what `sqliteDatabase` looks for); closing it closes both.
 */
export function withRedisState(store: StateStore, redis: RedisState): StateStore {
  return Object.create(store, {
    counters: { value: redis.counters, enumerable: true },
    pins: { value: redis.pins, enumerable: true },
    vault: { value: redis.vault, enumerable: true },
    turnTails: { value: redis.turnTails, enumerable: true },
    shared: { value: { health: () => redis.health() }, enumerable: true },
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
