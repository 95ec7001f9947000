import type { Sql } from 'postgres';
import type { MetaPort } from '../ports.ts';

/** The meta port over PostgreSQL's `meta`. */
export class PostgresMeta implements MetaPort {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#sql<Array<{ value: string }>>`SELECT value FROM meta WHERE key = ${key}`)[0]?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.#sql`INSERT INTO meta (key, value) VALUES (${key}, ${value}) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`;
  }
}
