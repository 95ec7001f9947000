import type { VaultPort } from '../ports.ts';
import { VAULT_PUT, VAULT_READ } from './scripts.ts';
import { script, type RedisConnection } from './client.ts';

const putScript = script(VAULT_PUT);
const readScript = script(VAULT_READ);
const WHAT = 'the redaction vault';

/**
 * The vault port in Redis: one hash per conversation, `<prefix>vault:<conversation HMAC>`, whose fields
 * are placeholders and whose values are sealed (redaction/vault.ts; never a value in the clear, and the
 * key names neither the value nor the session). Put and read are one Lua script each: the bound on values
 * per conversation is checked and applied atomically, and every use moves the hash's expiry, as the memory
 * vault does. Redis drops a conversation at its expiry; the number of conversations is bounded by the TTL
 * (Redis must not evict: `maxmemory-policy noeviction`, docs/scale-out.md).
 */
export class RedisVault implements VaultPort {
  readonly #redis: RedisConnection;

  constructor(redis: RedisConnection) {
    this.#redis = redis;
  }

  async put(conversation: string, entries: Array<[string, string]>, ttlMs: number, maxValues: number): Promise<boolean> {
    const args: Array<string | number> = [maxValues, Math.max(1, Math.ceil(ttlMs))];
    for (const [placeholder, sealed] of entries) args.push(placeholder, sealed);
    return (await this.#redis.eval(putScript, [this.#key(conversation)], args, WHAT)) === 1;
  }

  async read(conversation: string, ttlMs: number): Promise<Map<string, string>> {
    const reply = await this.#redis.eval(readScript, [this.#key(conversation)], [Math.max(1, Math.ceil(ttlMs))], WHAT);
    const out = new Map<string, string>();
    if (!Array.isArray(reply)) return out;
    for (let i = 0; i + 1 < reply.length; i += 2) out.set(String(reply[i]), String(reply[i + 1]));
    return out;
  }

  #key(conversation: string): string {
    return `${this.#redis.prefix}vault:${conversation}`;
  }
}
