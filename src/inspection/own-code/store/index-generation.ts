import type { DatabaseSync } from 'node:sqlite';

/**
 * The index generation: a counter in the state store's `meta` table that every rebuild of
 * `own-code.idx` (`sekisho index add | rm`) increments, with when it was built and the SHA-256 of the
 * file it wrote. A gateway reads it to notice a new index without a restart and to name the generation
 * it has loaded (it knows which by comparing the hash with the bytes it read); `sekisho index ls` shows it.
 * Written just before the file is renamed into place, so the record is there when a gateway reads the file.
 * One row, JSON: no schema migration.
 */
export interface IndexGeneration {
  generation: number;
  builtAt: string;
  /** First 32 hex digits of the SHA-256 of the index file written; null when the build removed the file (nothing indexed). */
  sha256: string | null;
  /** Company files in that index (0: no index). */
  files: number;
}

const KEY = 'own_code_index';

export function readIndexGeneration(db: DatabaseSync): IndexGeneration | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (row === undefined) return undefined;
  try {
    const v = JSON.parse(row.value) as Partial<IndexGeneration>;
    if (typeof v.generation !== 'number' || typeof v.builtAt !== 'string' || typeof v.files !== 'number') return undefined;
    return { generation: v.generation, builtAt: v.builtAt, sha256: typeof v.sha256 === 'string' ? v.sha256 : null, files: v.files };
  } catch {
    return undefined;
  }
}

/** Records a rebuild as the next generation (one transaction: two concurrent builds get two numbers). */
export function recordIndexBuild(db: DatabaseSync, build: Omit<IndexGeneration, 'generation'>): IndexGeneration {
  db.exec('BEGIN IMMEDIATE');
  try {
    const next: IndexGeneration = { generation: (readIndexGeneration(db)?.generation ?? 0) + 1, ...build };
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(next));
    db.exec('COMMIT');
    return next;
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}

/**
 * Records `record` as it is (the generation another host published, copied here with its image by the
 * shared-index sync, fanout/shared-index.ts), replacing the local record.
 */
export function writeIndexGeneration(db: DatabaseSync, record: IndexGeneration): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(record));
}

/** The identity the generation record keeps of an index image. */
export function indexDigestHex(digest: ArrayBuffer | Uint8Array): string {
  return Buffer.from(digest instanceof Uint8Array ? digest : new Uint8Array(digest)).toString('hex').slice(0, 32);
}

/** The local generation record of a data directory's database, as the shared-index sync reads and writes it. */
export function localIndexRecord(db: () => DatabaseSync): { read(): IndexGeneration | undefined; write(record: IndexGeneration): void } {
  return { read: () => readIndexGeneration(db()), write: (record) => writeIndexGeneration(db(), record) };
}
