import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintFile, OwnCodeIndexBuilder, type IndexBuildOptions } from '../index-builder.ts';
import { writeIndexFile } from '../index-file.ts';
import type { OwnCodeIndex } from '../own-code-index.ts';
import type { LanguageFamily } from '../tokenize/language-for.ts';
import { paramsKey, type OwnCodeStore, type StoredFile } from './own-code-store.ts';
import { indexDigestHex, recordIndexBuild, type IndexGeneration } from './index-generation.ts';

/** The index file's name in the data directory; the gateway and `sekisho scan --own-code` load it. */
export const INDEX_FILE_NAME = 'own-code.idx';

export interface RebuildResult {
  /** The index written, or undefined when no own (non-commons) file is stored and the file was removed. */
  index: OwnCodeIndex | undefined;
  files: number;
  commonsFiles: number;
  /** Files stored with other fingerprint options whose content could not be re-read (left out; index them again). */
  stale: number;
  /** Files stored with other fingerprint options, re-lexed from disk because their content was unchanged. */
  refreshed: number;
  ms: number;
  /** The generation this build was recorded as (a running gateway loads it within about a second). */
  generation: IndexGeneration;
}

const FAMILIES: ReadonlySet<string> = new Set(['c-like', 'python', 'shell', 'sql', 'generic']);

/**
 * Rebuilds `<dataDir>/own-code.idx` from every stored file's fingerprints — no lexing — with pruning
 * and the commons corpus subtracted, and writes it atomically (temporary file + rename) so a gateway
 * starting meanwhile loads either the old or the new index, never half of one.
 */
export function rebuildIndexFile(store: OwnCodeStore, path: string, options: Partial<IndexBuildOptions> = {}): RebuildResult {
  const started = performance.now();
  const builder = new OwnCodeIndexBuilder(options);
  const params = paramsKey(builder.options);
  const refreshed: Array<{ repoId: number; file: StoredFile }> = [];
  let files = 0;
  let commonsFiles = 0;
  let stale = 0;
  for (const f of store.allFiles()) {
    let file: StoredFile = f;
    if (f.params !== params) {
      const again = refresh(f, join(f.repo.root, f.path), builder.options, params);
      if (again === undefined) {
        stale++;
        continue;
      }
      file = again;
      refreshed.push({ repoId: f.repo.id, file });
    }
    const packed = { contentHash: file.sha256.slice(0, 32), lines: file.lines, structure: file.structure, identifiers: file.identifiers };
    if (f.repo.kind === 'commons') {
      builder.addCommonsFingerprints(packed);
      commonsFiles++;
    } else {
      builder.addFingerprintedFile(f.repo.name, file.path, packed);
      files++;
    }
  }
  if (refreshed.length > 0) store.transaction(() => refreshed.forEach((r) => store.putFile(r.repoId, r.file)));
  const index: OwnCodeIndex | undefined = files === 0 ? undefined : builder.build();
  // The record first, then the file: a gateway that sees the new file finds its generation already
  // recorded (it matches record and file by hash; a record whose file is not there yet is "pending").
  const sha256 = index === undefined ? null : indexDigestHex(createHash('sha256').update(index.bytes).digest());
  const generation = recordIndexBuild(store.db, { builtAt: new Date().toISOString(), sha256, files });
  if (index === undefined) rmSync(path, { force: true });
  else writeIndexFile(path, index);
  return { index, files, commonsFiles, stale, refreshed: refreshed.length, ms: performance.now() - started, generation };
}

/** Re-lexes a file stored with other k / w options, if its content on disk is still what was stored. */
function refresh(f: StoredFile, abs: string, options: IndexBuildOptions, params: string): StoredFile | undefined {
  let text;
  try {
    text = new TextDecoder('utf-8').decode(readFileSync(abs)); // as the sync read it (BOM dropped)
  } catch {
    return undefined;
  }
  if (createHash('sha256').update(text).digest('hex') !== f.sha256) return undefined;
  const family = (FAMILIES.has(f.language) ? f.language : 'generic') as LanguageFamily;
  const fp = fingerprintFile(text, family, options);
  return { ...f, params, lines: fp.lines, structure: fp.structure, identifiers: fp.identifiers };
}
