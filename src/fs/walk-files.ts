import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { IgnoreRules } from './gitignore.ts';

/** Directory names never entered: version-control internals and installed dependencies. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

interface IgnoreLevel {
  dir: string;
  rules: IgnoreRules;
}

export interface WalkOptions {
  /** Absolute paths never listed (the baseline and report files the scan itself reads or writes). */
  exclude?: ReadonlySet<string>;
  /** Called for a directory that cannot be read; the walk goes on. */
  onError?: (path: string, err: Error) => void;
  /** Directories not entered besides the ignored ones (e.g. vendored code for `sekisho index`). */
  skipDirectory?: (name: string, path: string) => boolean;
}

/**
 * The regular files under `root` (absolute), in a stable order, honouring `.gitignore` files the way git
 * would for a checkout: the ones inside `root`, plus those between the repository's top (the nearest
 * ancestor with `.git`) and `root`, and `.git/info/exclude`. Why: a scan of a working tree should see what
 * a commit could contain, not build output or dependencies. Symbolic links are not followed (no cycles,
 * no scanning outside the tree).
 */
export function walkFiles(root: string, options: WalkOptions = {}): string[] {
  return [...iterateFiles(root, options)];
}

/**
 * The same walk as `walkFiles`, one file at a time. Why: `sekisho scan` starts scanning the first files
 * while the walk goes on, and never holds the whole tree's list in memory.
 */
export function* iterateFiles(root: string, options: WalkOptions = {}): Generator<string> {
  const exclude = options.exclude ?? new Set<string>();
  function* visit(dir: string, levels: IgnoreLevel[]): Generator<string> {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      options.onError?.(dir, err as Error);
      return;
    }
    const own = readIgnoreFile(join(dir, '.gitignore'));
    const here = own === undefined ? levels : [...levels, { dir, rules: own }];
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (exclude.has(path)) continue;
      const isDir = entry.isDirectory();
      if (!isDir && !entry.isFile()) continue; // symlinks, sockets, FIFOs, devices
      if (isIgnored(here, path, isDir)) continue;
      if (isDir && options.skipDirectory?.(entry.name, path)) continue;
      if (isDir) yield* visit(path, here);
      else yield path;
    }
  }
  yield* visit(root, ancestorIgnores(root));
}

/** Deeper ignore files decide first; within one file the last matching pattern decides. */
export function isIgnored(levels: readonly IgnoreLevel[], path: string, isDir: boolean): boolean {
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i]!;
    const rel = relative(level.dir, path).split(sep).join('/');
    if (rel === '' || rel.startsWith('../')) continue;
    const verdict = level.rules.match(rel, isDir);
    if (verdict !== undefined) return verdict;
  }
  return false;
}

/** Ignore files that apply to `root` from above it, outermost first (empty outside a repository). */
function ancestorIgnores(root: string): IgnoreLevel[] {
  const chain: string[] = [];
  let dir = root;
  let top: string | undefined;
  for (;;) {
    if (existsSync(join(dir, '.git'))) {
      top = dir;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
    chain.unshift(dir);
  }
  if (top === undefined) return [];
  const levels: IgnoreLevel[] = [];
  const exclude = readIgnoreFile(join(top, '.git', 'info', 'exclude'));
  if (exclude !== undefined) levels.push({ dir: top, rules: exclude });
  for (const d of top === root ? [] : chain.filter((c) => c.length >= top.length)) {
    const rules = readIgnoreFile(join(d, '.gitignore'));
    if (rules !== undefined) levels.push({ dir: d, rules });
  }
  return levels;
}

function readIgnoreFile(path: string): IgnoreRules | undefined {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const rules = new IgnoreRules(text);
  return rules.size > 0 ? rules : undefined;
}
