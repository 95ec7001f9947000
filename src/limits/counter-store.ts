/**
 * Limit counters in the embedded store (`limit_counters`): one row per rule, subject, metric and
 * period (minute number for requests, UTC day number for tokens), incremented with an upsert. One
 * gateway instance owns them (node:sqlite is synchronous, so a check and its increment cannot
 * interleave with another request); several instances will need a shared counter store (Redis, a
 * later issue). Storage only: no limits are decided here.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';

export type Metric = 'requests' | 'tokens';

/** How often old periods are deleted. */
const PRUNE_EVERY_MS = 60_000;

export class CounterStore {
  readonly #get: StatementSync;
  readonly #add: StatementSync;
  readonly #prune: StatementSync;
  #lastPrune = -Infinity;

  constructor(db: DatabaseSync) {
    this.#get = db.prepare('SELECT value FROM limit_counters WHERE rule = ? AND subject = ? AND metric = ? AND period = ?');
    this.#add = db.prepare(
      `INSERT INTO limit_counters (rule, subject, metric, period, value) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (rule, subject, metric, period) DO UPDATE SET value = value + excluded.value`,
    );
    this.#prune = db.prepare(`DELETE FROM limit_counters WHERE (metric = 'requests' AND period < ?) OR (metric = 'tokens' AND period < ?)`);
  }

  /** The counter's value (0 when absent). */
  get(rule: string, subject: string, metric: Metric, period: number): number {
    const row = this.#get.get(rule, subject, metric, period) as { value: number } | undefined;
    return row?.value ?? 0;
  }

  /** Adds `amount` to the counter. */
  add(rule: string, subject: string, metric: Metric, period: number, amount: number): void {
    if (amount <= 0) return;
    this.#add.run(rule, subject, metric, period, amount);
  }

  /**
   * Deletes periods no check reads any more (request minutes before the previous one, token days
   * before today), at most once a minute.
   */
  prune(minute: number, day: number, nowMs: number): void {
    if (nowMs - this.#lastPrune < PRUNE_EVERY_MS) return;
    this.#lastPrune = nowMs;
    this.#prune.run(minute - 1, day);
  }
}
