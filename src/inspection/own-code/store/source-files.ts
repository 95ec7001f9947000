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
 * bash zsh ksh, Makefile, Dockerfile) and SQL (sql ddl pgsql) — and source in languages without a
 * lexer of their own (GENERIC_CODE: Ruby, Perl, Lua, R, Haskell, OCaml, Elixir, Erlang, Clojure, Lisp,
 * Tcl, PowerShell, Julia, Nim, Zig, Fortran, Pascal, F#, VB, COBOL, Ada, …), read by the generic lexer:
 * their names and literals still make exact k-grams, and the line channel needs no language at all
 * (eval:owncode: Perl, lexed generically, plain copies of ≥ 10 lines 100%, false positives 1 of 1,823
 * Perl negatives). Configuration and data files (YAML, JSON, TOML, XML, Markdown) stay out.
 */

/** Extensions of programming languages without a lexer here, indexed with the generic lexer. */
const GENERIC_CODE = new Set('rb rake gemspec pl pm lua r hs lhs ml mli ex exs erl hrl clj cljs cljc edn el lisp scm rkt tcl vim ps1 psm1 jl nim cr zig f f90 f95 f03 for pas fs fsx vb bas cob cbl ada adb ads coffee elm purs raku awk'.split(' '));

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
  if (family !== 'generic') return family;
  const base = relPath.slice(relPath.lastIndexOf('/') + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot > 0 && GENERIC_CODE.has(base.slice(dot + 1)) ? 'generic' : undefined;
}
