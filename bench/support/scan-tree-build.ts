/**
 * The on-disk tree for `bench:scan-tree`: ~50 MB of real source text from this machine (the clean corpus
 * of bench:scan: this repo's node_modules, Python's library, text under /usr/share), written once under the
 * temp directory and reused while its manifest matches. Why on disk: both tools are timed end to end as a
 * CI job runs them, walking and reading files. `node_modules` path segments become `deps` (scanners skip
 * directories with that name; the point is to scan the code in them).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { collectCorpus, defaultSources } from './scan-corpus.ts';

/** Bumped when the tree's layout changes, so an old tree on disk is rewritten. */
const LAYOUT = 2;

export interface Tree {
  root: string;
  files: number;
  bytes: number;
  /** True when it was written by this run (else reused). */
  built: boolean;
}

export function prepareTree(repoRoot: string, megabytes: number): Tree {
  const sources = defaultSources(repoRoot, megabytes);
  const files = collectCorpus(sources);
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  const manifest = createHash('sha256');
  manifest.update(`layout ${LAYOUT}\n`);
  for (const f of files) manifest.update(`${f.path}\0${f.bytes}\n`);
  const id = manifest.digest('hex').slice(0, 12);
  const root = join(tmpdir(), `sekisho-scan-tree-${megabytes}mb`);
  const marker = join(root, '.manifest');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === id) return { root: join(root, 'tree'), files: files.length, bytes, built: false };
  rmSync(root, { recursive: true, force: true });
  for (const [i, f] of files.entries()) {
    const source = sources.find((s) => f.path.startsWith(s.root + '/'));
    const rel = source === undefined ? String(i) : relative(source.root, f.path);
    const target = join(root, 'tree', f.source === 'node_modules' ? 'js' : f.source, rel.split('/').map((p) => (p === 'node_modules' ? 'deps' : p)).join('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.text);
  }
  writeFileSync(marker, id);
  return { root: join(root, 'tree'), files: files.length, bytes, built: true };
}

/** Where the tree lives (for reuse without collecting again). */
export function treeDir(megabytes: number): string {
  return join(tmpdir(), `sekisho-scan-tree-${megabytes}mb`, 'tree');
}
