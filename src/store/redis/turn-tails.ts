import type { TurnTailPort } from '../ports.ts';
import type { RedisConnection } from './client.ts';

const WHAT = 'the Responses turn tails';

/**
 * The turn-tail port in Redis: one string per tail, `<prefix>tail:<name>`, holding the sealed tail
 * (inspection/turn-tail-store.ts: AES-256-GCM; the key names neither the caller nor the response id),
 * written with `SET … PX ttl`: Redis drops it at its expiry, so the number held is bounded by the TTL
 * and the answer rate (Redis must not evict: `maxmemory-policy noeviction`, docs/scale-out.md).
 */
export class RedisTurnTails implements TurnTailPort {
  readonly #redis: RedisConnection;

  constructor(redis: RedisConnection) {
    this.#redis = redis;
  }

  async put(name: string, sealed: string, ttlMs: number): Promise<void> {
    await this.#redis.command(['SET', this.#key(name), sealed, 'PX', String(Math.max(1, Math.ceil(ttlMs)))], WHAT);
  }

  async get(name: string): Promise<string | undefined> {
    const reply = await this.#redis.command(['GET', this.#key(name)], WHAT);
    return typeof reply === 'string' ? reply : undefined;
  }

  #key(name: string): string {
    return `${this.#redis.prefix}tail:${name}`;
  }
}
