/**
 * The audit trail service the gateway holds (`runtime.audit`): commits one chained event per request
 * through the audit port (the caller completes the response only once it is committed), signs checkpoints every N events
 * or T seconds and at shutdown, purges by retention behind signed anchors, and hands committed events
 * to the sinks. Its health (write failures) is reported by `/healthz`.
 */
import type { AuditConfig } from '../config/types.ts';
import type { AuditPort, MetaPort } from '../store/ports.ts';
import type { Logger } from '../log.ts';
import type { AuditEvent } from './audit-event.ts';
import { appendEvent, type EventRow } from './audit-store.ts';
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
  /** Where events, checkpoints and transcripts are stored. */
  store: { audit: AuditPort; meta: MetaPort };
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
  readonly store: AuditPort;
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
  /** The checkpoint being signed, if any: checkpoints are signed one at a time. */
  #checkpointing: Promise<Checkpoint | undefined> | undefined;

  /** Opens the trail on `options.store`: records the key id, reads the head, signs an unsigned tail. */
  static async open(options: AuditTrailOptions): Promise<AuditTrail> {
    const key = loadOrCreateSigningKey(options.config.signingKey ?? defaultSigningKeyPath(options.dataDir), logTightened(options.log));
    await options.store.meta.set('audit_key_id', key.id);
    const [head, signed] = await Promise.all([options.store.audit.head(), options.store.audit.lastCheckpointSeq()]);
    const trail = new AuditTrail(options, key, head.seq, signed);
    // After a crash the last events may be unsigned: sign what is there now.
    await trail.checkpoint();
    return trail;
  }

  private constructor(options: AuditTrailOptions, key: SigningKey, lastSeq: number, lastCheckpointSeq: number) {
    this.#config = options.config;
    this.#log = options.log;
    this.#refusals = new RefusalSampler(options.config.refusalsPerMinute);
    this.store = options.store.audit;
    this.key = key;
    this.#sinks = options.sinks ?? buildSinks(options.config, options.log);
    this.#lastSeq = lastSeq;
    this.#lastCheckpointSeq = lastCheckpointSeq;
    const { intervalMs } = options.config.checkpoint;
    if (intervalMs > 0) this.#every(intervalMs, () => void this.checkpoint());
    if (options.config.retentionMs > 0 || options.config.transcripts.retentionMs > 0) {
      this.#every(10 * 60_000, () => void this.#retention());
      const first = setTimeout(() => void this.#retention(), 1_000);
      first.unref();
      this.#timers.push(first);
    }
  }

  /** Whether transcripts are captured (enabled and a key is configured). */
  get capturesTranscripts(): boolean {
    return this.#config.transcripts.enabled && this.#config.transcripts.key !== undefined;
  }

  /**
   * Commits `event` at the end of the chain, with the encrypted `transcript` when given and captured;
   * resolves once it is committed, rejects when the write fails (the caller must then not complete the
   * response). Resolves undefined only for a refusal sampled out (refusal-sampler.ts: more of its kind
   * this minute than `audit.refusalsPerMinute`), whose count the next recorded one carries.
   */
  async record(event: AuditEvent, transcript?: string): Promise<EventRow | undefined> {
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
      row = await appendEvent(this.store, sealed ? { ...event, transcript: true } : event, sealed);
    } catch (err) {
      this.#failures++;
      this.#ok = false;
      this.#log.error('audit event could not be written: the request is refused (fail closed)', { requestId: event.id, error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    this.#ok = true;
    this.#events++;
    this.#lastSeq = Math.max(this.#lastSeq, row.seq);
    if (this.#lastSeq - this.#lastCheckpointSeq >= this.#config.checkpoint.everyEvents) await this.checkpoint();
    if (this.#sinks.length > 0) {
      const committed = JSON.parse(row.body) as AuditEvent;
      for (const sink of this.#sinks) sink.send(committed, row.body);
    }
    return row;
  }

  /**
   * Signs a checkpoint of the current head when events came in since the last one (one at a time: a call
   * while one is being signed waits for it, then looks again). Never rejects: a failure is logged.
   */
  async checkpoint(): Promise<Checkpoint | undefined> {
    while (this.#checkpointing) await this.#checkpointing;
    this.#checkpointing = this.#signCheckpoint();
    try {
      return await this.#checkpointing;
    } finally {
      this.#checkpointing = undefined;
    }
  }

  async #signCheckpoint(): Promise<Checkpoint | undefined> {
    try {
      const head = await this.store.head();
      this.#lastSeq = Math.max(this.#lastSeq, head.seq);
      if (head.seq === 0 || head.seq <= (await this.store.lastCheckpointSeq())) {
        this.#lastCheckpointSeq = Math.max(this.#lastCheckpointSeq, head.seq);
        return undefined;
      }
      const cp = signCheckpoint({ seq: head.seq, hash: head.hash, time: new Date().toISOString(), kind: 'checkpoint', keyId: this.key.id }, this.key.privateKey);
      await this.store.addCheckpoint(cp);
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
  purge(before: Date, maxEvents = Number.MAX_SAFE_INTEGER): Promise<PurgeResult> {
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
    await this.checkpoint();
    await Promise.all(this.#sinks.map((s) => s.close()));
  }

  #every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref();
    this.#timers.push(t);
  }

  async #retention(): Promise<void> {
    if (this.#closed) return;
    try {
      const now = Date.now();
      if (this.#config.retentionMs > 0) {
        const result = await this.purge(new Date(now - this.#config.retentionMs), PURGE_BATCH);
        if (result.events > 0) this.#log.info('audit retention purge', { events: result.events, transcripts: result.transcripts, anchorSeq: result.anchor?.seq });
        if (result.events >= PURGE_BATCH) {
          const again = setTimeout(() => void this.#retention(), 1_000);
          again.unref();
          this.#timers.push(again);
        }
      }
      if (this.#config.transcripts.retentionMs > 0) {
        await this.store.purgeTranscriptsBefore(new Date(now - this.#config.transcripts.retentionMs).toISOString());
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
export async function purgeTrail(store: AuditPort, key: SigningKey, before: Date, maxEvents = Number.MAX_SAFE_INTEGER): Promise<PurgeResult> {
  const all = await store.checkpoints();
  const start = all.filter((c) => c.kind === 'anchor').at(-1)?.seq ?? 0;
  const boundary = await store.purgeBoundary(before.toISOString(), start + maxEvents);
  if (!boundary || boundary.seq <= start) return { events: 0, transcripts: 0 };
  const checkpoints = all.filter((c) => c.seq <= boundary.seq);
  const check = await verifyTrail(store.range(0, boundary.seq), checkpoints, [key.publicKey]);
  if (!check.ok) throw new PurgeRefused(check.problem!);
  const anchor = signCheckpoint({ seq: boundary.seq, hash: boundary.hash, time: new Date().toISOString(), kind: 'anchor', keyId: key.id }, key.privateKey);
  const { events, transcripts } = await store.purgeThrough(anchor);
  return { events, transcripts, anchor };
}

function buildSinks(config: AuditConfig, log: Logger): AuditSink[] {
  const sinks: AuditSink[] = [];
  if (config.sinks.syslog) sinks.push(new SyslogSink(config.sinks.syslog, log));
  if (config.sinks.otlp) sinks.push(new OtlpSink(config.sinks.otlp, log));
  return sinks;
}
