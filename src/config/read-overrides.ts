/**
 * Settings that override the file: `SEKISHO_*` environment variables, and above them command line
 * flags. Each value is checked where it comes from, so an error names the variable or the flag.
 */
import { ConfigError, type ConfigIssue } from './config-error.ts';
import { defaultBackend } from './defaults.ts';
import { resolvePath } from './build-config.ts';
import type { BackendConfig, Config } from './types.ts';

/** Command line flags that override the config (parsed by the CLI). */
export interface ConfigFlags {
  host?: string;
  port?: number;
  dataDir?: string;
  /** `--store`: a PostgreSQL URL for the state store. */
  store?: string;
  /** `--redis`: a Redis URL for counters and sticky pins. */
  redis?: string;
  upstream?: string;
  upstreamType?: 'openai' | 'anthropic';
  upstreamModel?: string;
  logLevel?: string;
}

/** The checked overrides, flags already winning over environment variables. */
export interface Overrides {
  host?: string;
  port?: number;
  dataDir?: string;
  store?: string;
  redis?: string;
  logLevel?: Config['log']['level'];
  upstream?: { url: string; type: BackendConfig['type']; model?: string };
}

type Setting = keyof ConfigFlags;

const ENV_NAMES: Record<Setting, string> = {
  host: 'SEKISHO_HOST',
  port: 'SEKISHO_PORT',
  dataDir: 'SEKISHO_DATA_DIR',
  store: 'SEKISHO_STORE',
  redis: 'SEKISHO_REDIS',
  upstream: 'SEKISHO_UPSTREAM',
  upstreamType: 'SEKISHO_UPSTREAM_TYPE',
  upstreamModel: 'SEKISHO_UPSTREAM_MODEL',
  logLevel: 'SEKISHO_LOG_LEVEL',
};

const FLAG_NAMES: Record<Setting, string> = {
  host: '--host',
  port: '--port',
  dataDir: '--data-dir',
  store: '--store',
  redis: '--redis',
  upstream: '--upstream',
  upstreamType: '--upstream-type',
  upstreamModel: '--upstream-model',
  logLevel: '--log-level',
};

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
const BACKEND_TYPES = ['openai', 'anthropic'] as const;

/** Reads and checks every override; all problems are reported together. Empty env values count as unset. */
export function readOverrides(env: NodeJS.ProcessEnv, flags: ConfigFlags): Overrides {
  const issues: ConfigIssue[] = [];
  const pick = (setting: Setting): { value: string | number; where: string } | undefined => {
    const flag = flags[setting];
    if (flag !== undefined) return { value: flag, where: FLAG_NAMES[setting] };
    const fromEnv = env[ENV_NAMES[setting]];
    return fromEnv === undefined || fromEnv === '' ? undefined : { value: fromEnv, where: ENV_NAMES[setting] };
  };
  const text = (setting: Setting): { value: string; where: string } | undefined => {
    const found = pick(setting);
    if (found === undefined) return undefined;
    if (typeof found.value === 'string' && found.value.trim() !== '') return { value: found.value.trim(), where: found.where };
    issues.push({ where: found.where, text: 'must be a non-empty string' });
    return undefined;
  };
  const oneOf = <T extends string>(setting: Setting, options: readonly T[]): T | undefined => {
    const found = text(setting);
    if (found === undefined) return undefined;
    if ((options as readonly string[]).includes(found.value)) return found.value as T;
    issues.push({ where: found.where, text: `must be one of: ${options.join(', ')}` });
    return undefined;
  };

  const overrides: Overrides = {};
  const host = text('host');
  if (host !== undefined) overrides.host = host.value;
  const port = pick('port');
  if (port !== undefined) {
    const value = typeof port.value === 'number' ? port.value : /^[0-9]+$/.test(port.value.trim()) ? Number(port.value) : Number.NaN;
    if (Number.isInteger(value) && value >= 0 && value <= 65535) overrides.port = value;
    else issues.push({ where: port.where, text: `must be a whole number from 0 to 65535, got ${JSON.stringify(port.value)}` });
  }
  const dataDir = text('dataDir');
  if (dataDir !== undefined) overrides.dataDir = resolvePath(dataDir.value, process.cwd());
  const store = text('store');
  if (store !== undefined) {
    if (/^postgres(ql)?:\/\//.test(store.value) && URL.canParse(store.value)) overrides.store = store.value;
    else issues.push({ where: store.where, text: 'must be a PostgreSQL URL such as postgres://sekisho@127.0.0.1:5432/sekisho (the default, SQLite in the data directory, needs no setting)' });
  }
  const redis = text('redis');
  if (redis !== undefined) {
    if (/^rediss?:\/\//.test(redis.value) && URL.canParse(redis.value)) overrides.redis = redis.value;
    else issues.push({ where: redis.where, text: 'must be a Redis URL such as redis://127.0.0.1:6379 (give the password as redis.password in the config)' });
  }
  const logLevel = oneOf('logLevel', LOG_LEVELS);
  if (logLevel !== undefined) overrides.logLevel = logLevel;

  const upstream = text('upstream');
  if (upstream === undefined) {
    for (const setting of ['upstreamType', 'upstreamModel'] as const) {
      const given = pick(setting);
      if (given !== undefined) issues.push({ where: given.where, text: `is set but no upstream is given (${FLAG_NAMES.upstream} or ${ENV_NAMES.upstream})` });
    }
  } else {
    const type = oneOf('upstreamType', BACKEND_TYPES);
    const model = text('upstreamModel');
    if (!isHttpUrl(upstream.value)) {
      issues.push({ where: upstream.where, text: 'must be an http:// or https:// URL such as http://127.0.0.1:8000/v1' });
    } else {
      overrides.upstream = { url: upstream.value.replace(/\/+$/, ''), type: type ?? 'openai' };
      if (model !== undefined) overrides.upstream.model = model.value;
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return overrides;
}

/**
 * Applies overrides in place. The upstream becomes the backend named `upstream` (replacing one of
 * that name from the file) and, when the file has no routes, the target of a catch-all route.
 */
export function applyOverrides(config: Config, overrides: Overrides): Config {
  if (overrides.host !== undefined) config.server.host = overrides.host;
  if (overrides.port !== undefined) config.server.port = overrides.port;
  if (overrides.dataDir !== undefined) config.dataDir = overrides.dataDir;
  if (overrides.store !== undefined) config.store.url = overrides.store;
  if (overrides.redis !== undefined) config.redis.url = overrides.redis;
  if (overrides.logLevel !== undefined) config.log.level = overrides.logLevel;
  const upstream = overrides.upstream;
  if (upstream !== undefined) {
    const backend = defaultBackend('upstream', upstream.type, upstream.url);
    const existing = config.backends.findIndex((b) => b.name === 'upstream');
    if (existing === -1) config.backends.push(backend);
    else config.backends[existing] = backend;
    if (config.routes.length === 0) {
      const target = upstream.model === undefined ? { backend: 'upstream' } : { backend: 'upstream', model: upstream.model };
      config.routes.push({ match: ['*'], targets: [target], fallbacks: [] });
    }
  }
  return config;
}

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol, search, hash } = new URL(value);
  return (protocol === 'http:' || protocol === 'https:') && search === '' && hash === '';
}
