import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The commit checked out in the repository holding `dir`, read from `.git` directly (no `git` binary
 * needed): HEAD, then the branch's loose ref or `packed-refs`. Worktrees and submodules (a `.git` file
 * with `gitdir:`) are followed. Undefined outside a repository or when HEAD cannot be resolved. Recorded
 * so `sekisho index ls` shows which commit an index reflects; change detection itself goes by content
 * hashes, which also covers uncommitted edits.
 */
export function readGitHead(dir: string): string | undefined {
  const gitDir = findGitDir(dir);
  if (gitDir === undefined) return undefined;
  const head = readText(join(gitDir, 'HEAD'))?.trim();
  if (head === undefined) return undefined;
  if (/^[0-9a-f]{40,64}$/.test(head)) return head;
  const ref = /^ref: (\S+)$/.exec(head)?.[1];
  if (ref === undefined) return undefined;
  // A worktree keeps HEAD locally but shares refs with the main repository (`commondir`).
  const common = readText(join(gitDir, 'commondir'))?.trim();
  const refDirs = common === undefined ? [gitDir] : [gitDir, resolve(gitDir, common)];
  for (const d of refDirs) {
    const loose = readText(join(d, ref))?.trim();
    if (loose !== undefined && /^[0-9a-f]{40,64}$/.test(loose)) return loose;
    for (const line of (readText(join(d, 'packed-refs')) ?? '').split('\n')) {
      const [sha, name] = line.split(' ');
      if (name === ref && sha !== undefined && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
    }
  }
  return undefined;
}

function findGitDir(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    try {
      if (statSync(dotGit).isDirectory()) return dotGit;
      const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      if (pointer !== undefined) return resolve(dir, pointer);
    } catch {
      // no .git here
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
