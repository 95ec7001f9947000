/**
 * The audit tables in SQLite (see the migration in store/open-store.ts): appending chained events,
 * checkpoints, transcripts, searching and purging. Only I/O lives here; what a hash or a signature is
 * lives in chain.ts, when to checkpoint in trail.ts.
 */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { AuditEvent } from './audit-event.ts';
import { canonicalJson } from './canonical-json.ts';
import { chainHash, GENESIS_HASH, type Checkpoint } from './chain.ts';
import type { SealedTranscript } from './transcript-cipher.ts';
import { prepared } from '../store/statement-cache.ts';

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
  /** Policy action (`allow`, `redact`, `route-internal`, `block`). */
  decision?: string;
  /** Policy rule name, or a finding's rule id. */
  rule?: string;
  afterSeq?: number;
  limit?: number;
  /** Newest first (tail) instead of chain order. */
  newestFirst?: boolean;
}

export class AuditStore {
  readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  head(): ChainHead {
    const last = prepared(this.db, 'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as ChainHead | undefined;
    if (last) return { seq: Number(last.seq), hash: last.hash };
    const anchor = this.latestAnchor();
    return anchor ? { seq: anchor.seq, hash: anchor.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Appends `event` at the end of the chain (and its sealed transcript) in one immediate transaction,
   * reading the head inside it so two writers on one database still form one chain. Returns the row.
   * Throws when SQLite does: the caller fails closed.
   */
  append(event: AuditEvent, transcript?: SealedTranscript): EventRow {
    const own = !this.db.isTransaction;
    this.db.exec(own ? 'BEGIN IMMEDIATE' : 'SAVEPOINT audit_append');
    try {
      const head = this.head();
      const seq = head.seq + 1;
      const body = canonicalJson({ ...event, seq });
      const hash = chainHash(head.hash, body);
      prepared(this.db, 'INSERT INTO audit_events (seq, id, time, principal, decision, rule, status, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(seq, event.id, event.time, event.principal.id, event.decision.action, event.decision.rule, event.status, body, head.hash, hash);
      if (transcript) {
        prepared(this.db, 'INSERT INTO audit_transcripts (id, time, key_id, iv, tag, data, bytes, truncated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(event.id, event.time, transcript.keyId, transcript.iv, transcript.tag, transcript.data, transcript.bytes, transcript.truncated ? 1 : 0);
      }
      this.db.exec(own ? 'COMMIT' : 'RELEASE audit_append');
      return { seq, id: event.id, time: event.time, body, prev_hash: head.hash, hash };
    } catch (err) {
      try {
        this.db.exec(own ? 'ROLLBACK' : 'ROLLBACK TO audit_append; RELEASE audit_append');
      } catch {
        // the original error is the one to report
      }
      throw err;
    }
  }

  addCheckpoint(cp: Checkpoint): void {
    prepared(this.db, 'INSERT INTO audit_checkpoints (seq, hash, time, kind, key_id, signature) VALUES (?, ?, ?, ?, ?, ?)')
      .run(cp.seq, cp.hash, cp.time, cp.kind, cp.keyId, cp.signature);
  }

  checkpoints(): Checkpoint[] {
    const rows = prepared(this.db, 'SELECT seq, hash, time, kind, key_id, signature FROM audit_checkpoints ORDER BY seq, id').all() as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      seq: Number(r.seq),
      hash: String(r.hash),
      time: String(r.time),
      kind: r.kind === 'anchor' ? 'anchor' : 'checkpoint',
      keyId: String(r.key_id),
      signature: String(r.signature),
    }));
  }

  latestAnchor(): Checkpoint | undefined {
    return this.checkpoints()
      .filter((c) => c.kind === 'anchor')
      .at(-1);
  }

  lastCheckpointSeq(): number {
    const row = prepared(this.db, 'SELECT MAX(seq) AS seq FROM audit_checkpoints').get() as { seq: number | null };
    return row.seq === null ? 0 : Number(row.seq);
  }

  /** Every event in chain order (verify reads them one by one, never all at once). */
  *iterate(afterSeq = 0): Generator<EventRow> {
    const rows = this.db.prepare('SELECT seq, id, time, body, prev_hash, hash FROM audit_events WHERE seq > ? ORDER BY seq').iterate(afterSeq);
    for (const r of rows as Iterable<EventRow>) yield { ...r, seq: Number(r.seq) };
  }

  /** Events matching `q`, in chain order (or newest first). */
  search(q: EventQuery): EventRow[] {
    const where: string[] = [];
    const args: SQLInputValue[] = [];
    if (q.since !== undefined) (where.push('time >= ?'), args.push(q.since));
    if (q.until !== undefined) (where.push('time < ?'), args.push(q.until));
    if (q.principal !== undefined) (where.push('principal = ?'), args.push(q.principal));
    if (q.decision !== undefined) (where.push('decision = ?'), args.push(q.decision));
    if (q.rule !== undefined) {
      where.push(`(rule = ? OR EXISTS (SELECT 1 FROM json_each(body, '$.findings') f WHERE json_extract(f.value, '$.ruleId') = ?))`);
      args.push(q.rule, q.rule);
    }
    if (q.afterSeq !== undefined) (where.push('seq > ?'), args.push(q.afterSeq));
    const sql =
      'SELECT seq, id, time, body, prev_hash, hash FROM audit_events' +
      (where.length > 0 ? ' WHERE ' + where.join(' AND ') : '') +
      (q.newestFirst ? ' ORDER BY seq DESC' : ' ORDER BY seq') +
      (q.limit !== undefined ? ' LIMIT ?' : '');
    if (q.limit !== undefined) args.push(q.limit);
    const rows = this.db.prepare(sql).all(...args) as unknown as EventRow[];
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }

  /** A sealed transcript by event id. */
  transcript(id: string): (SealedTranscript & { time: string }) | undefined {
    const r = prepared(this.db, 'SELECT time, key_id, iv, tag, data, bytes, truncated FROM audit_transcripts WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    if (!r) return undefined;
    return {
      time: String(r.time),
      keyId: String(r.key_id),
      iv: Buffer.from(r.iv as Uint8Array),
      tag: Buffer.from(r.tag as Uint8Array),
      data: Buffer.from(r.data as Uint8Array),
      bytes: Number(r.bytes),
      truncated: Number(r.truncated) === 1,
    };
  }

  /**
   * The last event a purge of everything older than `time` may remove: the one just before the first
   * event at or after `time` (events commit in seq order but carry their arrival time, so this never
   * removes an event that arrived at or after `time`), capped at `maxSeq`.
   */
  purgeBoundary(time: string, maxSeq = Number.MAX_SAFE_INTEGER): ChainHead | undefined {
    const first = prepared(this.db, 'SELECT MIN(seq) AS seq FROM audit_events WHERE time >= ?').get(time) as { seq: number | null };
    const limit = Math.min(first.seq === null ? this.head().seq : Number(first.seq) - 1, maxSeq);
    const row = prepared(this.db, 'SELECT seq, hash FROM audit_events WHERE seq <= ? ORDER BY seq DESC LIMIT 1').get(limit) as ChainHead | undefined;
    return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
  }

  /** Events with start < seq <= end, in order. */
  *range(start: number, end: number): Generator<EventRow> {
    const rows = this.db.prepare('SELECT seq, id, time, body, prev_hash, hash FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq').iterate(start, end);
    for (const r of rows as Iterable<EventRow>) yield { ...r, seq: Number(r.seq) };
  }

  /**
   * Deletes events up to and including `seq` and the checkpoints they made obsolete, after storing the
   * signed `anchor` for `seq` — all in one transaction, so the chain always verifies from an anchor.
   */
  purgeThrough(anchor: Checkpoint): number {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.addCheckpoint(anchor);
      prepared(this.db, 'DELETE FROM audit_transcripts WHERE id IN (SELECT id FROM audit_events WHERE seq <= ?)').run(anchor.seq);
      const deleted = prepared(this.db, 'DELETE FROM audit_events WHERE seq <= ?').run(anchor.seq);
      prepared(this.db, `DELETE FROM audit_checkpoints WHERE seq < ? OR (seq = ? AND kind = 'checkpoint')`).run(anchor.seq, anchor.seq);
      this.db.exec('COMMIT');
      return Number(deleted.changes);
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /** Deletes transcripts older than `time` (they are outside the chain: nothing to anchor). */
  purgeTranscriptsBefore(time: string): number {
    return Number(prepared(this.db, 'DELETE FROM audit_transcripts WHERE time < ?').run(time).changes);
  }

  count(): number {
    return Number((prepared(this.db, 'SELECT COUNT(*) AS n FROM audit_events').get() as { n: number }).n);
  }

  setMeta(key: string, value: string): void {
    prepared(this.db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
