import type { Sql } from 'postgres';
import type { SharedIndexPort, SharedIndexRecord } from '../ports.ts';

/** Chunk size of a stored image: well under PostgreSQL's 1 GB value limit, small enough to stream. */
const CHUNK = 4 * 1024 * 1024;

/**
 * The shared own-code index over PostgreSQL: `own_code_index` holds the latest generation's record (one
 * row, locked while a generation is published, so two concurrent builds get two numbers), and
 * `own_code_index_chunks` its image in 4 MiB chunks. Publishing replaces the previous generation's chunks
 * in the same transaction: a reader sees the old generation whole or the new one whole.
 */
export class PostgresSharedIndex implements SharedIndexPort {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async publish(build: Omit<SharedIndexRecord, 'generation' | 'bytes'>, image: Uint8Array | undefined): Promise<SharedIndexRecord> {
    return this.#sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(hashtext('sekisho.own_code_index'))`;
      const rows = await tx<Array<{ generation: string }>>`SELECT generation FROM own_code_index WHERE id = 1`;
      const record: SharedIndexRecord = { ...build, generation: Number(rows[0]?.generation ?? 0) + 1, bytes: image?.byteLength ?? 0 };
      await tx`DELETE FROM own_code_index_chunks`;
      if (image !== undefined) {
        for (let n = 0, off = 0; off < image.byteLength; n++, off += CHUNK) {
          const data = Buffer.from(image.buffer, image.byteOffset + off, Math.min(CHUNK, image.byteLength - off));
          await tx`INSERT INTO own_code_index_chunks (generation, n, data) VALUES (${record.generation}, ${n}, ${data})`;
        }
      }
      await tx`
        INSERT INTO own_code_index (id, generation, sha256, bytes, files, built_at)
        VALUES (1, ${record.generation}, ${record.sha256}, ${record.bytes}, ${record.files}, ${record.builtAt})
        ON CONFLICT (id) DO UPDATE SET generation = EXCLUDED.generation, sha256 = EXCLUDED.sha256, bytes = EXCLUDED.bytes,
          files = EXCLUDED.files, built_at = EXCLUDED.built_at`;
      return record;
    });
  }

  async latest(): Promise<SharedIndexRecord | undefined> {
    const rows = await this.#sql<Array<{ generation: string; sha256: string | null; bytes: string; files: number; built_at: string }>>`
      SELECT generation, sha256, bytes, files, built_at FROM own_code_index WHERE id = 1`;
    const r = rows[0];
    return r === undefined ? undefined : { generation: Number(r.generation), sha256: r.sha256, bytes: Number(r.bytes), files: r.files, builtAt: r.built_at };
  }

  async image(generation: number): Promise<Uint8Array | undefined> {
    // One transaction: the record and the chunks of one generation (a publish in between would replace both).
    return this.#sql.begin(async (tx) => {
      const head = await tx<Array<{ bytes: string }>>`SELECT bytes FROM own_code_index WHERE id = 1 AND generation = ${generation} FOR SHARE`;
      if (head[0] === undefined) return undefined;
      const size = Number(head[0].bytes);
      if (size === 0) return undefined;
      const out = new Uint8Array(size);
      let off = 0;
      const chunks = await tx<Array<{ data: Buffer }>>`SELECT data FROM own_code_index_chunks WHERE generation = ${generation} ORDER BY n`;
      for (const c of chunks) {
        if (off + c.data.byteLength > size) throw new Error('the shared own-code index is longer than its record says');
        out.set(c.data, off);
        off += c.data.byteLength;
      }
      if (off !== size) throw new Error('the shared own-code index is shorter than its record says');
      return out;
    });
  }
}
