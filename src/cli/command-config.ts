import { loadConfig } from '../config/load-config.ts';
import type { Config } from '../config/types.ts';

/**
 * The configuration a data-directory command (`index`, `keys`, `audit`, `policy`) runs on: the file from
 * `--config` (or `SEKISHO_CONFIG`), `SEKISHO_*` variables, and `--data-dir` on top — the same layering
 * as `sekisho serve`, so a command works on the data directory the gateway uses.
 */
export function loadCommandConfig(values: { config?: string | undefined; 'data-dir'?: string | undefined }): Promise<Config> {
  return loadConfig({
    ...(values.config === undefined ? {} : { configPath: values.config }),
    env: process.env,
    flags: values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] },
  });
}

/** The options every data-directory command takes (`parseArgs` options, spread into each command's own). */
export const DATA_DIR_OPTIONS = {
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;
