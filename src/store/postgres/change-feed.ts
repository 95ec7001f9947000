import postgres, { type Sql } from 'postgres';
import type { ChangeFeedPort, ChangeKind, ChangeNotice, InstanceReport } from '../ports.ts';
import { epochsFrom, liveReport, parseNotice } from '../change-notice.ts';
import { describeUrl } from '../describe-url.ts';
import type { PostgresOptions } from './pg-store.ts';

/** The NOTIFY channel (per database: a deployment's instances share one database). */
const CHANNEL = 'sekisho_changes';

/**
 * The change feed in PostgreSQL, for deployments with `store.url` and no Redis: epochs are rows
 * `epoch:<kind>` of `meta` (incremented in the transaction that sends the NOTIFY, so the notice is
 * delivered at commit, with the epoch already readable), notices go by LISTEN/NOTIFY on
 * `sekisho_changes`, instance reports are rows `instance:<id>` of `meta`. Its own small pool (the
 * listening connection is held for good; the client listens again after a reconnect). A notice sent while
 * an instance's listening connection is down is lost to it: the periodic re-check of the epochs catches it.
 */
export class PostgresChangeFeed implements ChangeFeedPort {
  readonly location: string;
  readonly #sql: Sql;

  private constructor(sql: Sql, location: string) {
    this.#sql = sql;
    this.location = location;
  }

  /** Opens the feed's pool (the schema is the store's: open the store first, it migrates). */
  static open(options: PostgresOptions): PostgresChangeFeed {
    const sql = postgres(options.url, {
      max: 2,
      connect_timeout: Math.max(1, Math.ceil((options.connectTimeoutMs ?? 10_000) / 1000)),
      ...(options.password === undefined ? {} : { password: options.password }),
      connection: { application_name: 'sekisho-changes', statement_timeout: options.statementTimeoutMs ?? 15_000 },
      onnotice: () => {},
    });
    return new PostgresChangeFeed(sql, describeUrl(options.url));
  }

  async announce(kind: ChangeKind, from: string): Promise<number> {
    return this.#sql.begin(async (tx) => {
      const key = `epoch:${kind}`;
      const rows = await tx<Array<{ value: string }>>`
        INSERT INTO meta (key, value) VALUES (${key}, '1')
        ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + 1)::text
        RETURNING value`;
      const epoch = Number(rows[0]!.value);
      await tx`SELECT pg_notify(${CHANNEL}, ${JSON.stringify({ kind, epoch, from })})`;
      return epoch;
    });
  }

  async epochs(): Promise<Record<ChangeKind, number>> {
    const rows = await this.#sql<Array<{ key: string; value: string }>>`SELECT key, value FROM meta WHERE key LIKE 'epoch:%'`;
    return epochsFrom(rows.map((r) => [r.key.slice('epoch:'.length), r.value]));
  }

  async subscribe(listener: (notice: ChangeNotice) => void): Promise<void> {
    await this.#sql.listen(CHANNEL, (payload) => {
      const notice = parseNotice(payload);
      if (notice) listener(notice);
    });
  }

  async report(report: InstanceReport): Promise<void> {
    const key = `instance:${report.instance}`;
    await this.#sql`INSERT INTO meta (key, value) VALUES (${key}, ${JSON.stringify(report)}) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`;
  }

  async instances(ttlMs: number): Promise<InstanceReport[]> {
    const now = Date.now();
    const rows = await this.#sql<Array<{ key: string; value: string }>>`SELECT key, value FROM meta WHERE key LIKE 'instance:%' ORDER BY key`;
    const live: InstanceReport[] = [];
    const stale: string[] = [];
    for (const row of rows) {
      const r = liveReport(row.value, ttlMs, now);
      if (r) live.push(r);
      else stale.push(row.key);
    }
    if (stale.length > 0) await this.#sql`DELETE FROM meta WHERE key IN ${this.#sql(stale)}`.catch(() => {});
    return live;
  }

  async close(): Promise<void> {
    await this.#sql.end({ timeout: 2 });
  }
}
