import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { BackendApi, BackendConfig } from '../config/types.ts';
import type { Dialect } from '../protocols/protocol.ts';

/**
 * A configured backend at run time: its config, a keep-alive connection pool, and the live state the
 * router balances on (requests in flight, health). One per `backends[]` entry.
 */
export class Backend {
  readonly config: BackendConfig;
  readonly agent: HttpAgent | HttpsAgent;
  readonly baseUrl: URL;
  /** Requests currently in flight to this backend (least-in-flight balancing). */
  inFlight = 0;
  /** Consecutive failures seen (active checks and real requests). */
  consecutiveFailures = 0;
  /** Out of rotation after `health.failuresToEject` consecutive failures, until a check or a request succeeds. */
  healthy = true;
  /** When the last failure was recorded (ms since epoch). */
  lastFailureAt = 0;
  /** Model ids the backend reported on its last successful `/models` check. */
  models: string[] = [];
  lastCheckAt: number | undefined;
  lastError: string | undefined;

  constructor(config: BackendConfig) {
    this.config = config;
    this.baseUrl = new URL(config.url.endsWith('/') ? config.url : config.url + '/');
    const options = { keepAlive: true, maxSockets: config.maxConnections, keepAliveMsecs: 10_000 };
    this.agent = this.baseUrl.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
  }

  get name(): string {
    return this.config.name;
  }

  /** The dialect this backend speaks natively for a chat-style generation. */
  get nativeDialect(): Dialect {
    return this.config.type === 'anthropic' ? 'anthropic-messages' : 'openai-chat';
  }

  supports(api: BackendApi): boolean {
    return this.config.apis.includes(api);
  }

  /**
   * The URL of `path` (default: the base URL, without its trailing slash) as logs may show it: scheme,
   * host and path only. A base URL can carry credentials (`https://user:password@…`) or a key in its
   * query (`?key=…`), and `URL.href` would write them into every log line that names the backend.
   */
  urlForLog(path?: string): string {
    const url = path === undefined ? this.baseUrl : this.urlFor(path);
    const text = `${url.origin}${url.pathname}`;
    return path === undefined ? text.replace(/\/$/, '') : text;
  }

  /** Absolute URL for an API path relative to the base (e.g. `chat/completions`). */
  urlFor(path: string): URL {
    return new URL(path.replace(/^\/+/, ''), this.baseUrl);
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.healthy = true;
    this.lastError = undefined;
  }

  /**
   * Whether the router may send a request here now. An ejected backend becomes eligible again after one
   * health interval (half-open): without active checks, a real request is the only way to learn it is
   * back, and a failure then ejects it for another interval.
   */
  isAvailable(now = Date.now()): boolean {
    return this.healthy || now - this.lastFailureAt >= this.config.health.intervalMs;
  }

  recordFailure(reason: string): void {
    this.consecutiveFailures++;
    this.lastFailureAt = Date.now();
    this.lastError = reason;
    if (this.consecutiveFailures >= this.config.health.failuresToEject) this.healthy = false;
  }

  close(): void {
    this.agent.destroy();
  }
}
