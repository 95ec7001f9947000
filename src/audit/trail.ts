/**
 * The audit trail service the gateway holds (`runtime.audit`): commits one chained event per request
 * synchronously (the caller completes the response only afterwards), signs checkpoints every N events
 * or T seconds and at shutdown, purges by retention behind signed anchors, and hands committed events
 * to the sinks. Its health (write failures) is reported by `/healthz`.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { AuditConfig } from '../config/types.ts';
import type { Logger } from '../log.ts';
import type { AuditEvent } from './audit-event.ts';
import { AuditStore, type EventRow } from './audit-store.ts';
import { signCheckpoint, type Checkpoint } from './chain.ts';
import { defaultSigningKeyPath, loadOrCreateSigningKey, type SigningKey } from './signing-key.ts';
import { logTightened } from '../store/private-files.ts';
import { sealTranscript } from './transcript-cipher.ts';
import { verifyTrail, type VerifyProblem } from './verify.ts';
import { RefusalSampler } from './refusal-sampler.ts';
import type { AuditSink } from './sinks/sink.ts';
import { SyslogSink } from './sinks/syslog-sink.ts';
import { OtlpSink } from './sinks/otlp-sink.ts';

export interface AuditTrailOptions {
  db: DatabaseSync;
  config: AuditConfig;
  dataDir: string;
  log: Logger;
  /** Default: built from `config.sinks`. */
  sinks?: AuditSink[];
}

/** What `/healthz` shows about the trail. */
export interface AuditHealth {
  /** False after a failed write, until the next write succeeds: requests are being refused. */
  ok: boolean;
  events: number;
  writeFailures: number;
  /** Refusals not recorded because their kind exceeded `audit.refusalsPerMinute` (counted in later events). */
  refusalsSuppressed: number;
  lastSeq: number;
  signedThrough: number;
  sinks: Record<string, { sent: number; dropped: number; queued: number }>;
}

export interface PurgeResult {
  events: number;
  transcripts: number;
  anchor?: Checkpoint;
}

/** Events a purge removes per transaction in the gateway (keeps each run short). */
const PURGE_BATCH = 20_000;

export class AuditTrail {
  readonly store: AuditStore;
  readonly key: SigningKey;
  readonly #config: AuditConfig;
  readonly #log: Logger;
  readonly #sinks: AuditSink[];
  #lastCheckpointSeq: number;
  #lastSeq: number;
  #events = 0;
  #failures = 0;
  #ok = true;
  #timers: NodeJS.Timeout[] = [];
  #closed = false;
  readonly #refusals: RefusalSampler;
  #suppressed = 0;

