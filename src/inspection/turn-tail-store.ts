import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { TurnTailPort } from '../store/ports.ts';
import { MemoryTurnTails } from '../store/memory/turn-tails.ts';
import { gatewayError, GatewayError } from '../errors.ts';
import type { TurnTail } from './turn-tails.ts';

/**
 * Where the ends of answered Responses turns are remembered (turn-tails.ts says what a tail is and how it
 * is joined). Tails are fragments of what may be secret text, so, as in the redaction vault, the port
 * never sees one in the clear: each is sealed here (AES-256-GCM; its name bound in as associated data, so
 * a tail moved to another name does not open) under a name that is an HMAC of the caller and the response
 * id — the store holds neither, and a caller naming another caller's response id finds nothing.
 *
 * Ports: this process's memory (one gateway process), a SQLite file shared by the workers of one
 * `serve --workers N`, Redis or PostgreSQL shared by every instance (store/*). A tail must be where the
 * next turn is inspected, whichever instance or worker takes it; else a value cut between two turns that
 * land on different processes would pass uninspected as a whole.
 *
 * Keys: random per process for memory; handed by the primary to its workers for the shared file; derived
 * from the installation key for Redis / PostgreSQL (every instance has it, and a copy of the store alone
 * opens nothing).
 */
export interface TurnTailStoreOptions {
  /** Where sealed tails are kept (default: this process's memory, bounded by `maxEntries`). */
  port?: TurnTailPort;
  /** At least 32 bytes: the cipher and naming keys are derived from it (default: random). */
  key?: Buffer;
  /** How long a tail is kept after its answer, ms (default: an hour). */
  ttlMs?: number;
  /** Most tails the default memory port keeps (default 10 000); the oldest go first. */
  maxEntries?: number;
}

/** Longest sealed text accepted from a port (a tail is at most 2 × TAIL_CHARS characters). */
const MAX_SEALED = 16 * 1024;

const WHAT = 'the Responses turn tails';

export class TurnTailStore {
  readonly #cipherKey: Buffer;
  readonly #nameKey: Buffer;
  readonly #port: TurnTailPort;
  readonly #ttlMs: number;
  /** Whether the port is shared with other processes (not this process's memory). */
  readonly shared: boolean;

  constructor(options: TurnTailStoreOptions = {}) {
    const root = options.key ?? randomBytes(32);
    if (root.length < 32) throw new Error('the turn-tail key must be at least 32 bytes');
    this.#cipherKey = derive(root, 'sekisho-turn-tail-cipher');
    this.#nameKey = derive(root, 'sekisho-turn-tail-name');
    this.#ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.shared = options.port !== undefined;
    this.#port = options.port ?? new MemoryTurnTails(options.maxEntries ?? 10_000);
  }

  /** Remembers `value` as the end of the turn answered as `responseId` to `principal`. Rejects (SEKISHO_ERR_STATE_UNAVAILABLE) when the port cannot be reached. */
  async remember(principal: string, responseId: string, value: TurnTail): Promise<void> {
    const name = this.#name(principal, responseId);
    try {
      await this.#port.put(name, this.#seal(name, value), this.#ttlMs);
    } catch (err) {
      throw unavailable(err);
    }
  }

  /**
   * The tail remembered for `responseId` answered to `principal` (undefined: none, expired, or not
   * opening under this key). Rejects (SEKISHO_ERR_STATE_UNAVAILABLE) when the port cannot be reached:
   * the caller refuses the request rather than inspect the turn without its join.
   */
  async recall(principal: string, responseId: string): Promise<TurnTail | undefined> {
    const name = this.#name(principal, responseId);
    let sealed: string | undefined;
    try {
      sealed = await this.#port.get(name);
    } catch (err) {
      throw unavailable(err);
    }
    return sealed === undefined || sealed.length > MAX_SEALED ? undefined : this.#unseal(name, sealed);
  }

  #name(principal: string, responseId: string): string {
    return createHmac('sha256', this.#nameKey).update(principal).update('\0').update(responseId).digest('hex').slice(0, 40);
  }

  /** base64(iv ‖ tag ‖ ciphertext of the JSON tail). */
  #seal(name: string, value: TurnTail): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#cipherKey, iv);
    cipher.setAAD(Buffer.from(name));
    const data = Buffer.concat([cipher.update(JSON.stringify({ c: value.client, m: value.model }), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
  }

  #unseal(name: string, sealed: string): TurnTail | undefined {
    try {
      const raw = Buffer.from(sealed, 'base64');
      if (raw.length < 28) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', this.#cipherKey, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(name));
      decipher.setAuthTag(raw.subarray(12, 28));
      const parsed = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as { c?: unknown; m?: unknown };
      if (typeof parsed.c !== 'string' || typeof parsed.m !== 'string') return undefined;
      return { client: parsed.c, model: parsed.m };
    } catch {
      return undefined;
    }
  }
}

/** The key of shared turn tails (Redis, PostgreSQL): derived from the installation key (HKDF-SHA256), never the key itself. */
export function sharedTurnTailKey(installationKey: Buffer): Buffer {
  return derive(installationKey, 'sekisho-shared-turn-tails');
}

function derive(key: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
}

function unavailable(err: unknown): GatewayError {
  if (err instanceof GatewayError && err.code === 'SEKISHO_ERR_STATE_UNAVAILABLE') return err;
  return gatewayError('SEKISHO_ERR_STATE_UNAVAILABLE', { what: WHAT }, { cause: err, reason: err instanceof Error ? err.message : String(err) });
}
