import type { PinPort, StoredPin } from '../ports.ts';
import { EXTEND, PIN } from './scripts.ts';
import { script, type RedisConnection } from './client.ts';

const pinScript = script(PIN);
const extendScript = script(EXTEND);

/**
 * The sticky-session port in Redis: one string per session id, "<expiresAt>\n<rule>", with a Redis
 * expiry at `expiresAt` (as a TTL from this gateway's clock, so a skewed Redis clock does not shorten
 * it). `pin` is set-if-absent (SET NX PX) and otherwise moves the expiry, keeping the first rule — in
 * one Lua script. An expired pin is gone (Redis drops it), which callers treat as they treat an
 * expired pin; `prune` has nothing to do.
 */
export class RedisPins implements PinPort {
  readonly #redis: RedisConnection;
  readonly #now: () => number;

  constructor(redis: RedisConnection, now: () => number = Date.now) {
    this.#redis = redis;
    this.#now = now;
  }

  async get(session: string): Promise<StoredPin | undefined> {
    const value = await this.#redis.command(['GET', this.#key(session)]);
    if (typeof value !== 'string') return undefined;
    const cut = value.indexOf('\n');
    const expiresAt = Number(value.slice(0, cut));
    if (cut < 0 || !Number.isFinite(expiresAt)) throw new Error('a sticky pin in Redis is not in the expected form');
    return { rule: value.slice(cut + 1), expiresAt };
  }

  async pin(session: string, rule: string, _pinnedAt: string, expiresAt: number): Promise<string> {
    const stored = await this.#redis.eval(pinScript, [this.#key(session)], [rule, expiresAt, this.#ttl(expiresAt)]);
    return typeof stored === 'string' ? stored : rule;
  }

  async extend(session: string, expiresAt: number): Promise<void> {
    await this.#redis.eval(extendScript, [this.#key(session)], [expiresAt, this.#ttl(expiresAt)]);
  }

  /** Nothing to delete: Redis drops each pin at its expiry. */
  async prune(): Promise<void> {}

  #ttl(expiresAt: number): number {
    if (!Number.isFinite(expiresAt)) throw new Error(`pin expiry must be a finite time, got ${expiresAt}`);
    return Math.max(0, Math.ceil(expiresAt - this.#now()));
  }

  #key(session: string): string {
    return `${this.#redis.prefix}pin:${session}`;
  }
}
