/**
 * The audit port over PostgreSQL. One global chain: an append is a transaction that locks the single
 * row of `audit_chain_head` (SELECT … FOR UPDATE), links the event to it, inserts the event (and its
 * transcript) and moves the head; the appends waiting in this process share one such transaction (group
 * commit). Appends from every instance queue on that row and form one chain in commit order; a failed
 * transaction leaves head and events untouched. docs/scale-out.md.
 */
import type { Sql, TransactionSql } from 'postgres';
import type { AuditEvent } from '../../domain/audit-event.ts';
import { checkpointFromRow, transcriptFromRow } from '../audit-rows.ts';
import type { AuditPort, ChainedEvent, ChainHead, Checkpoint, EventQuery, EventRow, SealedTranscript } from '../ports.ts';

/** Rows per read when iterating a range. */
const BATCH = 1000;
/** Most events one append transaction commits (group commit). */
const MAX_GROUP = 256;

interface Pending {
  event: AuditEvent;
  link: (head: ChainHead) => ChainedEvent;
  transcript?: SealedTranscript;
  resolve(row: EventRow): void;
  reject(err: unknown): void;
}

type RawRow = Omit<EventRow, 'seq'> & { seq: string | number };

export class PostgresAudit implements AuditPort {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async head(): Promise<ChainHead> {
    const row = (await this.#sql<Array<{ seq: string; hash: string }>>`SELECT seq, hash FROM audit_chain_head WHERE id = 1`)[0];
    if (!row) throw new Error('audit_chain_head has no row: the schema is damaged');
    return { seq: Number(row.seq), hash: row.hash };
  }

