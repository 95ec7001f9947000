import { loadConfig } from '../config/load-config.ts';
import type { Config } from '../config/types.ts';
import type { OnTightened } from '../store/private-files.ts';
import type { StateStore } from '../store/ports.ts';
import { openStateStore } from '../store/open-state-store.ts';
import { describeUrl } from '../store/describe-url.ts';

/** For `openStore` in the commands: a data-directory file that was too open is named on stderr. */
export const reportTightened: OnTightened = (path, mode, error) =>
  process.stderr.write(
    error === undefined
      ? `sekisho: tightened permissions of ${path} (was 0${mode.toString(8)}): group and others could read it\n`
      : `sekisho: warning: ${path} is readable by group or others (0${mode.toString(8)}) and cannot be changed (${error})\n`,
  );

/**
 * The configuration a data-directory command (`index`, `keys`, `audit`, `policy`) runs on: the file from
 * `--config` (or `SEKISHO_CONFIG`), `SEKISHO_*` variables, and `--data-dir` on top — the same layering
 * as `sekisho serve`, so a command works on the data directory the gateway uses. The backends' secrets
 * are not read: these commands never call a backend, so an operator need not have them set.
 */
export function loadCommandConfig(values: { config?: string | undefined; 'data-dir'?: string | undefined; store?: string | undefined; redis?: string | undefined }): Promise<Config> {
  return loadConfig({
    ...(values.config === undefined ? {} : { configPath: values.config }),
    env: process.env,
    flags: {
      ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
      ...(values.store === undefined ? {} : { store: values.store }),
      ...(values.redis === undefined ? {} : { redis: values.redis }),
    },
    backendSecrets: false,
  });
}

/** The options every data-directory command takes (`parseArgs` options, spread into each command's own). */
export const DATA_DIR_OPTIONS = {
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  store: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The state store a data command works on: SQLite in the data directory, or the configured PostgreSQL. */
export async function openCommandStore(config: Config): Promise<StateStore> {
  try {
    return await openStateStore({ dataDir: config.dataDir, ...config.store }, reportTightened);
  } catch (err) {
    const where = config.store.url === null ? `in ${config.dataDir}` : describeUrl(config.store.url);
    throw new Error(`cannot open the state store ${where}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
