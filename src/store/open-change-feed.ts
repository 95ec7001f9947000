import type { ChangeFeedPort } from './ports.ts';
import type { RedisStateOptions } from './open-state-store.ts';
import type { PostgresOptions } from './postgres/pg-store.ts';

/** Where the change feed runs: Redis when `redis.url` is set, else PostgreSQL when `store.url` is set. */
export interface ChangeFeedOptions {
  store: { url: string | null; password?: string; connectTimeoutMs?: number; statementTimeoutMs?: number };
  redis?: RedisStateOptions;
}

/**
 * Opens the change feed for this deployment: Redis pub/sub with `redis.url`, PostgreSQL LISTEN/NOTIFY
 * with only `store.url`, none for the embedded default (one instance, one data directory: nothing to fan
 * out to). Clients are loaded only when used.
 */
export async function openChangeFeed(options: ChangeFeedOptions): Promise<ChangeFeedPort | undefined> {
  const redis = options.redis;
  if (redis && redis.url !== null) {
    const { RedisChangeFeed } = await import('./redis/change-feed.ts');
    return RedisChangeFeed.open({
      url: redis.url,
      keyPrefix: redis.keyPrefix,
      connectTimeoutMs: redis.connectTimeoutMs,
      commandTimeoutMs: redis.commandTimeoutMs,
      ...(redis.password === undefined ? {} : { password: redis.password }),
    });
  }
  const store = options.store;
  if (store.url === null) return undefined;
  const { PostgresChangeFeed } = await import('./postgres/change-feed.ts');
  const pg: PostgresOptions = { url: store.url };
  if (store.password !== undefined) pg.password = store.password;
  if (store.connectTimeoutMs !== undefined) pg.connectTimeoutMs = store.connectTimeoutMs;
  if (store.statementTimeoutMs !== undefined) pg.statementTimeoutMs = store.statementTimeoutMs;
  return PostgresChangeFeed.open(pg);
}
