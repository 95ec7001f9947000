import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BuildDetectorsOptions } from '../../inspection/build-detectors.ts';
import { INDEX_FILE_NAME } from '../../inspection/own-code/store/rebuild-index.ts';
import { OwnCodeStore } from '../../inspection/own-code/store/own-code-store.ts';
import { openStore } from '../../store/open-store.ts';
import { ownCodeLines, type IndexedRoots } from '../../scan/own-code-side-by-side.ts';
import type { ScanFinding } from '../../scan/scan-finding.ts';
import type { ScanOptions } from '../../scan/scan-options.ts';

/** What `sekisho scan --own-code` adds to a scan: the index to load, and the side-by-side lines of each finding. */
export interface OwnCodeScan {
  build: BuildDetectorsOptions;
  /** Attaches `ownCodeLines` to the own-code findings of one scanned file (read again here, once, only when it has one). */
  describe(findings: ScanFinding[], cwd: string, stdin: Uint8Array | undefined): void;
  close(): void;
}

/**
 * `--own-code`: the index in the data directory, located as `sekisho serve` locates it (flag, then
 * SEKISHO_DATA_DIR / the config file, then the default), with the config's own-code thresholds; the
 * state store there says where each indexed repository lives, for the company side of the report.
 */
export async function ownCodeScan(options: ScanOptions): Promise<OwnCodeScan | undefined> {
  if (!options.ownCode) return undefined;
  // Located as the other data-directory commands locate it (`--data-dir`, then `--config` /
  // SEKISHO_CONFIG / SEKISHO_DATA_DIR, then the default); the backends' secrets are not needed.
  const { loadCommandConfig } = await import('../command-config.ts');
  const config = await loadCommandConfig({ config: options.configPath, 'data-dir': options.dataDir });
  options.inspection.ownCode = config.inspection.ownCode;
  const indexPath = join(config.dataDir, INDEX_FILE_NAME);
  let store: ReturnType<typeof openStore> | undefined;
  const roots = (): IndexedRoots => {
    store ??= openStore(config.dataDir);
    const own = new OwnCodeStore(store.db);
    const repos = new Map(own.repos().map((r) => [r.name, r]));
    const hashes = new Map<string, Map<string, { sha256: string }>>();
    return {
      root: (name) => repos.get(name)?.root,
      sha256: (name, path) => {
        const repo = repos.get(name);
        if (repo === undefined) return undefined;
        let files = hashes.get(name);
        if (files === undefined) hashes.set(name, (files = own.fileHashes(repo.id)));
        return files.get(path)?.sha256;
      },
    };
  };
  let indexed: IndexedRoots | undefined;
  return {
    build: { ownCodeIndexPath: indexPath, requireOwnCode: true },
    describe(findings, cwd, stdin) {
      let text: string | undefined;
      for (const f of findings) {
        if (f.ownCode === undefined) continue;
        if (text === undefined) {
          try {
            text = new TextDecoder('utf-8').decode(f.path === 'stdin' && stdin !== undefined ? stdin : readFileSync(resolve(cwd, f.path)));
          } catch {
            return; // gone since it was scanned: the finding line alone is reported
          }
        }
        indexed ??= roots();
        const lines = ownCodeLines(f, text, indexed);
        if (lines !== undefined) f.ownCodeLines = lines;
      }
    },
    close() {
      store?.close();
      store = undefined;
    },
  };
}
