/**
 * The on-disk tree for `bench:scan-tree`: ~50 MB of real source text from this machine (the clean corpus
 * of bench:scan: this repo's node_modules, Python's library, text under /usr/share), written once under the
 * temp directory in a folder named by its manifest, and reused. Why on disk: both tools are timed end to end as a
 * CI job runs them, walking and reading files. `node_modules` path segments become `deps` (scanners skip
 * directories with that name; the point is to scan the code in them).
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
  const targets = files.map((f, i) => {
    const source = sources.find((s) => f.path.startsWith(s.root + '/'));
    const rel = source === undefined ? String(i) : relative(source.root, f.path);
    return join(f.source === 'node_modules' ? 'js' : f.source, rel.split('/').map((p) => (p === 'node_modules' ? 'deps' : p)).join('/'));
  });
  // The manifest names files by their place in the tree, not on this machine: worktrees beside each other
  // (each with its own node_modules) then share one tree instead of rewriting it under each other's runs.
  const manifest = createHash('sha256');
  manifest.update(`layout ${LAYOUT}\n`);
  files.forEach((f, i) => manifest.update(`${targets[i]}\0${f.bytes}\n`));
  const id = manifest.digest('hex').slice(0, 12);
  const root = join(tmpdir(), `sekisho-scan-tree-${megabytes}mb-${id}`);
  const tree = { root: join(root, 'tree'), files: files.length, bytes };
  if (existsSync(join(root, '.manifest'))) return { ...tree, built: false };
  // Written aside, then renamed into place: a run that starts meanwhile never sees half a tree.
  const scratch = `${root}.${process.pid}.tmp`;
  rmSync(scratch, { recursive: true, force: true });
  files.forEach((f, i) => {
    const target = join(scratch, 'tree', targets[i]!);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.text);
  });
  writeFileSync(join(scratch, '.manifest'), id);
  try {
    renameSync(scratch, root);
  } catch (err) {
    // Another run put the same tree there first: use it.
    rmSync(scratch, { recursive: true, force: true });
    if (!existsSync(join(root, '.manifest'))) throw err;
  }
  return { ...tree, built: true };
}
