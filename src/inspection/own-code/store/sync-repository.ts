import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { DEFAULT_BUILD_OPTIONS, fingerprintFile } from '../index-builder.ts';
import type { FingerprintOptions } from '../fingerprint.ts';
import { toContent } from '../../../fs/file-content.ts';
import { walkFiles } from '../../../fs/walk-files.ts';
import { paramsKey, type OwnCodeStore, type RepoRow, type StoredFile } from './own-code-store.ts';
import { hasGeneratedHeader, languageFor, skipByPath, VENDORED_DIRECTORIES } from './source-files.ts';
import { readGitHead } from './git-head.ts';

/**
 * Brings one stored repository up to date with its directory: walks it (`.gitignore` honoured, see
 * source-files.ts for what is skipped), hashes every source file, and lexes only files whose SHA-256
 * (or the fingerprint options) changed; files gone from the tree are deleted. Lexing happens before
 * the write transaction, so the database is locked only for the short write.
 */

export interface SyncOptions {
  includeGenerated: boolean;
  /** Larger files are skipped (mostly generated or data). */
  maxFileSize: number;
  fingerprintOptions?: FingerprintOptions;
  /** The lexing step; injectable so tests can see which files were re-lexed. */
  fingerprint?: typeof fingerprintFile;
  now?: () => string;
}

export interface SyncResult {
  repo: RepoRow;
  unchanged: number;
  changed: number;
  added: number;
  removed: number;
  /** Source files now stored for the repository, and their lines. */
  files: number;
  lines: number;
  skipped: { vendored: number; generated: number; binary: number; tooLarge: number };
  /** Files or directories that could not be read (the sync still completes without them). */
  errors: string[];
}

export const DEFAULT_INDEX_MAX_FILE_SIZE = 1_000_000;

export function syncRepository(store: OwnCodeStore, repo: RepoRow, options: SyncOptions): SyncResult {
  const fpOptions = options.fingerprintOptions ?? DEFAULT_BUILD_OPTIONS;
  const params = paramsKey(fpOptions);
  const fingerprint = options.fingerprint ?? fingerprintFile;
  const result: SyncResult = { repo, unchanged: 0, changed: 0, added: 0, removed: 0, files: 0, lines: 0, skipped: { vendored: 0, generated: 0, binary: 0, tooLarge: 0 }, errors: [] };
  const stored = store.fileHashes(repo.id);
  const seen = new Set<string>();
  const writes: StoredFile[] = [];
  const skipDirectory = options.includeGenerated
    ? undefined
    : (name: string): boolean => {
        const skip = VENDORED_DIRECTORIES.has(name);
        if (skip) result.skipped.vendored++;
        return skip;
      };
  const files = walkFiles(repo.root, { onError: (p, err) => result.errors.push(`${p}: ${err.message}`), ...(skipDirectory ? { skipDirectory } : {}) });
  for (const abs of files) {
    const rel = relative(repo.root, abs).split(sep).join('/');
    const reason = skipByPath(rel, options.includeGenerated);
    if (reason === 'generated') result.skipped.generated++;
    if (reason !== undefined) continue;
    let bytes;
    try {
      if (statSync(abs).size > options.maxFileSize) {
        result.skipped.tooLarge++;
        continue;
      }
      bytes = readFileSync(abs);
    } catch (err) {
      result.errors.push(`${rel}: ${(err as Error).message}`);
      continue;
    }
    const content = toContent(bytes, options.maxFileSize);
    if (content.kind === 'binary') result.skipped.binary++;
    if (content.kind === 'too-large') result.skipped.tooLarge++;
    if (content.kind !== 'text') continue;
    if (!options.includeGenerated && hasGeneratedHeader(content.text)) {
      result.skipped.generated++;
      continue;
    }
    seen.add(rel);
    const sha256 = createHash('sha256').update(content.text).digest('hex');
    const old = stored.get(rel);
    if (old !== undefined && old.sha256 === sha256 && old.params === params) {
      result.unchanged++;
      continue;
    }
    const language = languageFor(rel) ?? 'generic';
    const fp = fingerprint(content.text, language, fpOptions);
    writes.push({ path: rel, sha256, lines: fp.lines, language, params, structure: fp.structure, identifiers: fp.identifiers });
    if (old === undefined) result.added++;
    else result.changed++;
  }
  const gone = [...stored.keys()].filter((p) => !seen.has(p));
  result.removed = gone.length;
  const now = (options.now ?? (() => new Date().toISOString()))();
  store.transaction(() => {
    for (const f of writes) store.putFile(repo.id, f);
    for (const p of gone) store.deleteFile(repo.id, p);
    store.touchRepo(repo.id, now, readGitHead(repo.root) ?? null);
  });
  const summary = store.repos().find((r) => r.id === repo.id);
  result.files = summary?.files ?? 0;
  result.lines = summary?.lines ?? 0;
  result.repo = summary ?? repo;
  return result;
}
