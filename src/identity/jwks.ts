/**
 * The identity provider's signing keys (a JWKS, RFC 7517) from a local file or an http(s) URL, cached.
 *
 * - Loaded on first use, kept for `ttlMs`, then reloaded on the next use.
 * - A token naming a `kid` not in the set triggers a reload (key rotation), at most once per
 *   `minRefetchMs`, so a flood of tokens with made-up kids cannot turn the gateway into a JWKS
 *   hammer.
 * - When a reload fails the last good set is used for at most one more `ttlMs` (an IdP blip does not
 *   lock everyone out); with no usable set the lookup throws `JwksUnavailableError` and the request is
 *   refused (fail closed, never anonymous).
 * I/O only: which key verifies which token is decided by the caller.
 */
import { readFile } from 'node:fs/promises';
import type { JsonWebKey } from 'node:crypto';

/** Where the JWKS comes from. */
export type JwksSource = { url: string } | { file: string };

export interface JwksOptions {
  ttlMs: number;
  minRefetchMs: number;
  /** For a URL: how long one fetch may take. */
  fetchTimeoutMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

/** The keys could not be loaded (and no recent set is available). */
export class JwksUnavailableError extends Error {
  override name = 'JwksUnavailableError';
}

const MAX_JWKS_BYTES = 1024 * 1024;

/** A cached key set. */
export class JwksCache {
  readonly #source: JwksSource;
  readonly #options: Required<JwksOptions>;
  #keys: JsonWebKey[] | undefined;
  #loadedAt = -Infinity;
  #lastAttempt = -Infinity;
  #inflight: Promise<void> | undefined;
  /** Loads attempted (tests count them). */
  loads = 0;

  constructor(source: JwksSource, options: JwksOptions) {
    this.#source = source;
    this.#options = { fetchTimeoutMs: 5_000, now: Date.now, ...options };
  }

  /** The current key set, loading or refreshing it when due. */
  async keys(): Promise<JsonWebKey[]> {
    const now = this.#options.now();
    if (this.#keys === undefined || now - this.#loadedAt >= this.#options.ttlMs) await this.#reload(false);
    return this.#usable();
  }

  /**
   * Called when a token names a key the current set lacks: reloads unless a load was attempted within
   * `minRefetchMs`. Returns the (possibly new) set.
   */
  async refreshForUnknownKid(): Promise<JsonWebKey[]> {
    if (this.#options.now() - this.#lastAttempt >= this.#options.minRefetchMs) await this.#reload(true);
    return this.#usable();
  }

  #usable(): JsonWebKey[] {
    const age = this.#options.now() - this.#loadedAt;
    if (this.#keys === undefined || age >= 2 * this.#options.ttlMs) {
      throw new JwksUnavailableError(`the identity provider's keys could not be loaded from ${this.#describe()}`);
    }
    return this.#keys;
  }

  async #reload(force: boolean): Promise<void> {
    if (this.#inflight) return this.#inflight;
    if (!force && this.#options.now() - this.#lastAttempt < Math.min(this.#options.minRefetchMs, this.#options.ttlMs) && this.#keys !== undefined) return;
    this.#lastAttempt = this.#options.now();
    this.loads++;
    this.#inflight = (async () => {
      try {
        this.#keys = parseJwks(await this.#read());
        this.#loadedAt = this.#options.now();
      } catch {
        // Keep the last good set (bounded by #usable); the failure surfaces when nothing is usable.
      } finally {
        this.#inflight = undefined;
      }
    })();
    return this.#inflight;
  }

  async #read(): Promise<string> {
    if ('file' in this.#source) return readFile(this.#source.file, 'utf8');
    const res = await fetch(this.#source.url, {
      redirect: 'error',
      signal: AbortSignal.timeout(this.#options.fetchTimeoutMs),
      headers: { accept: 'application/json' },
    });
    if (res.status !== 200) throw new Error(`JWKS answered ${res.status}`);
    const text = await res.text();
    if (text.length > MAX_JWKS_BYTES) throw new Error('JWKS too large');
    return text;
  }

  #describe(): string {
    return 'file' in this.#source ? `file ${this.#source.file}` : `${this.#source.url}`;
  }
}

/** The `keys` array of a JWKS document; members that are not objects with a `kty` are dropped. */
export function parseJwks(text: string): JsonWebKey[] {
  const doc: unknown = JSON.parse(text);
  const keys = doc !== null && typeof doc === 'object' ? (doc as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys)) throw new Error('not a JWKS (no "keys" array)');
  return keys.filter((k): k is JsonWebKey => k !== null && typeof k === 'object' && typeof (k as JsonWebKey).kty === 'string');
}
