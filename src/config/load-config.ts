/**
 * Builds the `Config` the gateway runs on. Precedence, lowest to highest: embedded defaults, the YAML
 * file (`configPath`, else `SEKISHO_CONFIG`), `SEKISHO_*` environment variables, command line flags.
 * Every problem is a `ConfigError` that says where it is: `file:line:col`, a variable or a flag.
 */
import { readFile } from 'node:fs/promises';
import { buildConfig } from './build-config.ts';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import { crossCheck } from './cross-check.ts';
import { describeProblem } from './format-path.ts';
import type { RawConfig } from './raw-config.ts';
import { readConfigFile, type ConfigFile } from './read-config-file.ts';
import { applyOverrides, readOverrides, type ConfigFlags } from './read-overrides.ts';
import { createValidator, type JsonSchema, type SchemaError, type Validator } from './validate-schema.ts';
import type { Config } from './types.ts';

export type { ConfigFlags } from './read-overrides.ts';
export { ConfigError } from './config-error.ts';
export { redactConfig } from './redact-config.ts';

/** Where to look: an explicit file (e.g. from `--config`), the environment, and parsed flags. */
export interface LoadConfigOptions {
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  flags?: ConfigFlags;
  /**
   * `false` for commands that only work on the data directory (`keys`, `audit`, `policy`, `index`, `scan`):
   * they never call a backend, so the backends' secrets (`apiKey`, secret headers) are not read and need
   * not be set. Default `true` (`sekisho serve`).
   */
  backendSecrets?: boolean;
}

let validator: Promise<Validator> | undefined;

/** The compiled validator for schema.json, read once per process. */
export function configValidator(): Promise<Validator> {
  validator ??= readFile(new URL('./schema.json', import.meta.url), 'utf8').then((text) => createValidator(JSON.parse(text) as JsonSchema));
  return validator;
}

/** Loads, validates and resolves the configuration; throws `ConfigError` on any problem. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<Config> {
  const env = options.env ?? process.env;
  const overrides = readOverrides(env, options.flags ?? {});
  const fromEnv = env.SEKISHO_CONFIG === '' ? undefined : env.SEKISHO_CONFIG;
  const configPath = options.configPath ?? fromEnv;
  const file = configPath === undefined
    ? undefined
    : await readConfigFile(configPath, options.configPath === undefined ? 'SEKISHO_CONFIG' : undefined);
  const value = file?.value ?? {};

  const schemaErrors = (await configValidator())(value);
  if (schemaErrors.length > 0) throw new ConfigError(toIssues(schemaErrors, file));
  const raw = value as RawConfig;
  const crossErrors = crossCheck(raw, overrides.upstream === undefined ? [] : ['upstream']);
  if (crossErrors.length > 0) throw new ConfigError(toIssues(crossErrors, file));

  // An overridden data directory is not looked up first: the default one asks the user database when
  // HOME is unset (a lookup that can reach for nscd's socket on a host that should touch nothing).
  const config = await buildConfig(overrides.dataDir === undefined ? raw : { ...raw, dataDir: overrides.dataDir }, { env, file, backendSecrets: options.backendSecrets ?? true });
  return applyOverrides(config, overrides);
}

/** Locates each error in the file and orders them as they appear in it (also used for policy files). */
export function toIssues(errors: readonly SchemaError[], file: ConfigFile | undefined): ConfigIssue[] {
  const located = errors.map((error, index) => {
    const atKey = error.keyword === 'additionalProperties' || error.keyword === 'headerName';
    const where = file?.locate(error.path, atKey) ?? null;
    return { index, where, text: describeProblem(error.path, error.message, atKey) };
  });
  located.sort((a, b) => compareLocations(a.where, b.where) || a.index - b.index);
  return located.map(({ where, text }) => ({ where, text }));
}

function compareLocations(a: string | null, b: string | null): number {
  const position = (where: string | null): [number, number] => {
    const match = /:(\d+):(\d+)$/.exec(where ?? '');
    return match === null ? [0, 0] : [Number(match[1]), Number(match[2])];
  };
  const [lineA, colA] = position(a);
  const [lineB, colB] = position(b);
  return lineA - lineB || colA - colB;
}