  /**
   * Group commit: appends that arrive while a transaction is in flight wait and go together in the next
   * one (at most MAX_GROUP), so the chain costs one commit per group, not per event; each caller is
   * resolved only once the transaction holding its event has committed. When a group fails, its events
   * are retried one transaction each, so only the event that cannot be written is refused.
   */
  append(event: AuditEvent, link: (head: ChainHead) => ChainedEvent, transcript?: SealedTranscript): Promise<EventRow> {
    return new Promise<EventRow>((resolve, reject) => {
      this.#queue.push({ event, link, ...(transcript ? { transcript } : {}), resolve, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  readonly #queue: Pending[] = [];
  #draining = false;

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0) {
        const group = this.#queue.splice(0, MAX_GROUP);
        try {
          const rows = await this.#appendGroup(group);
          group.forEach((p, i) => p.resolve(rows[i]!));
        } catch (err) {
          if (group.length === 1) {
            group[0]!.reject(err);
            continue;
          }
          for (const p of group) {
            try {
              p.resolve((await this.#appendGroup([p]))[0]!);
            } catch (one) {
              p.reject(one);
            }
          }
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  /** One transaction: lock the head row, link and insert each event in order, move the head, commit. */
  #appendGroup(group: Pending[]): Promise<EventRow[]> {
    return this.#sql.begin(async (tx) => {
      const locked = (await tx<Array<{ seq: string; hash: string }>>`SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`)[0];
      if (!locked) throw new Error('audit_chain_head has no row: the schema is damaged');
      let head: ChainHead = { seq: Number(locked.seq), hash: locked.hash };
      const rows: EventRow[] = [];
      for (const { event, link, transcript } of group) {
        const seq = head.seq + 1;
        const { body, hash } = link(head);
        await tx`
          INSERT INTO audit_events (seq, id, time, principal, decision, rule, status, body, prev_hash, hash)
          VALUES (${seq}, ${event.id}, ${event.time}, ${event.principal.id}, ${event.decision.action}, ${event.decision.rule}, ${event.status}, ${body}, ${head.hash}, ${hash})`;
        if (transcript) {
          await tx`
            INSERT INTO audit_transcripts (id, time, key_id, iv, tag, data, bytes, truncated)
            VALUES (${event.id}, ${event.time}, ${transcript.keyId}, ${transcript.iv}, ${transcript.tag}, ${transcript.data}, ${transcript.bytes}, ${transcript.truncated})`;
        }
        rows.push({ seq, id: event.id, time: event.time, body, prev_hash: head.hash, hash });
        head = { seq, hash };
      }
      await tx`UPDATE audit_chain_head SET seq = ${head.seq}, hash = ${head.hash} WHERE id = 1`;
      return rows;
    });
  }

  async addCheckpoint(cp: Checkpoint): Promise<void> {
    await insertCheckpoint(this.#sql, cp);
  }

  async checkpoints(): Promise<Checkpoint[]> {
    const rows = await this.#sql<Array<Record<string, unknown>>>`SELECT seq, hash, time, kind, key_id, signature FROM audit_checkpoints ORDER BY seq, id`;
    return rows.map(checkpointFromRow);
  }

  async lastCheckpointSeq(): Promise<number> {
    const row = (await this.#sql<Array<{ seq: string | null }>>`SELECT MAX(seq) AS seq FROM audit_checkpoints`)[0];
    return row?.seq == null ? 0 : Number(row.seq);
  }

  async *range(start: number, end = Number.MAX_SAFE_INTEGER): AsyncGenerator<EventRow> {
    let after = start;
    for (;;) {
      const rows = await this.#sql<RawRow[]>`SELECT seq, id, time, body, prev_hash, hash FROM audit_events WHERE seq > ${after} AND seq <= ${end} ORDER BY seq LIMIT ${BATCH}`;
      for (const r of rows) yield toRow(r);
      if (rows.length < BATCH) return;
      after = Number(rows.at(-1)!.seq);
    }
  }

  async search(q: EventQuery): Promise<EventRow[]> {
    const where: string[] = [];
    const args: Array<string | number> = [];
    const param = (v: string | number): string => (args.push(v), `$${args.length}`);
    if (q.since !== undefined) where.push(`time >= ${param(q.since)}`);
    if (q.until !== undefined) where.push(`time < ${param(q.until)}`);
    if (q.principal !== undefined) where.push(`principal = ${param(q.principal)}`);
    if (q.decision !== undefined) where.push(`decision = ${param(q.decision)}`);
    if (q.rule !== undefined) {
      const p = param(q.rule);
      where.push(`(rule = ${p} OR EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(body::jsonb -> 'findings') = 'array' THEN body::jsonb -> 'findings' ELSE '[]'::jsonb END) f WHERE f ->> 'ruleId' = ${p}))`);
    }
    if (q.afterSeq !== undefined) where.push(`seq > ${param(q.afterSeq)}`);
    const text =
      'SELECT seq, id, time, body, prev_hash, hash FROM audit_events' +
      (where.length > 0 ? ' WHERE ' + where.join(' AND ') : '') +
      (q.newestFirst ? ' ORDER BY seq DESC' : ' ORDER BY seq') +
      (q.limit !== undefined ? ` LIMIT ${param(q.limit)}` : '');
    return (await this.#sql.unsafe<RawRow[]>(text, args)).map(toRow);
  }

  async byId(id: string): Promise<EventRow | undefined> {
    const r = (await this.#sql<RawRow[]>`SELECT seq, id, time, body, prev_hash, hash FROM audit_events WHERE id = ${id}`)[0];
    return r === undefined ? undefined : toRow(r);
  }

  async transcript(id: string): Promise<(SealedTranscript & { time: string }) | undefined> {
    const r = (await this.#sql<Array<Record<string, unknown>>>`SELECT time, key_id, iv, tag, data, bytes, truncated FROM audit_transcripts WHERE id = ${id}`)[0];
    if (!r) return undefined;
    return transcriptFromRow(r, r.truncated === true);
  }

  async purgeBoundary(time: string, maxSeq: number): Promise<ChainHead | undefined> {
    const first = (await this.#sql<Array<{ seq: string | null }>>`SELECT MIN(seq) AS seq FROM audit_events WHERE time >= ${time}`)[0];
    const limit = Math.min(first?.seq == null ? (await this.head()).seq : Number(first.seq) - 1, maxSeq);
    const row = (await this.#sql<Array<{ seq: string; hash: string }>>`SELECT seq, hash FROM audit_events WHERE seq <= ${limit} ORDER BY seq DESC LIMIT 1`)[0];
    return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
  }

  async purgeThrough(anchor: Checkpoint): Promise<{ events: number; transcripts: number }> {
    return this.#sql.begin(async (tx) => {
      await insertCheckpoint(tx, anchor);
      const transcripts = await tx`DELETE FROM audit_transcripts WHERE id IN (SELECT id FROM audit_events WHERE seq <= ${anchor.seq})`;
      const events = await tx`DELETE FROM audit_events WHERE seq <= ${anchor.seq}`;
      await tx`DELETE FROM audit_checkpoints WHERE seq < ${anchor.seq} OR (seq = ${anchor.seq} AND kind = 'checkpoint')`;
      return { events: events.count, transcripts: transcripts.count };
    });
  }

  async purgeTranscriptsBefore(time: string): Promise<number> {
    return (await this.#sql`DELETE FROM audit_transcripts WHERE time < ${time}`).count;
  }

  async count(): Promise<number> {
    return Number((await this.#sql<Array<{ n: string }>>`SELECT COUNT(*) AS n FROM audit_events`)[0]!.n);
  }
}

async function insertCheckpoint(sql: Sql | TransactionSql, cp: Checkpoint): Promise<void> {
  await sql`INSERT INTO audit_checkpoints (seq, hash, time, kind, key_id, signature) VALUES (${cp.seq}, ${cp.hash}, ${cp.time}, ${cp.kind}, ${cp.keyId}, ${cp.signature})`;
}

function toRow(r: RawRow): EventRow {
  return { seq: Number(r.seq), id: r.id, time: r.time, body: r.body, prev_hash: r.prev_hash, hash: r.hash };
}
