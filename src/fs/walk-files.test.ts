import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { walkFiles } from './walk-files.ts';

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'sekisho-walk-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

const list = (root: string, dir = root, exclude?: Set<string>): string[] =>
  walkFiles(dir, exclude ? { exclude } : {}).map((p) => relative(root, p).split(sep).join('/'));

test('nested .gitignore files, negation, dir-only patterns; .git and node_modules always skipped', async () => {
  const root = await tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.git/info/exclude': 'local-only.txt\n',
    '.gitignore': '*.log\nbuild/\n/top-only.txt\n',
    'a.txt': '',
    'debug.log': '',
    'local-only.txt': '',
    'top-only.txt': '',
    'build/out.js': '',
    'node_modules/pkg/index.js': '',
    'src/.gitignore': '!keep.log\ngenerated/\n',
    'src/keep.log': '',
    'src/other.log': '',
    'src/top-only.txt': '',
    'src/generated/x.ts': '',
    'src/main.ts': '',
  });
  try {
    assert.deepEqual(list(root), ['.gitignore', 'a.txt', 'src/.gitignore', 'src/keep.log', 'src/main.ts', 'src/top-only.txt']);
    // Scanning a subdirectory still applies the repository's ignore files above it.
    assert.deepEqual(list(root, join(root, 'src')), ['src/.gitignore', 'src/keep.log', 'src/main.ts', 'src/top-only.txt']);
    assert.deepEqual(list(root, root, new Set([join(root, 'a.txt')])).includes('a.txt'), false);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('symbolic links are not followed', async () => {
  const root = await tree({ 'real/a.txt': '' });
  try {
    await symlink(join(root, 'real'), join(root, 'link'));
    await symlink(join(root, 'real', 'a.txt'), join(root, 'file-link'));
    assert.deepEqual(list(root), ['real/a.txt']);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
