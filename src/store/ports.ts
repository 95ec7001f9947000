/**
 * The storage ports: everything the gateway and the data commands read or write as state goes through
 * these async interfaces, and only the adapters (`store/sqlite/`, `store/postgres/`) hold SQL. The
 * operations that correctness needs atomic are atomic in the port itself, not composed by callers:
 *
 * - `AuditPort.append`: reads the chain head and appends the next event in one operation (a transaction
 *   that holds the head), so many writers still form one chain;
 * - `CounterPort.checkAndAdd`: reads the counters, checks the limits and increments them in one
 *   operation that cannot interleave with another (a SQLite or PostgreSQL transaction; declarative, so a
 *   Redis Lua script can do the same);
 * - `PinPort.pin`: set-if-absent (the first rule that pinned a session stays), extending the expiry.
 *
 * Types only; imports nothing but domain/.
 */
import type { AuditEvent } from '../domain/audit-event.ts';

// ── keys ────────────────────────────────────────────────────────────────────────────────────────

/** A gateway key's record as stored and listed (never the key itself). */
export interface KeyRecord {
  id: string;
  user: string;
  team?: string;
  groups: string[];
  admin: boolean;
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

/** A stored key: its record and the SHA-256 of the key text. */
export interface StoredKey extends KeyRecord {
  hash: Uint8Array;
}

export interface KeyPort {
  /** Inserts a new key; false when the id is taken (the caller draws another). */
  insert(key: StoredKey): Promise<boolean>;
  get(id: string): Promise<StoredKey | undefined>;
  /** Every key, newest first. */
  list(): Promise<StoredKey[]>;
  /** Sets `revokedAt` when not revoked yet; true when it changed. */
  revoke(id: string, at: string): Promise<boolean>;
  /** Sets `lastUsedAt = at` unless it is already later than `notBefore` (at most one write per period). */
  touch(id: string, at: string, notBefore: string): Promise<void>;
}

// ── audit trail ─────────────────────────────────────────────────────────────────────────────────

/** One stored event row, as `verify` and the CLI read it. */
export interface EventRow {
  seq: number;
  id: string;
  time: string;
  body: string;
  prev_hash: string;
  hash: string;
}

/** The end of the chain: the last event, else the latest purge anchor, else genesis (seq 0). */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** Filters of `sekisho audit search` / `export`; all optional, combined with AND. */
export interface EventQuery {
  since?: string;
  until?: string;
  principal?: string;
  /** Policy action (`allow`, `redact`, `route-internal`, `block`, `refused`). */
  decision?: string;
  /** Policy rule name, or a finding's rule id. */
  rule?: string;
  afterSeq?: number;
  limit?: number;
  /** Newest first (tail) instead of chain order. */
  newestFirst?: boolean;
}

/**
 * A signed statement "the chain at `seq` has hash `hash`". `anchor` checkpoints are written by retention
 * purges: the chain may start right after them. (Signing and checking: audit/chain.ts.)
 */
export interface Checkpoint {
  seq: number;
  hash: string;
  /** When it was signed, ISO 8601 UTC. */
  time: string;
  kind: 'checkpoint' | 'anchor';
  /** Fingerprint of the signing key. */
  keyId: string;
  /** Ed25519 signature, base64. */
  signature: string;
}

/** An encrypted request body (audit/transcript-cipher.ts), stored beside its event. */
export interface SealedTranscript {
  /** First 16 hex characters of SHA-256("sekisho-transcript-key" ‖ key): names the key, reveals nothing. */
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
  /** Plaintext size in bytes (after the cap). */
  bytes: number;
  /** The body was longer than the cap and was cut. */
  truncated: boolean;
}

/** What the chain link of an appended event is: computed by the caller from the head (audit/chain.ts). */
export interface ChainedEvent {
  body: string;
  hash: string;
}

export interface AuditPort {
  /**
   * Appends `event` at the end of the chain in one atomic operation: the head is read and held (no other
   * append in between, from this process or another), `link(head)` computes the new row's body and hash
   * (seq = head.seq + 1), the row and the transcript are written, and the committed row is returned.
   * Rejects when nothing was committed: the caller fails closed.
   */
  append(event: AuditEvent, link: (head: ChainHead) => ChainedEvent, transcript?: SealedTranscript): Promise<EventRow>;
  head(): Promise<ChainHead>;
  addCheckpoint(cp: Checkpoint): Promise<void>;
  /** Every checkpoint, by seq. */
  checkpoints(): Promise<Checkpoint[]>;
  /** Highest checkpointed seq (0 when none). */
  lastCheckpointSeq(): Promise<number>;
  /** Events with start < seq <= end (end absent: to the head), in chain order, read in batches. */
  range(start: number, end?: number): AsyncIterable<EventRow>;
  /** Events matching `q`, in chain order (or newest first). */
  search(q: EventQuery): Promise<EventRow[]>;
  /** One event by request id. */
  byId(id: string): Promise<EventRow | undefined>;
  transcript(id: string): Promise<(SealedTranscript & { time: string }) | undefined>;
  /**
   * The last event a purge of everything older than `time` may remove: the one just before the first
   * event at or after `time`, capped at `maxSeq`.
   */
  purgeBoundary(time: string, maxSeq: number): Promise<ChainHead | undefined>;
  /**
   * Stores the signed `anchor`, deletes events up to and including its seq (with their transcripts) and
   * the checkpoints they made obsolete, in one transaction.
   */
  purgeThrough(anchor: Checkpoint): Promise<{ events: number; transcripts: number }>;
  /** Deletes transcripts older than `time` (outside the chain). */
  purgeTranscriptsBefore(time: string): Promise<number>;
  count(): Promise<number>;
}

// ── limit counters ──────────────────────────────────────────────────────────────────────────────

export type Metric = 'requests' | 'tokens';

/** One counter: per rule, subject, metric and period (minute number for requests, UTC day for tokens). */
export interface CounterKey {
  rule: string;
  subject: string;
  metric: Metric;
  period: number;
}

/** One limit to check: passes while Σ weight × value(key) + cost <= limit. */
export interface CounterCheck {
  terms: Array<{ key: CounterKey; weight: number }>;
  cost: number;
  limit: number;
}

export interface CheckAndAddResult {
  /** True when every check passed and the increments were applied; false: nothing was applied. */
  admitted: boolean;
  /** The values read, per check and term (as they were before any increment). */
  values: number[][];
}

export interface CounterPort {
  /**
   * Atomically: reads every check's counters, and only when all checks pass applies `adds`. No other
   * `checkAndAdd` or `add` can interleave (exactly N admitted for a limit of N, however many callers race).
   */
  checkAndAdd(checks: CounterCheck[], adds: Array<{ key: CounterKey; amount: number }>): Promise<CheckAndAddResult>;
  /** Adds `amount` (> 0) to a counter. */
  add(key: CounterKey, amount: number): Promise<void>;
  /** Deletes request minutes before `minute` and token days before `day` (no check reads them any more). */
  prune(minute: number, day: number): Promise<void>;
}

// ── sticky session pins ─────────────────────────────────────────────────────────────────────────

export interface StoredPin {
  rule: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface PinPort {
  /** The pin of a session id (an HMAC, never the session key), expired or not; undefined when none. */
  get(session: string): Promise<StoredPin | undefined>;
  /**
   * Pins `session` if it is not pinned (set-if-absent: the rule that first pinned it stays) and sets its
   * expiry to `expiresAt`; returns the stored rule.
   */
  pin(session: string, rule: string, pinnedAt: string, expiresAt: number): Promise<string>;
  /** Moves an existing pin's expiry. */
  extend(session: string, expiresAt: number): Promise<void>;
  /** Deletes pins expired before `now`. */
  prune(now: number): Promise<void>;
}

// ── generic metadata ────────────────────────────────────────────────────────────────────────────

export interface MetaPort {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

// ── redaction vault ─────────────────────────────────────────────────────────────────────────────

/**
 * Originals of redacted values, per conversation, as the redaction layer seals them (redaction/vault.ts:
 * AES-256-GCM, base64 text): the port never sees a value in the clear, and conversations are named by an
 * HMAC, never by the session key itself. A conversation expires `ttlMs` after its last use.
 */
export interface VaultPort {
  /**
   * Adds `entries` (placeholder → sealed value) to `conversation`, keeping the value a placeholder already
   * has, and restarts its expiry. Atomic: when the conversation would then hold more than `maxValues`
   * entries nothing is added and false is returned. Rejects when the store cannot be reached.
   */
  put(conversation: string, entries: Array<[placeholder: string, sealed: string]>, ttlMs: number, maxValues: number): Promise<boolean>;
  /** Every entry of `conversation` (empty when none or expired), restarting its expiry. */
  read(conversation: string, ttlMs: number): Promise<Map<string, string>>;
}

// ── Responses turn tails ────────────────────────────────────────────────────────────────────────

/**
 * The remembered ends of answered Responses turns (inspection/turn-tail-store.ts), so a value cut
 * between two turns of a `previous_response_id` chain is joined whichever instance serves the next turn.
 * As with the vault, the port only ever sees sealed text (AES-256-GCM, base64) under a name that is an
 * HMAC of the caller and the response id: neither the text, the caller nor the response id.
 */
export interface TurnTailPort {
  /** Stores `sealed` under `name` (replacing what was there) until `ttlMs` from now. Rejects when the store cannot be reached. */
  put(name: string, sealed: string, ttlMs: number): Promise<void>;
  /** What is stored under `name`, undefined when nothing or expired. Rejects when the store cannot be reached. */
  get(name: string): Promise<string | undefined>;
}

// ── change feed (fan-out between instances) ─────────────────────────────────────────────────────

/** What changed: the policy (re-read the policy file), gateway keys, the own-code index. */
export type ChangeKind = 'policy' | 'keys' | 'index';

/** One announcement: `kind` is now at `epoch` (a counter in the shared store), announced by `from`. */
export interface ChangeNotice {
  kind: ChangeKind;
  epoch: number;
  /** Instance id of the announcer (an instance ignores nothing: its own notices are harmless). */
  from: string;
}

/** What an instance has in force, reported to the shared store (shown in `/healthz`). */
export interface InstanceReport {
  instance: string;
  /** Host name and process id, for operators. */
  host: string;
  pid: number;
  /** Hash of the policy in force. */
  policyHash: string;
  /** Own-code index generation in force (null: none or unknown). */
  indexGeneration: number | null;
  /** Epochs this instance has acted on. */
  epochs: Record<ChangeKind, number>;
  /** ISO 8601 UTC. */
  at: string;
}

/**
 * Fan-out of changes to every instance: an epoch per kind in the shared store (bumped by `announce`,
 * read by the periodic re-check, so a lost message is caught) and a broadcast (Redis pub/sub or
 * PostgreSQL LISTEN/NOTIFY) so instances act within moments.
 */
export interface ChangeFeedPort {
  /** Where (a URL without its password). */
  readonly location: string;
  /** Increments the epoch of `kind` and broadcasts it; resolves with the new epoch. */
  announce(kind: ChangeKind, from: string): Promise<number>;
  /** The current epochs (0 for a kind never announced). */
  epochs(): Promise<Record<ChangeKind, number>>;
  /** Starts listening; `listener` gets every notice, from any instance. */
  subscribe(listener: (notice: ChangeNotice) => void): Promise<void>;
  /** Records what this instance has in force; reports older than `ttlMs` are dropped by `instances`. */
  report(report: InstanceReport, ttlMs: number): Promise<void>;
  /** The live instances' reports. */
  instances(ttlMs: number): Promise<InstanceReport[]>;
  close(): Promise<void>;
}

// ── shared own-code index ───────────────────────────────────────────────────────────────────────

/** The own-code index generation in force for the deployment (the shape of the local generation record). */
export interface SharedIndexRecord {
  generation: number;
  builtAt: string;
  /** First 32 hex digits of the image's SHA-256; null when nothing is indexed (no image). */
  sha256: string | null;
  files: number;
  bytes: number;
}

/**
 * The own-code index image shared by every instance (PostgreSQL: `sekisho index add | rm` on one host
 * publishes it; every instance copies it into its data directory). Only the latest generation is kept.
 */
export interface SharedIndexPort {
  /**
   * Stores `image` (undefined: nothing indexed) as the next generation, replacing the previous one, in
   * one transaction; resolves with the record written.
   */
  publish(build: Omit<SharedIndexRecord, 'generation' | 'bytes'>, image: Uint8Array | undefined): Promise<SharedIndexRecord>;
  latest(): Promise<SharedIndexRecord | undefined>;
  /** The image of `generation` (undefined when it is no longer the latest, or has none). */
  image(generation: number): Promise<Uint8Array | undefined>;
}

// ── the store ───────────────────────────────────────────────────────────────────────────────────

/** Whether the shared-state service (Redis) is reachable, for `/healthz`. */
export interface SharedStateHealth {
  ok: boolean;
  /** Where (a URL without its password). */
  location: string;
  lastError?: string;
}

/** One state store: the ports over one backing database. */
export interface StateStore {
  /** Which adapter: `sqlite` (embedded default) or `postgres`. */
  readonly kind: 'sqlite' | 'postgres';
  /** Where it is, for logs (a path, or a URL without its password). */
  readonly location: string;
  readonly keys: KeyPort;
  readonly audit: AuditPort;
  readonly counters: CounterPort;
  readonly pins: PinPort;
  readonly meta: MetaPort;
  /** Present when counters and pins are served by Redis (`redis.url`): its reachability. */
  readonly shared?: { health(): SharedStateHealth };
  /** The own-code index shared by every instance (PostgreSQL); absent: each host's data directory has its own. */
  readonly sharedIndex?: SharedIndexPort;
  /** The redaction vault shared by every instance (Redis with `redis.url`, else PostgreSQL); absent (SQLite): each instance keeps its own in memory. */
  readonly vault?: VaultPort;
  /** Responses turn tails shared by every instance (Redis with `redis.url`, else PostgreSQL); absent (SQLite): per process, or per `serve --workers` file. */
  readonly turnTails?: TurnTailPort;
  close(): Promise<void>;
}
