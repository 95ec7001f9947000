import type { CounterPort, PinPort, SharedStateHealth, TurnTailPort, VaultPort } from '../ports.ts';
import { RedisConnection, type RedisOptions } from './client.ts';
import { RedisCounters } from './counters.ts';
import { RedisPins } from './pins.ts';
import { RedisVault } from './vault.ts';
import { RedisTurnTails } from './turn-tails.ts';

export type { RedisOptions } from './client.ts';

/** The Redis adapter: the counter, pin, vault and turn-tail ports over one connection (the other ports stay on the store). */
export interface RedisState {
  readonly location: string;
  readonly counters: CounterPort;
  readonly pins: PinPort;
  readonly vault: VaultPort;
  readonly turnTails: TurnTailPort;
  health(): SharedStateHealth;
  close(): Promise<void>;
}

export async function openRedisState(options: RedisOptions): Promise<RedisState> {
  const connection = await RedisConnection.open(options);
  return { location: connection.location, counters: new RedisCounters(connection), pins: new RedisPins(connection), vault: new RedisVault(connection), turnTails: new RedisTurnTails(connection), health: () => connection.health(), close: () => connection.close() };
}
