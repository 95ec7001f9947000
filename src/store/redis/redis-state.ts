import type { CounterPort, PinPort, SharedStateHealth, VaultPort } from '../ports.ts';
import { RedisConnection, type RedisOptions } from './client.ts';
import { RedisCounters } from './counters.ts';
import { RedisPins } from './pins.ts';
import { RedisVault } from './vault.ts';

export type { RedisOptions } from './client.ts';

/** The Redis adapter: the counter, pin and vault ports over one connection (the other ports stay on the store). */
export interface RedisState {
  readonly location: string;
  readonly counters: CounterPort;
  readonly pins: PinPort;
  readonly vault: VaultPort;
  health(): SharedStateHealth;
  close(): Promise<void>;
}

export async function openRedisState(options: RedisOptions): Promise<RedisState> {
  const connection = await RedisConnection.open(options);
  return { location: connection.location, counters: new RedisCounters(connection), pins: new RedisPins(connection), vault: new RedisVault(connection), health: () => connection.health(), close: () => connection.close() };
}
