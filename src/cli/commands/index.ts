import { parseArgs } from 'node:util';
import { pickSubcommand } from '../subcommand.ts';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hostname } from 'node:os';
import { DATA_DIR_OPTIONS, loadCommandConfig, openCommandStore, reportTightened } from '../command-config.ts';
import type { Config } from '../../config/types.ts';
import { openChangeFeed } from '../../store/open-change-feed.ts';
import { publishIndex } from '../../fanout/shared-index.ts';
import { parseSize } from '../../config/parse-size.ts';
import { openStore } from '../../store/open-store.ts';
import { OwnCodeStore, type RepoKind } from '../../inspection/own-code/store/own-code-store.ts';
import { registerRepository } from '../../inspection/own-code/store/register-repository.ts';
import { DEFAULT_INDEX_MAX_FILE_SIZE, syncRepository, type SyncResult } from '../../inspection/own-code/store/sync-repository.ts';
import { INDEX_FILE_NAME, rebuildIndexFile, type RebuildResult } from '../../inspection/own-code/store/rebuild-index.ts';
import { localIndexRecord, readIndexGeneration } from '../../inspection/own-code/store/index-generation.ts';
import { describeGeneration, describeIndexFile, formatBytes, formatCount, formatRepoTable } from './index-report.ts';
import { usageError } from '../usage-error.ts';

const help = `Usage: sekisho index <command> [options]

Builds the own-code index the gateway and "sekisho scan --own-code" use to recognise company source
code in prompts. State lives in the data directory (sekisho.db, own-code.idx). Each add or rm builds
a new index generation; a running gateway loads it within about a second, without a restart.

Commands:
  add PATH...   Index directories or git repositories, or update them: only files whose content
                changed are read again. .gitignore is honoured; binaries, vendored directories
                (node_modules, vendor, third_party, dist, build, target, ...) and generated files
                (*.min.js, *.pb.go, *_generated.*, lock files, "Code generated ... DO NOT EDIT" or
                "@generated" headers) are skipped. Only source files a lexer knows are read.
  ls, list      List indexed repositories with file and line counts, and the index generation
  rm NAME...    Remove repositories from the index
  stats         Files, lines, fingerprints, pruning, commons, index file size and memory

Options:
  --name NAME           Name of the repository (add, one PATH; default: the directory's name)
  --commons             The PATHs are a commons corpus (open-source dependencies, generated code,
                        license texts): their fingerprints are subtracted from the index, never reported
  --include-generated   Also index vendored and generated files
  --max-file-size SIZE  Skip larger files (default 1MB; bytes or e.g. 512KiB)
  --config FILE         YAML configuration (for dataDir; env SEKISHO_CONFIG)
  --data-dir DIR        State directory (env SEKISHO_DATA_DIR)
  --store URL           PostgreSQL shared by the instances (env SEKISHO_STORE): add and rm also publish
                        the index there and tell every instance, which copies it into its own data
                        directory within seconds. The sources stay in this data directory.
  -h, --help            Show this help

Exit status: 0 done, 2 usage or error.
`;

/** `sekisho index add | ls | rm | stats`. Returns the exit code. */
export async function indexCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        name: { type: 'string' },
        commons: { type: 'boolean', default: false },
        'include-generated': { type: 'boolean', default: false },
        'max-file-size': { type: 'string' },
        ...DATA_DIR_OPTIONS,
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values, positionals } = parsed;
  const picked = pickSubcommand(positionals, values.help, { names: ['add', 'ls', 'list', 'rm', 'stats'], listed: 'add, ls, rm or stats' }, help, usage);
  if (typeof picked === 'number') return picked;
  const { args } = picked;
  const command = picked.command === 'list' ? 'ls' : picked.command;
  if (command === 'add' && args.length === 0) return usage('add needs at least one PATH');
  if (command === 'rm' && args.length === 0) return usage('rm needs a repository NAME');
  if ((command === 'ls' || command === 'stats') && args.length > 0) return usage(`${command} takes no arguments`);
  if (values.name !== undefined && (command !== 'add' || args.length !== 1)) return usage('--name goes with add and one PATH');
  let maxFileSize = DEFAULT_INDEX_MAX_FILE_SIZE;
  if (values['max-file-size'] !== undefined) {
    const text = values['max-file-size'];
    try {
      maxFileSize = parseSize(/^[0-9]+$/.test(text) ? Number(text) : text);
    } catch (err) {
      return usage(`--max-file-size: ${(err as Error).message}`);
    }
  }

  let config: Config;
  try {
    config = await loadCommandConfig(values);
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  const dataDir = config.dataDir;
  const { db, close } = openStore(dataDir, reportTightened);
  const store = new OwnCodeStore(db);
  const indexPath = join(dataDir, INDEX_FILE_NAME);
  try {
    switch (command) {
      case 'add': {
        const code = add(store, indexPath, args, { name: values.name, kind: values.commons ? 'commons' : 'own', includeGenerated: values['include-generated'], maxFileSize });
        return code === 0 ? await share(config, store, indexPath) : code;
      }
      case 'rm': {
        const code = rm(store, indexPath, args);
        return code === 0 ? await share(config, store, indexPath) : code;
      }
      case 'ls':
        process.stdout.write(formatRepoTable(store.repos()) + describeGeneration(readIndexGeneration(store.db)));
        return 0;
      default:
        process.stdout.write(describeIndexFile(store.repos(), indexPath) + describeGeneration(readIndexGeneration(store.db)));
        return 0;
    }
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  } finally {
    close();
  }
}

