/**
 * File helpers for the release build: listing a tree in a stable order and hashing files. Paths in
 * results are relative and use `/`, so SBOMs and manifests read the same on every machine.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every regular file under `dir`, relative, sorted by code unit (the order `LC_ALL=C sort` gives for ASCII names). */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
      else throw new Error(`${join(dir, path)}: only files and directories belong in a release (symlink or special file)`);
    }
  };
  walk('');
  return files.sort(byCodeUnit);
}

export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface FileDigests {
  sha256: string;
  sha512: string;
}

/** SHA-256 and SHA-512 (hex) of a file, streamed (the Node runtime is over 100 MB). */
export async function digestFile(path: string): Promise<FileDigests> {
  const sha256 = createHash('sha256');
  const sha512 = createHash('sha512');
  for await (const chunk of createReadStream(path)) {
    sha256.update(chunk as Buffer);
    sha512.update(chunk as Buffer);
  }
  return { sha256: sha256.digest('hex'), sha512: sha512.digest('hex') };
}

/**
 * The digest of a set of files: SHA-256 / SHA-512 of their `sha256sum` listing (`<hex>  <path>\n` per
 * file, sorted by path). The same value comes from a shell in the set's directory:
 * `find . -type f -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum`.
 */
export function digestListing(entries: ReadonlyArray<{ path: string; sha256: string }>): FileDigests {
  const listing = [...entries].sort((a, b) => byCodeUnit(a.path, b.path)).map((e) => `${e.sha256}  ${e.path}\n`).join('');
  return { sha256: createHash('sha256').update(listing).digest('hex'), sha512: createHash('sha512').update(listing).digest('hex') };
}
