import type { DatabaseSync } from 'node:sqlite';
import { EXACT_CHANNEL_VERSION, type FingerprintOptions } from '../fingerprint.ts';

/**
 * The own-code tables of the state store (migration 2 in src/store/open-store.ts): indexed
 * repositories, and per file its content hash, line count, language family and fingerprints. Why keep
 * fingerprints here and not only in the index file: the index file holds postings after pruning and
 * commons subtraction, which depend on every other file, so it cannot be updated in place; from the
 * stored per-file fingerprints it is rebuilt in a fraction of a second without lexing anything.
 *
 * Fingerprints are BLOBs in the builder's packed form (`FileFingerprints`: u32 triples hi, lo, lines,
 * in the machine's byte order — little-endian everywhere Node runs — like the index file).
 */

export type RepoKind = 'own' | 'commons';

export interface RepoRow {
  id: number;
  name: string;
  root: string;
  kind: RepoKind;
  addedAt: string;
  updatedAt: string;
  gitHead: string | null;
}

export interface RepoSummary extends RepoRow {
  files: number;
  lines: number;
  /** Stored fingerprints, both channels. */
  fingerprints: number;
}

export interface StoredFile {
  path: string;
  /** Full SHA-256 of the text, hex. */
  sha256: string;
  lines: number;
  language: string;
  /** The fingerprint options the BLOBs were made with (`paramsKey`). */
  params: string;
  structure: Uint32Array;
  identifiers: Uint32Array;
}

/** Stored fingerprints are reused only when made with the same k / w (an evaluation may tune them). */
export function paramsKey(o: FingerprintOptions): string {
  return `${o.k}/${o.w}/${o.identifierK}/${o.identifierW}/x${EXACT_CHANNEL_VERSION}`;
}

const REPO_COLUMNS = 'id, name, root, kind, added_at AS addedAt, updated_at AS updatedAt, git_head AS gitHead';

export class OwnCodeStore {
  readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  /** Runs `fn` in one transaction: a sync that fails half-way leaves the previous state. */
  transaction<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  repos(): RepoSummary[] {
    const rows = this.db
      .prepare(
        `SELECT r.id, r.name, r.root, r.kind, r.added_at AS addedAt, r.updated_at AS updatedAt, r.git_head AS gitHead,
                COUNT(f.path) AS files, COALESCE(SUM(f.lines), 0) AS lines,
                COALESCE(SUM(LENGTH(f.structure) + LENGTH(f.identifiers)), 0) / 12 AS fingerprints
           FROM own_code_repos r LEFT JOIN own_code_files f ON f.repo_id = r.id
          GROUP BY r.id ORDER BY r.kind DESC, r.name`,
      )
      .all();
    return rows as unknown as RepoSummary[];
  }

  repoByName(name: string): RepoRow | undefined {
    return this.db.prepare(`SELECT ${REPO_COLUMNS} FROM own_code_repos WHERE name = ?`).get(name) as RepoRow | undefined;
  }

  repoByRoot(root: string, kind: RepoKind): RepoRow | undefined {
    return this.db.prepare(`SELECT ${REPO_COLUMNS} FROM own_code_repos WHERE root = ? AND kind = ? ORDER BY id LIMIT 1`).get(root, kind) as RepoRow | undefined;
  }

  createRepo(name: string, root: string, kind: RepoKind, now: string): RepoRow {
    this.db.prepare('INSERT INTO own_code_repos (name, root, kind, added_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(name, root, kind, now, now);
    return this.repoByName(name)!;
  }

  touchRepo(id: number, now: string, gitHead: string | null): void {
    this.db.prepare('UPDATE own_code_repos SET updated_at = ?, git_head = ? WHERE id = ?').run(now, gitHead, id);
  }

  /** Deletes the repository and its files; false when there is none of that name. */
  removeRepo(name: string): boolean {
    const repo = this.repoByName(name);
    if (!repo) return false;
    this.transaction(() => {
      this.db.prepare('DELETE FROM own_code_files WHERE repo_id = ?').run(repo.id);
      this.db.prepare('DELETE FROM own_code_repos WHERE id = ?').run(repo.id);
    });
    return true;
  }

  /** Path → (hash, params) of the repository's stored files: what a sync compares against. */
  fileHashes(repoId: number): Map<string, { sha256: string; params: string }> {
    const rows = this.db.prepare('SELECT path, sha256, params FROM own_code_files WHERE repo_id = ?').all(repoId) as Array<{ path: string; sha256: string; params: string }>;
    return new Map(rows.map((r) => [r.path, { sha256: r.sha256, params: r.params }]));
  }

  putFile(repoId: number, f: StoredFile): void {
    this.db
      .prepare(
        `INSERT INTO own_code_files (repo_id, path, sha256, lines, language, params, structure, identifiers) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (repo_id, path) DO UPDATE SET sha256 = excluded.sha256, lines = excluded.lines, language = excluded.language,
           params = excluded.params, structure = excluded.structure, identifiers = excluded.identifiers`,
      )
      .run(repoId, f.path, f.sha256, f.lines, f.language, f.params, toBlob(f.structure), toBlob(f.identifiers));
  }

  deleteFile(repoId: number, path: string): void {
    this.db.prepare('DELETE FROM own_code_files WHERE repo_id = ? AND path = ?').run(repoId, path);
  }

  /** Every stored file with its repository, in (kind, repository, path) order; BLOBs decoded one row at a time. */
  *allFiles(): Generator<StoredFile & { repo: RepoRow }> {
    const repos = new Map(this.listRepoRows().map((r) => [r.id, r]));
    const rows = this.db
      .prepare('SELECT repo_id AS repoId, path, sha256, lines, language, params, structure, identifiers FROM own_code_files ORDER BY repo_id, path')
      .iterate() as Iterable<{ repoId: number; path: string; sha256: string; lines: number; language: string; params: string; structure: Uint8Array; identifiers: Uint8Array }>;
    for (const row of rows) {
      const repo = repos.get(row.repoId);
      if (!repo) continue;
      yield { ...row, repo, structure: fromBlob(row.structure), identifiers: fromBlob(row.identifiers) };
    }
  }

  private listRepoRows(): RepoRow[] {
    return this.db.prepare(`SELECT ${REPO_COLUMNS} FROM own_code_repos ORDER BY id`).all() as unknown as RepoRow[];
  }
}

function toBlob(a: Uint32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Copies: SQLite's buffer is not guaranteed 4-byte aligned, and a Uint32Array view needs that. */
function fromBlob(b: Uint8Array): Uint32Array {
  const out = new Uint32Array(b.byteLength >>> 2);
  new Uint8Array(out.buffer).set(b.subarray(0, out.byteLength));
  return out;
}
