/**
 * Real source on this machine for the own-code benchmark and evaluation: this repo's `node_modules`
 * (JavaScript/TypeScript), Python's standard library, then Debian's Python packages and JavaScript. Read into memory only (never written or
 * committed). Deterministic on one machine: roots are walked in sorted order until a line budget is spent.
 * Each file gets a *group* so that near-copies stay together when the evaluation splits files into
 * "company" and "other" (see `nodeModulesGroup`).
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SourceFile {
  /** Repository name the file is indexed under (`node_modules`, `python`). */
  repo: string;
  /** Path relative to the root. */
  path: string;
  group: string;
  /** The project the file belongs to: an npm package (the two generated SDKs as one), a top-level Python module. */
  codebase: string;
  text: string;
  lines: number;
}

export interface SourceRoot {
  repo: string;
  root: string;
  ext: RegExp;
  group: (rel: string) => string;
  codebase: (rel: string) => string;
}

/** Bundles above this are skipped: minified megabytes are not what a prompt quotes. */
const MAX_FILE_BYTES = 1_000_000;
const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Why by base name across packages: `openai` and `@anthropic-ai/sdk` ship each module as `.js`, `.mjs`,
 * `.d.ts` and `src/*.ts`, and both SDKs come from one generator, so `core/streaming.ts` exists in both
 * with near-identical code. Splitting such files between the index and the negatives would count real
 * copies as false positives. Grouping by the extension-less base name keeps every copy on one side.
 */
export function nodeModulesGroup(rel: string): string {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  return `nm:${base.replace(/(?:\.d)?\.[cm]?[jt]sx?$/, '')}`;
}

/** `openai` and `@anthropic-ai/sdk` come from one code generator: one codebase for the split. */
export function nodeModulesCodebase(rel: string): string {
  const parts = rel.split('/');
  const pkg = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? '');
  if (pkg === 'openai' || pkg === '@anthropic-ai/sdk') return 'npm:generated-sdks';
  return pkg === '@typescript/typescript-linux-x64' ? 'npm:typescript' : `npm:${pkg}`;
}

/** Backports are copies of the standard library module they backport. */
const BACKPORT_OF: Record<string, string> = { typing_extensions: 'typing', importlib_resources: 'importlib', importlib_metadata: 'importlib', _distutils: 'distutils' };

/**
 * A library vendored inside another (`pip/_vendor/six.py`, `wheel/vendored/packaging`) belongs with the
 * library itself (`six.py`), and a backport with its original: they are copies, not unrelated code.
 */
export function pythonCodebase(rel: string): string {
  const vendored = /(?:^|\/)(?:_vendor|vendored)\/([^/]+)/.exec(rel) ?? /^setuptools\/(_distutils)\//.exec(rel);
  const name = (vendored?.[1] ?? rel.split('/')[0] ?? '').replace(/\.py$/, '');
  return `py:${BACKPORT_OF[name] ?? name}`;
}

export function pythonGroup(rel: string): string {
  return `py:${rel.replace(/\.py$/, '')}`;
}

export function defaultRoots(repoRoot: string): SourceRoot[] {
  return [
    { repo: 'node_modules', root: join(repoRoot, 'node_modules'), ext: /\.(?:[cm]?[jt]s|[jt]sx)$/, group: nodeModulesGroup, codebase: nodeModulesCodebase },
    { repo: 'python', root: '/usr/lib/python3.11', ext: /\.py$/, group: pythonGroup, codebase: pythonCodebase },
    // Debian's Python packages (pip, setuptools, pygments, cryptography, …) and JavaScript under /usr/share:
    // more independent projects, read after the two above.
    { repo: 'dist-packages', root: '/usr/lib/python3/dist-packages', ext: /\.py$/, group: pythonGroup, codebase: pythonCodebase },
    { repo: 'share', root: '/usr/share', ext: /\.js$/, group: (rel) => `share:${rel}`, codebase: (rel) => `share:${rel.split('/').slice(0, 2).join('/')}` },
  ];
}

export function countLines(text: string): number {
  let n = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Reads files from `roots` in order until `maxLines` lines are collected. */
export function readSources(roots: SourceRoot[], maxLines = Infinity): SourceFile[] {
  const out: SourceFile[] = [];
  const left = { lines: maxLines };
  for (const r of roots) walk(r, r.root, out, left);
  return out;
}

function walk(r: SourceRoot, dir: string, out: SourceFile[], left: { lines: number }): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return; // a missing root contributes nothing
  }
  for (const name of names) {
    if (left.lines <= 0) return;
    const path = join(dir, name);
    // `node` is the Node binary package; `.bin` holds symlinks; `site-packages` under python3.11 is third-party.
    if (name === '.bin' || (dir.endsWith('node_modules') && name === 'node') || name === 'site-packages' || name === '__pycache__') continue;
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (st === undefined || st.isSymbolicLink()) continue;
    if (st.isDirectory()) {
      walk(r, path, out, left);
      continue;
    }
    if (!st.isFile() || !r.ext.test(name) || st.size === 0 || st.size > MAX_FILE_BYTES) continue;
    const raw = readFileSync(path);
    if (raw.includes(0)) continue;
    let text: string;
    try {
      text = strict.decode(raw);
    } catch {
      continue;
    }
    const rel = path.slice(r.root.length + 1);
    const lines = countLines(text);
    out.push({ repo: r.repo, path: rel, group: r.group(rel), codebase: r.codebase(rel), text, lines });
    left.lines -= lines;
  }
}

/** The seeded PRNG the fixtures use (mulberry32), so every run draws the same samples. */
export { seededRandom as prng } from '../../test/fixtures/prose.ts';
