import { languageForPath, type LanguageFamily } from '../tokenize/language-for.ts';

/**
 * Which files of a repository `sekisho index add` reads. Why so selective: the index should hold what
 * the company wrote. Vendored dependencies and generated code are public or mechanical; indexing them
 * would report every prompt that pastes a popular library or a protobuf stub as company code, and they
 * would crowd out real code in the pruning threshold. `--include-generated` turns these skips off
 * (useful when generated code is itself confidential).
 *
 * Only files a lexer knows by name are indexed: C-like (c h cc cpp cxx hpp hh hxx cs java kt kts scala
 * swift go rs js jsx mjs cjs ts tsx mts cts php dart groovy m mm proto), Python (py pyi pyw), shell (sh
 * bash zsh ksh, Makefile, Dockerfile) and SQL (sql ddl pgsql). Anything else would go through the
 * generic lexer, which is meant for unlabelled prompt text, not for configuration and data files.
 */

/** Directory names of vendored dependencies and build output, skipped anywhere in the tree. */
export const VENDORED_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules', 'bower_components', 'jspm_packages', 'vendor', 'third_party', 'third-party', 'thirdparty', 'external',
  'dist', 'build', 'target', 'out', '.next', '.nuxt', '.venv', 'venv', '__pycache__', 'site-packages', 'Pods', 'Carthage', '.gradle',
]);

/** Lock files and manifests written by package managers (listed for clarity: most have no lexer anyway). */
const LOCK_FILES = new Set(['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'cargo.lock', 'go.sum', 'poetry.lock', 'pipfile.lock', 'composer.lock', 'gemfile.lock', 'uv.lock']);

/** Names of generated or minified files by convention. */
const GENERATED_NAME = /(?:\.min\.[cm]?js$|\.pb\.(?:go|cc|h|swift)$|_pb2(?:_grpc)?\.pyi?$|\.pb\.gw\.go$|_grpc\.pb\.go$|[._]generated\.[^/]*$|\.g\.dart$|\.freezed\.dart$|\.designer\.cs$|_string\.go$|\.bundle\.js$)/i;

/** The Go convention (`// Code generated ... DO NOT EDIT.`) and the `@generated` marker (Facebook, Rust, protoc plugins). */
const GENERATED_HEADER = /Code generated\b.{0,200}\bDO NOT EDIT|@generated\b/;
const HEADER_CHARS = 2048;

export type SkipReason = 'generated' | 'not-source';

/** Why a file (path relative to the repository root, `/`-separated) is not indexed by its name alone; undefined = read it. */
export function skipByPath(relPath: string, includeGenerated: boolean): SkipReason | undefined {
  if (languageFor(relPath) === undefined) return 'not-source';
  if (includeGenerated) return undefined;
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);
  if (LOCK_FILES.has(base.toLowerCase()) || GENERATED_NAME.test(base)) return 'generated';
  return undefined;
}

/** A generated-code marker near the top of the file. */
export function hasGeneratedHeader(text: string): boolean {
  return GENERATED_HEADER.test(text.slice(0, HEADER_CHARS));
}

/** The lexer family for an indexable file, or undefined when no lexer knows the name. */
export function languageFor(relPath: string): LanguageFamily | undefined {
  const family = languageForPath(relPath);
  return family === 'generic' ? undefined : family;
}
