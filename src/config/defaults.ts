/**
 * Embedded defaults: what the gateway runs on when the file (or a key in it) is absent. schema.json
 * repeats the simple ones as `default` annotations for editors; a test keeps the two in step.
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { AuditConfig, BackendApi, BackendConfig, Config, HealthCheckConfig, InspectionConfig, PolicyConfig, RedisConfig, ServerConfig, StoreConfig, TimeoutsConfig } from './types.ts';

/** Why one object: every default is visible in one place. */
export const DEFAULTS = {
  server: { host: '127.0.0.1', port: 8787, bodyLimitBytes: 32 * 1024 * 1024, shutdownGraceMs: 30_000, workers: 1 } satisfies ServerConfig,
  tls: { minVersion: 'TLSv1.2', reloadIntervalMs: 10_000 } as const,
  log: { level: 'info', format: 'json' } as const,
  retry: { attempts: 2 },
  inspection: { mode: 'report', timeoutMs: 2_000, pii: true, decodeDepth: 4 },
  zone: 'internal',
  timeouts: { connectMs: 5_000, firstByteMs: 300_000, idleMs: 120_000 } satisfies TimeoutsConfig,
  health: { intervalMs: 10_000, timeoutMs: 2_000, failuresToEject: 3 },
  maxConnections: 64,
  audit: {
    enabled: true,
    checkpoint: { everyEvents: 1000, intervalMs: 60_000 },
    retentionMs: 0,
    refusalsPerMinute: 60,
    transcripts: { enabled: false, maxBytes: 1024 * 1024, retentionMs: 0 },
    syslog: { protocol: 'udp', port: 514, facility: 16, appName: 'sekisho', queueSize: 10_000 },
    otlp: { timeoutMs: 5_000, queueSize: 10_000, batchSize: 100 },
  },
  policy: { reloadIntervalMs: 2_000, sticky: { ttlMs: 24 * 3_600_000, maxSessions: 100_000 } },
  // identity and limits (governance #5)
  auth: { anonymous: true },
  oidc: { algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'], clockSkewMs: 60_000, jwksCacheTtlMs: 600_000, jwksMinRefetchMs: 30_000, userClaim: 'email', groupsClaim: 'groups' },
} as const;

/** The audit section with every setting at its default (no sinks, no transcripts). */
export function defaultAudit(): AuditConfig {
  const d = DEFAULTS.audit;
  return {
    enabled: d.enabled,
    checkpoint: { ...d.checkpoint },
    retentionMs: d.retentionMs,
    refusalsPerMinute: d.refusalsPerMinute,
    transcripts: { ...d.transcripts },
    sinks: {},
  };
}

/** Inspection with every optional setting at its default. */
export function defaultInspection(): InspectionConfig {
  return {
    mode: DEFAULTS.inspection.mode,
    timeoutMs: DEFAULTS.inspection.timeoutMs,
    rules: { builtin: true, files: [], highEntropy: false },
    pii: DEFAULTS.inspection.pii,
    roleAddresses: [],
    decodeDepth: DEFAULTS.inspection.decodeDepth,
    dictionary: { terms: [], patterns: [] },
    ownCode: defaultOwnCode(),
  };
}

/**
 * The own-code detector's lookup thresholds (inspection/own-code/lookup.ts re-exports them), tuned by the
 * evaluation (`scripts/eval-own-code`); defined here so config needs nothing from inspection.
 */
export const DEFAULT_LOOKUP_OPTIONS = {
  minMatches: 4, minTokens: 50, minLines: 6, minCoverage: 0.5, maxGapTokens: 80, maxGapLines: 40,
  minExactMatches: 4, minExactLines: 5, minExactCoverage: 0.6,
  minLineMatches: 4, minLineCoverage: 0.75, maxLineGap: 8,
  strongMatches: 16, minShare: 0.5,
};

/** Own-code thresholds in the config default to the detector's own (above): one source of truth. */
export function defaultOwnCode(): InspectionConfig['ownCode'] {
  const { minTokens, minLines, minCoverage } = DEFAULT_LOOKUP_OPTIONS;
  return { enabled: true, minTokens, minLines, minCoverage };
}

/** No policy section: `inspection.mode` decides alone (see PolicyConfig). */
export function defaultPolicy(): PolicyConfig {
  return { file: null, document: null, reloadIntervalMs: DEFAULTS.policy.reloadIntervalMs, sticky: { ...DEFAULTS.policy.sticky } };
}

/** APIs a backend of this type serves natively unless the file says otherwise. */
export function defaultApis(type: BackendConfig['type']): BackendApi[] {
  return type === 'openai' ? ['chat', 'completions', 'embeddings'] : ['messages', 'count_tokens'];
}

/** OpenAI-style servers answer `GET /models`; Anthropic backends are only checked passively. */
export function defaultHealth(type: BackendConfig['type']): HealthCheckConfig {
  return type === 'openai'
    ? { enabled: true, path: '/models', ...DEFAULTS.health }
    : { enabled: false, path: '', ...DEFAULTS.health };
}

/** A backend with every optional setting defaulted (used for `--upstream`). */
export function defaultBackend(name: string, type: BackendConfig['type'], url: string): BackendConfig {
  return {
    name,
    type,
    url,
    zone: DEFAULTS.zone,
    headers: {},
    apis: defaultApis(type),
    probe: true,
    timeouts: { ...DEFAULTS.timeouts },
    health: defaultHealth(type),
    maxConnections: DEFAULTS.maxConnections,
  };
}

/** `$XDG_DATA_HOME/sekisho`, else `~/.local/share/sekisho` (XDG base directory convention). */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_DATA_HOME;
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'sekisho');
  const home = env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir();
  return join(home, '.local', 'share', 'sekisho');
}

/**
 * A complete config with every section at its default and no backends: what `buildConfig` starts from,
 * and what tests and benchmarks spread their few settings over (so a new config section only needs its
 * default added here).
 */
export function defaultConfig(dataDir: string): Config {
  return {
    server: { ...DEFAULTS.server },
    inspection: defaultInspection(),
    audit: defaultAudit(),
    dataDir,
    store: defaultStore(),
    redis: defaultRedis(),
    log: { ...DEFAULTS.log },
    backends: [],
    routes: [],
    retry: { ...DEFAULTS.retry },
    policy: defaultPolicy(),
    auth: { anonymous: DEFAULTS.auth.anonymous, adminGroups: [] },
    limits: [],
    source: null,
  };
}

/** The `store:` section's defaults: SQLite in the data directory; pool bounds for PostgreSQL. */
export function defaultStore(): StoreConfig {
  return { url: null, poolMax: 10, connectTimeoutMs: 10_000, statementTimeoutMs: 15_000, idleTimeoutMs: 60_000, recheckIntervalMs: 30_000 };
}

/** The `redis:` section's defaults: not used; when a URL is set, fail closed. */
export function defaultRedis(): RedisConfig {
  return { url: null, keyPrefix: 'sekisho:', connectTimeoutMs: 5_000, commandTimeoutMs: 2_000, failOpen: 'none' };
}
