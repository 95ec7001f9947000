/**
 * The application as JavaScript: `tsc -p tsconfig.build.json` emits src/ (tests excluded) with `.ts`
 * import specifiers rewritten to `.js`; then only the modules reachable from the entry points are kept,
 * with the data files they open (`new URL('./schema.json', import.meta.url)`). A relative reference that
 * resolves to nothing stops the build: a release never ships an import that cannot load.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { byCodeUnit } from './files.ts';

/** Modules loaded first: the CLI, and the scan worker (started by URL, see src/scan/run-scan.ts). */
export const ENTRY_POINTS = ['cli/main.js', 'scan/scan-worker.js', 'audit/verify-worker.js'];

/** References that leave the compiled tree: only the package manifest beside it (the version). */
const OUTSIDE_ALLOWED = new Set(['../package.json']);

const REFERENCE_PATTERNS = [
  /\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g,
  /\bimport\s*['"](\.{1,2}\/[^'"]+)['"]/g,
  /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
  /\bnew URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
];

export interface CompiledApp {
  /** Directory holding the kept files (to become `lib/`). */
  dir: string;
  /** Kept files, relative, sorted. */
  files: string[];
}

/** Compiles `<root>/src` into `<workDir>/emit`, then copies what the entry points reach into `<workDir>/lib`. */
export function compileApp(root: string, workDir: string): CompiledApp {
  const emitDir = join(workDir, 'emit');
  const libDir = join(workDir, 'lib');
  rmSync(workDir, { recursive: true, force: true });
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', emitDir], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`tsc failed (exit ${run.status ?? run.signal})`);
  const files = reachableFiles(emitDir, join(root, 'src'));
  for (const file of files) {
    const from = file.endsWith('.js') ? join(emitDir, file) : join(root, 'src', file);
    mkdirSync(dirname(join(libDir, file)), { recursive: true });
    copyFileSync(from, join(libDir, file));
  }
  rmSync(emitDir, { recursive: true, force: true });
  return { dir: libDir, files };
}

/**
 * Follows static imports, dynamic imports with a literal specifier and `new URL(literal, import.meta.url)`
 * from the entry points. `.js` files come from `emitDir`; any other file must exist in `srcDir` (data
 * files tsc does not emit).
 */
export function reachableFiles(emitDir: string, srcDir: string, entries: readonly string[] = ENTRY_POINTS): string[] {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    const path = file.endsWith('.js') ? join(emitDir, file) : join(srcDir, file);
    if (!existsSync(path)) throw new Error(`release build: ${file} is referenced but does not exist (${path})`);
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    const text = readFileSync(path, 'utf8');
    for (const pattern of REFERENCE_PATTERNS) {
      for (const match of text.matchAll(pattern)) {
        const target = posix.normalize(posix.join(posix.dirname(file), match[1]!));
        if (target.startsWith('../')) {
          if (!OUTSIDE_ALLOWED.has(target)) throw new Error(`release build: ${file} refers outside the application: ${match[1]}`);
          continue;
        }
        queue.push(target);
      }
    }
  }
  return [...seen].sort(byCodeUnit);
}
