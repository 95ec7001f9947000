/**
 * The audit port over the SQLite tables `audit_events`, `audit_checkpoints` and `audit_transcripts`
 * (migration in store/open-store.ts). Only I/O lives here: what a hash or a signature is lives in
 * audit/chain.ts, when to checkpoint in audit/trail.ts.
 */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { AuditEvent } from '../../domain/audit-event.ts';
import { checkpointFromRow, transcriptFromRow } from '../audit-rows.ts';
import type { AuditPort, ChainedEvent, ChainHead, Checkpoint, EventQuery, EventRow, SealedTranscript } from '../ports.ts';
import { prepared } from '../statement-cache.ts';

/** `prev_hash` of the first event ever written: 64 zeros (the same constant as audit/chain.ts). */
const GENESIS = '0'.repeat(64);
/** Rows per read when iterating a range. */
const BATCH = 1000;
/** Most events one group-commit transaction holds (a longer queue is written in several). */
const MAX_GROUP = 256;

/** Raised inside a group when an event's error also ended the transaction around it. */
class TransactionLost extends Error {
  constructor(cause: unknown) {
    super('the audit transaction ended', { cause });
  }
}

/** An append waiting for the group commit. */
interface Pending {
  event: AuditEvent;
  link: (head: ChainHead) => ChainedEvent;
  transcript: SealedTranscript | undefined;
  resolve: (row: EventRow) => void;
  reject: (err: unknown) => void;
}

