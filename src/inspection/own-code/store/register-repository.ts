import { basename } from 'node:path';
import type { OwnCodeStore, RepoKind, RepoRow } from './own-code-store.ts';

/** Repository names appear in findings as `name:path:L1-L9`, so they are kept to a plain alphabet. */
export const REPO_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * The stored repository a `sekisho index add` of `root` updates, created when new. Without `--name` a
 * root added before keeps its name; a new one is named after its directory. Refused (Error with a
 * user-facing message): a bad name, a name already used for another directory or the other kind.
 */
export function registerRepository(store: OwnCodeStore, root: string, kind: RepoKind, name: string | undefined, now: string): RepoRow {
  const chosen = name ?? store.repoByRoot(root, kind)?.name ?? defaultName(root);
  if (!REPO_NAME.test(chosen)) {
    throw new Error(`"${chosen}" is not a usable name: letters, digits, ".", "_" and "-", up to 100 (choose one with --name)`);
  }
  const existing = store.repoByName(chosen);
  if (existing === undefined) return store.createRepo(chosen, root, kind, now);
  if (existing.root !== root) throw new Error(`the name "${chosen}" is already used for ${existing.root} (choose another with --name, or sekisho index rm ${chosen})`);
  if (existing.kind !== kind) throw new Error(`"${chosen}" is indexed as ${existing.kind === 'commons' ? 'a commons corpus' : 'company code'}; remove it first to change that`);
  return existing;
}

function defaultName(root: string): string {
  const base = basename(root).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return base === '' ? 'repo' : base;
}
