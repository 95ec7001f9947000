import { createClient } from '@redis/client';
import type { ChangeFeedPort, ChangeKind, ChangeNotice, InstanceReport } from '../ports.ts';
import { epochsFrom, liveReport, parseNotice } from '../change-notice.ts';
import { RedisConnection, script, type RedisOptions } from './client.ts';
import { ANNOUNCE } from './scripts.ts';

const announceScript = script(ANNOUNCE);
const WHAT = 'the change feed';

/** What this module uses of a subscribing client. */
interface Subscriber {
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  on(event: 'error', listener: (err: unknown) => void): unknown;
  readonly isOpen: boolean;
  close(): Promise<void>;
  destroy(): void;
}

/**
 * The change feed in Redis: epochs in the hash `<prefix>epochs` (HINCRBY, published in the same script),
 * notices on the channel `<prefix>changes` (a second connection subscribes: a subscribed connection runs
 * no other command; the client subscribes again after a reconnect), instance reports in the hash
 * `<prefix>instances` (one field per instance; reports older than the TTL are skipped and deleted).
 * A notice published while an instance is disconnected is lost to it: the periodic re-check of the epochs
 * catches that (fan-out/change-fan-out.ts).
 */
export class RedisChangeFeed implements ChangeFeedPort {
  readonly location: string;
  readonly #redis: RedisConnection;
  readonly #options: RedisOptions;
  #subscriber: Subscriber | undefined;

  private constructor(redis: RedisConnection, options: RedisOptions) {
    this.#redis = redis;
    this.#options = options;
    this.location = redis.location;
  }

  static async open(options: RedisOptions): Promise<RedisChangeFeed> {
    return new RedisChangeFeed(await RedisConnection.open(options), options);
  }

  async announce(kind: ChangeKind, from: string): Promise<number> {
    return Number(await this.#redis.eval(announceScript, [this.#key('epochs')], [kind, this.#key('changes'), from], WHAT));
  }

  async epochs(): Promise<Record<ChangeKind, number>> {
    const flat = await this.#redis.command(['HGETALL', this.#key('epochs')], WHAT);
    return epochsFrom(pairs(flat));
  }

  async subscribe(listener: (notice: ChangeNotice) => void): Promise<void> {
    if (this.#subscriber) throw new Error('the change feed is already subscribed');
    const o = this.#options;
    const client = createClient({
      url: o.url,
      ...(o.password === undefined ? {} : { password: o.password }),
      socket: { connectTimeout: o.connectTimeoutMs ?? 5_000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), 2_000) },
    }) as unknown as Subscriber;
    client.on('error', () => {}); // the command connection reports outages; the re-check covers lost notices
    this.#subscriber = client;
    // Not awaited: an unreachable Redis must not hold the start. The subscription waits in the client's
    // queue until it connects (and is renewed after every reconnect).
    client.connect().catch(() => {});
    client
      .subscribe(this.#key('changes'), (message) => {
        const notice = parseNotice(message);
        if (notice) listener(notice);
      })
      .catch(() => {});
  }

  async report(report: InstanceReport, ttlMs: number): Promise<void> {
    void ttlMs; // reports carry their time; `instances` skips old ones
    await this.#redis.command(['HSET', this.#key('instances'), report.instance, JSON.stringify(report)], WHAT);
  }

  async instances(ttlMs: number): Promise<InstanceReport[]> {
    const now = Date.now();
    const live: InstanceReport[] = [];
    const stale: string[] = [];
    for (const [field, value] of pairs(await this.#redis.command(['HGETALL', this.#key('instances')], WHAT))) {
      const r = liveReport(String(value), ttlMs, now);
      if (r) live.push(r);
      else stale.push(field);
    }
    if (stale.length > 0) await this.#redis.command(['HDEL', this.#key('instances'), ...stale], WHAT).catch(() => {});
    return live.sort((a, b) => a.instance.localeCompare(b.instance));
  }

  async close(): Promise<void> {
    const s = this.#subscriber;
    this.#subscriber = undefined;
    if (s) {
      // A subscriber still connecting has a queue (QUIT would wait there for good): destroy it.
      if (s.isReady) await s.close().catch(() => s.destroy());
      else s.destroy();
    }
    await this.#redis.close();
  }

  #key(name: string): string {
    return `${this.#redis.prefix}${name}`;
  }
}

/** HGETALL's flat reply (RESP2 array) or map (RESP3) as pairs. */
function pairs(reply: unknown): Array<[string, unknown]> {
  if (Array.isArray(reply)) {
    const out: Array<[string, unknown]> = [];
    for (let i = 0; i + 1 < reply.length; i += 2) out.push([String(reply[i]), reply[i + 1]]);
    return out;
  }
  if (reply instanceof Map) return [...reply].map(([k, v]) => [String(k), v]);
  if (reply !== null && typeof reply === 'object') return Object.entries(reply);
  return [];
}