export class SqliteAudit implements AuditPort {
  readonly #db: DatabaseSync;
  /** Appends waiting for this turn's group commit, in call order. */
  #queue: Pending[] = [];
  #scheduled = false;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  async head(): Promise<ChainHead> {
    return this.#head();
  }

  #head(): ChainHead {
    const last = prepared(this.#db, 'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as ChainHead | undefined;
    if (last) return { seq: Number(last.seq), hash: last.hash };
    const anchor = this.#checkpoints().filter((c) => c.kind === 'anchor').at(-1);
    return anchor ? { seq: anchor.seq, hash: anchor.hash } : { seq: 0, hash: GENESIS };
  }

  /**
   * Group commit: an append is queued and written at the end of this event-loop turn (`setImmediate`)
   * together with every other append queued by then, in ONE immediate transaction that reads the head
   * inside it (so two writers on one database, or two processes, still form one chain). Within the
   * transaction the events are linked in the order `append` was called, each to the one before. Each
   * promise resolves only after the COMMIT that holds its row (node:sqlite is synchronous: nothing in this
   * process runs between the head read and the commit). An append made while the caller holds a
   * transaction on this database is written at once, as a savepoint inside it (as before).
   *
   * Failures: an event that cannot be written (its link throws, its id is taken) is rolled back to its own
   * savepoint and only its caller is refused; the others still commit. When the transaction itself fails
   * (BEGIN, head read, COMMIT, or a statement error that ended the transaction) every caller in it is
   * refused and nothing of it is committed: fail closed.
   */
  append(event: AuditEvent, link: (head: ChainHead) => ChainedEvent, transcript?: SealedTranscript): Promise<EventRow> {
    return new Promise<EventRow>((resolve, reject) => {
      const entry: Pending = { event, link, transcript, resolve, reject };
      if (this.#db.isTransaction) {
        this.#write([entry]);
        return;
      }
      this.#queue.push(entry);
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#flushQueued);
      }
    });
  }

  readonly #flushQueued = (): void => {
    this.#scheduled = false;
    this.flush();
  };

  /** Writes every queued append now (the store calls it before closing the database). */
  flush(): void {
    while (this.#queue.length > 0) this.#write(this.#queue.splice(0, MAX_GROUP));
  }

  /** One transaction (a savepoint inside a caller's) for `group`; settles every promise in it. */
  #write(group: Pending[]): void {
    const own = !this.#db.isTransaction;
    const single = group.length === 1;
    const done: Array<[Pending, EventRow]> = [];
    const refused: Array<[Pending, unknown]> = [];
    try {
      this.#db.exec(own ? 'BEGIN IMMEDIATE' : 'SAVEPOINT audit_append');
      try {
        let head = this.#head();
        for (const entry of group) {
          let row: EventRow;
          try {
            row = this.#insert(entry, head, single);
          } catch (err) {
            // A lone event's failure is the transaction's; in a group it is rolled back to its savepoint,
            // unless it ended the transaction (then nothing of the group may be reported committed).
            if (err instanceof TransactionLost) throw err.cause;
            if (single || (own && !this.#db.isTransaction)) throw err;
            refused.push([entry, err]);
            continue;
          }
          done.push([entry, row]);
          head = { seq: row.seq, hash: row.hash };
        }
        this.#db.exec(own ? 'COMMIT' : 'RELEASE audit_append');
      } catch (err) {
        try {
          this.#db.exec(own ? 'ROLLBACK' : 'ROLLBACK TO audit_append; RELEASE audit_append');
        } catch {
          // the original error is the one to report
        }
        throw err;
      }
    } catch (err) {
      for (const entry of group) entry.reject(err);
      return;
    }
    for (const [entry, row] of done) entry.resolve(row);
    for (const [entry, err] of refused) entry.reject(err);
  }

  /** Links and inserts one event after `head` (in a savepoint of its own unless it is alone). */
  #insert({ event, link, transcript }: Pending, head: ChainHead, alone: boolean): EventRow {
    const seq = head.seq + 1;
    const { body, hash } = link(head);
    if (!alone) this.#db.exec('SAVEPOINT audit_event');
    try {
      prepared(this.#db, 'INSERT INTO audit_events (seq, id, time, principal, decision, rule, status, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(seq, event.id, event.time, event.principal.id, event.decision.action, event.decision.rule, event.status, body, head.hash, hash);
      if (transcript) {
        prepared(this.#db, 'INSERT INTO audit_transcripts (id, time, key_id, iv, tag, data, bytes, truncated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(event.id, event.time, transcript.keyId, transcript.iv, transcript.tag, transcript.data, transcript.bytes, transcript.truncated ? 1 : 0);
      }
      if (!alone) this.#db.exec('RELEASE audit_event');
    } catch (err) {
      if (!alone) {
        try {
          this.#db.exec('ROLLBACK TO audit_event; RELEASE audit_event');
        } catch {
          throw new TransactionLost(err); // the error ended the whole transaction
        }
      }
      throw err;
    }
    return { seq, id: event.id, time: event.time, body, prev_hash: head.hash, hash };
  }

  async addCheckpoint(cp: Checkpoint): Promise<void> {
    this.#addCheckpoint(cp);
  }

  #addCheckpoint(cp: Checkpoint): void {
    prepared(this.#db, 'INSERT INTO audit_checkpoints (seq, hash, time, kind, key_id, signature) VALUES (?, ?, ?, ?, ?, ?)').run(cp.seq, cp.hash, cp.time, cp.kind, cp.keyId, cp.signature);
  }

  async checkpoints(): Promise<Checkpoint[]> {
    return this.#checkpoints();
  }

  #checkpoints(): Checkpoint[] {
    const rows = prepared(this.#db, 'SELECT seq, hash, time, kind, key_id, signature FROM audit_checkpoints ORDER BY seq, id').all() as Array<Record<string, unknown>>;
    return rows.map(checkpointFromRow);
  }

  async lastCheckpointSeq(): Promise<number> {
    const row = prepared(this.#db, 'SELECT MAX(seq) AS seq FROM audit_checkpoints').get() as { seq: number | null };
    return row.seq === null ? 0 : Number(row.seq);
  }

  async *range(start: number, end = Number.MAX_SAFE_INTEGER): AsyncGenerator<EventRow> {
    let after = start;
    for (;;) {
      const rows = prepared(this.#db, 'SELECT seq, id, time, body, prev_hash, hash FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?').all(after, end, BATCH) as unknown as EventRow[];
      for (const r of rows) yield { ...r, seq: Number(r.seq) };
      if (rows.length < BATCH) return;
      after = Number(rows.at(-1)!.seq);
    }
  }

  async search(q: EventQuery): Promise<EventRow[]> {
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
    const rows = this.#db.prepare(sql).all(...args) as unknown as EventRow[];
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }

  async byId(id: string): Promise<EventRow | undefined> {
    const r = prepared(this.#db, 'SELECT seq, id, time, body, prev_hash, hash FROM audit_events WHERE id = ?').get(id) as EventRow | undefined;
    return r === undefined ? undefined : { ...r, seq: Number(r.seq) };
  }

  async transcript(id: string): Promise<(SealedTranscript & { time: string }) | undefined> {
    const r = prepared(this.#db, 'SELECT time, key_id, iv, tag, data, bytes, truncated FROM audit_transcripts WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    if (!r) return undefined;
    return transcriptFromRow(r, Number(r.truncated) === 1);
  }

  async purgeBoundary(time: string, maxSeq: number): Promise<ChainHead | undefined> {
    const first = prepared(this.#db, 'SELECT MIN(seq) AS seq FROM audit_events WHERE time >= ?').get(time) as { seq: number | null };
    const limit = Math.min(first.seq === null ? this.#head().seq : Number(first.seq) - 1, maxSeq);
    const row = prepared(this.#db, 'SELECT seq, hash FROM audit_events WHERE seq <= ? ORDER BY seq DESC LIMIT 1').get(limit) as ChainHead | undefined;
    return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
  }

  async purgeThrough(anchor: Checkpoint): Promise<{ events: number; transcripts: number }> {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      this.#addCheckpoint(anchor);
      const transcripts = prepared(this.#db, 'DELETE FROM audit_transcripts WHERE id IN (SELECT id FROM audit_events WHERE seq <= ?)').run(anchor.seq);
      const deleted = prepared(this.#db, 'DELETE FROM audit_events WHERE seq <= ?').run(anchor.seq);
      prepared(this.#db, `DELETE FROM audit_checkpoints WHERE seq < ? OR (seq = ? AND kind = 'checkpoint')`).run(anchor.seq, anchor.seq);
      this.#db.exec('COMMIT');
      return { events: Number(deleted.changes), transcripts: Number(transcripts.changes) };
    } catch (err) {
      this.#db.exec('ROLLBACK');
      throw err;
    }
  }

  async purgeTranscriptsBefore(time: string): Promise<number> {
    return Number(prepared(this.#db, 'DELETE FROM audit_transcripts WHERE time < ?').run(time).changes);
  }

  async count(): Promise<number> {
    return Number((prepared(this.#db, 'SELECT COUNT(*) AS n FROM audit_events').get() as { n: number }).n);
  }
}