  constructor(options: AuditTrailOptions) {
    this.#config = options.config;
    this.#log = options.log;
    this.#refusals = new RefusalSampler(options.config.refusalsPerMinute);
    this.store = new AuditStore(options.db);
    this.key = loadOrCreateSigningKey(options.config.signingKey ?? defaultSigningKeyPath(options.dataDir), logTightened(options.log));
    this.store.setMeta('audit_key_id', this.key.id);
    this.#sinks = options.sinks ?? buildSinks(options.config, options.log);
    this.#lastSeq = this.store.head().seq;
    this.#lastCheckpointSeq = this.store.lastCheckpointSeq();
    // After a crash the last events may be unsigned: sign what is there now.
    this.checkpoint();
    const { intervalMs } = options.config.checkpoint;
    if (intervalMs > 0) this.#every(intervalMs, () => this.checkpoint());
    if (options.config.retentionMs > 0 || options.config.transcripts.retentionMs > 0) {
      this.#every(10 * 60_000, () => this.#retention());
      const first = setTimeout(() => this.#retention(), 1_000);
      first.unref();
      this.#timers.push(first);
    }
  }

  /** Whether transcripts are captured (enabled and a key is configured). */
  get capturesTranscripts(): boolean {
    return this.#config.transcripts.enabled && this.#config.transcripts.key !== undefined;
  }

  /**
   * Commits `event` at the end of the chain, with the encrypted `transcript` when given and captured.
   * Synchronous; throws when the write fails (the caller must then not complete the response).
   */
  /**
   * Commits one event; returns undefined only for a refusal sampled out (refusal-sampler.ts: more of its
   * kind this minute than `audit.refusalsPerMinute`), whose count the next recorded one carries.
   */
  record(event: AuditEvent, transcript?: string): EventRow | undefined {
    // Only refusals made before policy decided are sampled: one after (no internal backend, unknown model,
    // a value that cannot be redacted) carries the decision and its findings, which are always recorded.
    if (event.decision.action === 'refused' && event.decision.policy === undefined) {
      const verdict = this.#refusals.admit(event.decision.rule, event.principal.id);
      if (!verdict.record) {
        this.#suppressed++;
        return undefined;
      }
      if (verdict.suppressed > 0) event = { ...event, suppressed: verdict.suppressed };
    }
    let row: EventRow;
    try {
      const t = this.#config.transcripts;
      const sealed = transcript !== undefined && this.capturesTranscripts ? sealTranscript(event.id, transcript, t.key!, t.maxBytes) : undefined;
      row = this.store.append(sealed ? { ...event, transcript: true } : event, sealed);
    } catch (err) {
      this.#failures++;
      this.#ok = false;
      this.#log.error('audit event could not be written: the request is refused (fail closed)', { requestId: event.id, error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    this.#ok = true;
    this.#events++;
    this.#lastSeq = row.seq;
    if (this.#lastSeq - this.#lastCheckpointSeq >= this.#config.checkpoint.everyEvents) this.checkpoint();
    if (this.#sinks.length > 0) {
      const committed = JSON.parse(row.body) as AuditEvent;
      for (const sink of this.#sinks) sink.send(committed, row.body);
    }
    return row;
  }

  /** Signs a checkpoint of the current head when events came in since the last one. */
  checkpoint(): Checkpoint | undefined {
    const head = this.store.head();
    this.#lastSeq = head.seq;
    if (head.seq === 0 || head.seq <= this.store.lastCheckpointSeq()) {
      this.#lastCheckpointSeq = Math.max(this.#lastCheckpointSeq, head.seq);
      return undefined;
    }
    try {
      const cp = signCheckpoint({ seq: head.seq, hash: head.hash, time: new Date().toISOString(), kind: 'checkpoint', keyId: this.key.id }, this.key.privateKey);
      this.store.addCheckpoint(cp);
      this.#lastCheckpointSeq = cp.seq;
      // Also in the process log: a copy of the signed statement outside the database.
      this.#log.info('audit checkpoint', { seq: cp.seq, hash: cp.hash, keyId: cp.keyId, signature: cp.signature });
      return cp;
    } catch (err) {
      this.#log.error('audit checkpoint failed', { error: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  }

  /**
   * Deletes events that arrived before `before` (and their transcripts) behind a signed anchor. The
   * range is verified first: a purge never destroys evidence of tampering (it refuses instead).
   */
  purge(before: Date, maxEvents = Number.MAX_SAFE_INTEGER): PurgeResult {
    return purgeTrail(this.store, this.key, before, maxEvents);
  }

  health(): AuditHealth {
    const sinks: AuditHealth['sinks'] = {};
    for (const s of this.#sinks) sinks[s.name] = s.stats();
    return { ok: this.#ok, events: this.#events, writeFailures: this.#failures, refusalsSuppressed: this.#suppressed, lastSeq: this.#lastSeq, signedThrough: this.#lastCheckpointSeq, sinks };
  }

  /** Final checkpoint, timers off, sinks flushed. The store stays open (its owner closes it). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.checkpoint();
    await Promise.all(this.#sinks.map((s) => s.close()));
  }

  #every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref();
    this.#timers.push(t);
  }

  #retention(): void {
    if (this.#closed) return;
    try {
      const now = Date.now();
      if (this.#config.retentionMs > 0) {
        const result = this.purge(new Date(now - this.#config.retentionMs), PURGE_BATCH);
        if (result.events > 0) this.#log.info('audit retention purge', { events: result.events, transcripts: result.transcripts, anchorSeq: result.anchor?.seq });
        if (result.events >= PURGE_BATCH) {
          const again = setTimeout(() => this.#retention(), 1_000);
          again.unref();
          this.#timers.push(again);
        }
      }
      if (this.#config.transcripts.retentionMs > 0) {
        this.store.purgeTranscriptsBefore(new Date(now - this.#config.transcripts.retentionMs).toISOString());
      }
    } catch (err) {
      this.#log.error('audit retention purge failed', { error: err instanceof Error ? err.message : String(err) });
    }
  }
}

/** Raised when a purge would remove events that do not verify. */
export class PurgeRefused extends Error {
  readonly problem: VerifyProblem;
  constructor(problem: VerifyProblem) {
    super(`refusing to purge: the events to be removed do not verify (${problem.kind} at seq ${problem.seq}${problem.id ? `, ${problem.id}` : ''}: ${problem.detail})`);
    this.name = 'PurgeRefused';
    this.problem = problem;
  }
}

/** The purge itself, shared by the gateway's retention and `sekisho audit purge`. */
export function purgeTrail(store: AuditStore, key: SigningKey, before: Date, maxEvents = Number.MAX_SAFE_INTEGER): PurgeResult {
  const start = store.latestAnchor()?.seq ?? 0;
  const boundary = store.purgeBoundary(before.toISOString(), start + maxEvents);
  if (!boundary || boundary.seq <= start) return { events: 0, transcripts: 0 };
  const checkpoints = store.checkpoints().filter((c) => c.seq <= boundary.seq);
  const check = verifyTrail(store.range(0, boundary.seq), checkpoints, [key.publicKey]);
  if (!check.ok) throw new PurgeRefused(check.problem!);
  const anchor = signCheckpoint({ seq: boundary.seq, hash: boundary.hash, time: new Date().toISOString(), kind: 'anchor', keyId: key.id }, key.privateKey);
  const before0 = countTranscripts(store);
  const events = store.purgeThrough(anchor);
  return { events, transcripts: before0 - countTranscripts(store), anchor };
}

function countTranscripts(store: AuditStore): number {
  return Number((store.db.prepare('SELECT COUNT(*) AS n FROM audit_transcripts').get() as { n: number }).n);
}

function buildSinks(config: AuditConfig, log: Logger): AuditSink[] {
  const sinks: AuditSink[] = [];
  if (config.sinks.syslog) sinks.push(new SyslogSink(config.sinks.syslog, log));
  if (config.sinks.otlp) sinks.push(new OtlpSink(config.sinks.otlp, log));
  return sinks;
}
