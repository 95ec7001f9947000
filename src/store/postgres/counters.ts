import type { Sql, TransactionSql } from 'postgres';
import type { CheckAndAddResult, CounterCheck, CounterKey, CounterPort } from '../ports.ts';
import { passes } from '../counter-check.ts';

/**
 * The counter port over PostgreSQL's `limit_counters`. `checkAndAdd` takes a transaction-scoped advisory
 * lock per (rule, subject) it touches — in sorted order, so two transactions never wait on each other in
 * a cycle — then reads, checks and increments: no other instance's check for those subjects can run in
 * between (exactly N admitted for a limit of N). `add` takes the same lock.
 */
export class PostgresCounters implements CounterPort {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async checkAndAdd(checks: CounterCheck[], adds: Array<{ key: CounterKey; amount: number }>): Promise<CheckAndAddResult> {
    const subjects = [...checks.flatMap((c) => c.terms.map((t) => t.key)), ...adds.map((a) => a.key)];
    return this.#sql.begin(async (tx) => {
      await lock(tx, subjects);
      const values: number[][] = [];
      for (const c of checks) {
        const row: number[] = [];
        for (const t of c.terms) row.push(await read(tx, t.key));
        values.push(row);
      }
      const admitted = checks.every((c, i) => passes(c, values[i]!));
      if (admitted) for (const a of adds) await increment(tx, a.key, a.amount);
      return { admitted, values };
    });
  }

  async add(key: CounterKey, amount: number): Promise<void> {
    if (!(amount > 0)) return;
    await this.#sql.begin(async (tx) => {
      await lock(tx, [key]);
      await increment(tx, key, amount);
    });
  }

  async prune(minute: number, day: number): Promise<void> {
    await this.#sql`DELETE FROM limit_counters WHERE (metric = 'requests' AND period < ${minute}) OR (metric = 'tokens' AND period < ${day})`;
  }
}

async function lock(tx: TransactionSql, keys: CounterKey[]): Promise<void> {
  const names = [...new Set(keys.map((k) => JSON.stringify(['sekisho.limit', k.rule, k.subject])))].sort();
  for (const name of names) await tx`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`;
}

async function read(tx: TransactionSql, k: CounterKey): Promise<number> {
  const rows = await tx<Array<{ value: string }>>`SELECT value FROM limit_counters WHERE rule = ${k.rule} AND subject = ${k.subject} AND metric = ${k.metric} AND period = ${k.period}`;
  return Number(rows[0]?.value ?? 0);
}

async function increment(tx: TransactionSql, k: CounterKey, amount: number): Promise<void> {
  if (!(amount > 0)) return;
  await tx`
    INSERT INTO limit_counters (rule, subject, metric, period, value) VALUES (${k.rule}, ${k.subject}, ${k.metric}, ${k.period}, ${amount})
    ON CONFLICT (rule, subject, metric, period) DO UPDATE SET value = limit_counters.value + EXCLUDED.value`;
}
