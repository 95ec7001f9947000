import { createHash } from 'node:crypto';
import { createClient } from '@redis/client';
import { gatewayError } from '../../errors.ts';
import { describeUrl } from '../describe-url.ts';

/** How to reach Redis (`redis:` in the config, docs/scale-out.md). */
export interface RedisOptions {
  /** `redis://[user@]host:port[/db]` or `rediss://…` (TLS). */
  url: string;
  /** Kept apart from the URL (a secret from env or file). */
  password?: string;
  /** Prepended to every key (default `sekisho:`), so several deployments can share one Redis. */
  keyPrefix?: string;
  /** Give up connecting after this long (default 5 s). */
  connectTimeoutMs?: number;
  /** A command not answered in this long fails (default 2 s): a stuck Redis refuses requests, it does not hang them. */
  commandTimeoutMs?: number;
  /** Called when the connection fails or comes back (for logs). */
  onState?: (state: 'down' | 'up', detail: string) => void;
}

/** What this module uses of the client. */
interface Client {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  sendCommand(args: string[], options: { timeout: number; rejectInFlight: boolean }): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
}
type Reply = string | number | null | Reply[];

/**
 * One Redis connection for the counter and pin ports. Commands are never queued while it is down
 * (`disableOfflineQueue`): they fail at once with SEKISHO_ERR_STATE_UNAVAILABLE, so the request is
 * refused (fail closed) instead of waiting; the client reconnects in the background and service resumes
 * without a restart. Scripts run by EVALSHA, loaded with EVAL when Redis does not have them yet.
 */
export class RedisConnection {
  readonly location: string;
  readonly prefix: string;
  readonly #client: Client;
  readonly #timeoutMs: number;
  #closed = false;
  #lastError: string | undefined;

  private constructor(client: Client, location: string, prefix: string, timeoutMs: number) {
    this.#client = client;
    this.location = location;
    this.prefix = prefix;
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Creates the connection and waits up to the connect timeout for it. An unreachable Redis does not
   * stop the start: the gateway runs, refusing what needs Redis until it is reachable.
   */
  static async open(options: RedisOptions): Promise<RedisConnection> {
    const connectTimeout = options.connectTimeoutMs ?? 5_000;
    let down = false;
    const client = createClient({
      url: options.url,
      ...(options.password === undefined ? {} : { password: options.password }),
      disableOfflineQueue: true,
      socket: { connectTimeout, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), 2_000) },
    });
    const connection = new RedisConnection(client as unknown as Client, describeUrl(options.url), options.keyPrefix ?? 'sekisho:', options.commandTimeoutMs ?? 2_000);
    client.on('error', (err: unknown) => {
      const detail = err instanceof Error ? err.message || err.name : String(err);
      connection.#lastError = detail;
      if (!down) options.onState?.('down', detail);
      down = true;
    });
    client.on('ready', () => {
      if (down) options.onState?.('up', 'reconnected');
      down = false;
    });
    const connected = client.connect().then(
      () => true,
      () => false,
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([connected, new Promise((resolve) => (timer = setTimeout(resolve, connectTimeout)))]);
    clearTimeout(timer);
    return connection;
  }

  /** Runs `script` with `keys` (already prefixed) and `args`; any failure is SEKISHO_ERR_STATE_UNAVAILABLE. */
  async eval(script: Script, keys: string[], args: Array<string | number>, what = STATE): Promise<Reply> {
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    const options = { timeout: this.#timeoutMs, rejectInFlight: true };
    try {
      try {
        return (await this.#client.sendCommand(['EVALSHA', script.sha, ...tail], options)) as Reply;
      } catch (err) {
        if (!(err instanceof Error && err.message.startsWith('NOSCRIPT'))) throw err;
        return (await this.#client.sendCommand(['EVAL', script.source, ...tail], options)) as Reply;
      }
    } catch (err) {
      throw unavailable(this.location, err, what);
    }
  }

  /** A plain command (tests and `get`); failures as in `eval`. */
  async command(args: string[], what = STATE): Promise<Reply> {
    try {
      return (await this.#client.sendCommand(args, { timeout: this.#timeoutMs, rejectInFlight: true })) as Reply;
    } catch (err) {
      throw unavailable(this.location, err, what);
    }
  }

  /** Connected and ready for commands (for `/healthz`); the last connection error, if any. */
  health(): { ok: boolean; location: string; lastError?: string } {
    const ok = this.#client.isReady;
    return { ok, location: this.location, ...(ok || this.#lastError === undefined ? {} : { lastError: this.#lastError }) };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#client.isOpen) await this.#client.close().catch(() => this.#client.destroy());
    else this.#client.destroy();
  }
}

/** What the client is told could not be reached, unless a caller names it (the vault does). */
const STATE = 'limits and sticky sessions';

/** A Lua script and its SHA-1 (what EVALSHA names it by). */
export interface Script {
  source: string;
  sha: string;
}

export function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** The client sees which kind of state was unreachable; where and why goes to the log (`reason`), not to it. */
function unavailable(location: string, err: unknown, what: string): Error {
  const detail = err instanceof Error ? err.message || err.name : String(err);
  return gatewayError('SEKISHO_ERR_STATE_UNAVAILABLE', { what }, { cause: err, reason: `Redis at ${location}: ${detail}` });
}
