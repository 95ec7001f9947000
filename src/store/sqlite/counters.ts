import type { DatabaseSync } from 'node:sqlite';
import type { CheckAndAddResult, CounterCheck, CounterKey, CounterPort } from '../ports.ts';
import { prepared } from '../statement-cache.ts';
import { passes } from '../counter-check.ts';

/**
 * The counter port over `limit_counters`: one row per rule, subject, metric and period, incremented with
 * an upsert. `checkAndAdd` runs its reads and increments inside one immediate transaction, which no
 * other connection (another process on the same file) can interleave with; within this process node:sqlite
 * runs it to the end before anything else.
 */
export class SqliteCounters implements CounterPort {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  async checkAndAdd(checks: CounterCheck[], adds: Array<{ key: CounterKey; amount: number }>): Promise<CheckAndAddResult> {
    const own = !this.#db.isTransaction;
    this.#db.exec(own ? 'BEGIN IMMEDIATE' : 'SAVEPOINT counters');
    try {
      const values = checks.map((c) => c.terms.map((t) => this.#get(t.key)));
      const admitted = checks.every((c, i) => passes(c, values[i]!));
      if (admitted) for (const a of adds) this.#add(a.key, a.amount);
      this.#db.exec(own ? 'COMMIT' : 'RELEASE counters');
      return { admitted, values };
    } catch (err) {
      try {
        this.#db.exec(own ? 'ROLLBACK' : 'ROLLBACK TO counters; RELEASE counters');
      } catch {
        // the original error is the one to report
      }
      throw err;
    }
  }

  async add(key: CounterKey, amount: number): Promise<void> {
    this.#add(key, amount);
  }

  async prune(minute: number, day: number): Promise<void> {
    prepared(this.#db, `DELETE FROM limit_counters WHERE (metric = 'requests' AND period < ?) OR (metric = 'tokens' AND period < ?)`).run(minute, day);
  }

  #get(k: CounterKey): number {
    const row = prepared(this.#db, 'SELECT value FROM limit_counters WHERE rule = ? AND subject = ? AND metric = ? AND period = ?').get(k.rule, k.subject, k.metric, k.period) as
      | { value: number }
      | undefined;
    return Number(row?.value ?? 0);
  }

  #add(k: CounterKey, amount: number): void {
    if (!(amount > 0)) return;
    prepared(
      this.#db,
      `INSERT INTO limit_counters (rule, subject, metric, period, value) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (rule, subject, metric, period) DO UPDATE SET value = value + excluded.value`,
    ).run(k.rule, k.subject, k.metric, k.period, amount);
  }
}