interface AddOptions {
  name: string | undefined;
  kind: RepoKind;
  includeGenerated: boolean;
  maxFileSize: number;
}

function add(store: OwnCodeStore, indexPath: string, paths: string[], o: AddOptions): number {
  const roots = paths.map((p) => resolve(p));
  for (const [i, root] of roots.entries()) {
    let isDir = false;
    try {
      isDir = statSync(root).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) return fail(`${paths[i]}: not a directory`);
  }
  for (const root of roots) {
    const repo = registerRepository(store, root, o.kind, o.name, new Date().toISOString());
    const r = syncRepository(store, repo, { includeGenerated: o.includeGenerated, maxFileSize: o.maxFileSize });
    process.stdout.write(describeSync(r));
    for (const e of r.errors) process.stderr.write(`sekisho index: warning: ${e}\n`);
  }
  return rebuilt(rebuildIndexFile(store, indexPath), indexPath);
}

function rm(store: OwnCodeStore, indexPath: string, names: string[]): number {
  const unknown = names.filter((n) => store.repoByName(n) === undefined);
  if (unknown.length > 0) return fail(`no indexed repository named ${unknown.map((n) => `"${n}"`).join(', ')} (see: sekisho index ls)`);
  for (const name of names) {
    store.removeRepo(name);
    process.stdout.write(`${name}: removed\n`);
  }
  return rebuilt(rebuildIndexFile(store, indexPath), indexPath);
}

/**
 * With `store.url`, the index just built becomes the deployment's: published to the shared store as its
 * next generation, then announced (Redis with `redis.url`, else PostgreSQL NOTIFY) so every instance
 * copies and loads it within seconds; an announcement that cannot be made is caught by the instances'
 * periodic re-check (store.recheckInterval). Without `store.url` the data directory is the only index.
 */
async function share(config: Config, local: OwnCodeStore, indexPath: string): Promise<number> {
  if (config.store.url === null) return 0;
  const state = await openCommandStore(config);
  try {
    if (state.sharedIndex === undefined) return 0;
    const record = await publishIndex(state.sharedIndex, indexPath, localIndexRecord(() => local.db));
    process.stdout.write(`index: published to ${state.location} as generation ${record.generation}\n`);
  } finally {
    await state.close();
  }
  const feed = await openChangeFeed({ store: config.store, redis: config.redis });
  if (feed === undefined) return 0;
  try {
    const epoch = await feed.announce('index', `cli:${hostname()}:${process.pid}`);
    process.stdout.write(`index: every instance told (${feed.location}, change ${epoch}); each loads it within seconds\n`);
  } catch (err) {
    process.stderr.write(`sekisho index: warning: could not tell the instances (${err instanceof Error ? err.message : String(err)}); they load the new index at their next re-check\n`);
  } finally {
    await feed.close().catch(() => {});
  }
  return 0;
}

function describeSync(r: SyncResult): string {
  const what = r.repo.kind === 'commons' ? ' (commons)' : '';
  const skipped = [
    r.skipped.vendored > 0 ? `${formatCount(r.skipped.vendored)} vendored director${r.skipped.vendored === 1 ? 'y' : 'ies'}` : '',
    r.skipped.generated > 0 ? `${formatCount(r.skipped.generated)} generated` : '',
    r.skipped.binary > 0 ? `${formatCount(r.skipped.binary)} binary` : '',
    r.skipped.tooLarge > 0 ? `${formatCount(r.skipped.tooLarge)} too large` : '',
  ].filter((s) => s !== '');
  return (
    `${r.repo.name}${what}: ${formatCount(r.files)} files, ${formatCount(r.lines)} lines (${r.added} added, ${r.changed} changed, ${r.unchanged} unchanged, ${r.removed} removed)` +
    (skipped.length > 0 ? `; skipped ${skipped.join(', ')}` : '') +
    (r.repo.gitHead ? `; HEAD ${r.repo.gitHead.slice(0, 12)}` : '') +
    '\n'
  );
}

function rebuilt(r: RebuildResult, indexPath: string): number {
  if (r.stale > 0) process.stderr.write(`sekisho index: warning: ${r.stale} files were indexed with other settings and changed since; run sekisho index add on their repositories again\n`);
  if (r.index === undefined) process.stdout.write(`index: no company code indexed; ${indexPath} removed (generation ${r.generation.generation})\n`);
  else {
    process.stdout.write(
      `index: ${formatCount(r.files)} files${r.commonsFiles > 0 ? `, ${formatCount(r.commonsFiles)} commons files subtracted` : ''} → ${indexPath} ` +
        `(${formatBytes(r.index.bytes.byteLength)}, built in ${Math.round(r.ms)} ms; generation ${r.generation.generation})\n`,
    );
  }
  return 0;
}

function usage(message: string): number {
  return usageError('index', message);
}

function fail(message: string): number {
  process.stderr.write(`sekisho index: ${message}\n`);
  return 2;
}
