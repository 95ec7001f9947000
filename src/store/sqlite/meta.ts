import type { DatabaseSync } from 'node:sqlite';
import type { MetaPort } from '../ports.ts';
import { prepared } from '../statement-cache.ts';

/** The meta port over the `meta` table. */
export class SqliteMeta implements MetaPort {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  async get(key: string): Promise<string | undefined> {
    return (prepared(this.#db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  async set(key: string, value: string): Promise<void> {
    prepared(this.#db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
