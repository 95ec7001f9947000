/**
 * Turns the schema-valid, cross-checked file into a `Config`: fills defaults, converts durations and
 * sizes, resolves secrets and paths. Problems found here (secrets) are reported at their YAML node.
 */
import { availableParallelism, homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import { parseTranscriptKey } from './parse-transcript-key.ts';
import { SYSLOG_FACILITIES } from './syslog-facilities.ts';
import { DEFAULTS, defaultApis, defaultAudit, defaultDataDir, defaultHealth, defaultInspection, defaultPolicy, defaultRedis, defaultStore } from './defaults.ts';
import { buildPolicyDocument } from './build-policy.ts';
import { describeProblem, type ValuePath } from './format-path.ts';
import { parseDuration } from './parse-duration.ts';
import { parseSize } from './parse-size.ts';
import type { RawAudit, RawBackend, RawConfig, RawLimitRule, RawRoute, RawTarget, SecretRef } from './raw-config.ts';
import { markPlainHeaders } from './redact-config.ts';
import { resolveSecret } from './resolve-secret.ts';
import type { ConfigFile } from './read-config-file.ts';
import type { AuditConfig, AuthConfig, BackendConfig, Config, InspectionConfig, LimitRule, PolicyConfig, RouteConfig, RouteTarget, RedisConfig, ServerConfig, StoreConfig } from './types.ts';

/** What building needs besides the file's value: the environment (secrets, data dir) and the file. */
export interface BuildContext {
  env: NodeJS.ProcessEnv;
  file: ConfigFile | undefined;
  /** `false`: leave the backends' secrets unresolved (data-directory commands never call a backend). */
  backendSecrets?: boolean;
}

/** Why async: `{ file: ... }` secrets are read from disk. All secret problems are reported together. */
export async function buildConfig(raw: RawConfig, context: BuildContext): Promise<Config> {
  const issues: ConfigIssue[] = [];
  const backends: BackendConfig[] = [];
  for (const [i, backend] of (raw.backends ?? []).entries()) {
    backends.push(await buildBackend(backend, ['backends', i], context, issues));
  }
  const audit = await buildAudit(raw.audit, context, issues);
  const server = await buildServer(raw.server ?? {}, context, issues);
  const store = await buildStore(raw.store ?? {}, context, issues);
  const redis = await buildRedis(raw.redis ?? {}, context, issues);
  if (issues.length > 0) throw new ConfigError(issues);
  return {
    server,
    dataDir: raw.dataDir === undefined ? defaultDataDir(context.env) : resolvePath(raw.dataDir, context.file?.dir ?? process.cwd()),
    store,
    redis,
    log: { level: raw.log?.level ?? DEFAULTS.log.level, format: raw.log?.format ?? DEFAULTS.log.format },
    backends,
    routes: (raw.routes ?? []).map(buildRoute),
    retry: { attempts: raw.retry?.attempts ?? DEFAULTS.retry.attempts },
    inspection: buildInspection(raw.inspection, context.file?.dir ?? process.cwd()),
    audit,
    policy: buildPolicy(raw, context.file?.dir ?? process.cwd()),
    auth: buildAuth(raw.auth, context.file?.dir ?? process.cwd()),
    limits: (raw.limits ?? []).map(buildLimitRule),
    source: context.file?.absolutePath ?? null,
  };
}

/** The `server:` section: listener, TLS files (paths only: server/tls.ts reads them) and the scrape token. */
async function buildServer(raw: NonNullable<RawConfig['server']>, context: BuildContext, issues: ConfigIssue[]): Promise<ServerConfig> {
  const dir = context.file?.dir ?? process.cwd();
  const server: ServerConfig = {
    host: raw.host ?? DEFAULTS.server.host,
    port: raw.port ?? DEFAULTS.server.port,
    bodyLimitBytes: raw.bodyLimit === undefined ? DEFAULTS.server.bodyLimitBytes : parseSize(raw.bodyLimit),
    shutdownGraceMs: raw.shutdownGrace === undefined ? DEFAULTS.server.shutdownGraceMs : parseDuration(raw.shutdownGrace),
    workers: raw.workers === undefined ? DEFAULTS.server.workers : raw.workers === 'auto' ? availableParallelism() : raw.workers,
  };
  if (raw.tls !== undefined) {
    server.tls = {
      certFile: resolvePath(raw.tls.cert, dir),
      keyFile: resolvePath(raw.tls.key, dir),
      minVersion: raw.tls.minVersion ?? DEFAULTS.tls.minVersion,
      reloadIntervalMs: raw.tls.reloadInterval === undefined ? DEFAULTS.tls.reloadIntervalMs : parseDuration(raw.tls.reloadInterval),
    };
  }
  if (raw.metrics?.token !== undefined) {
    const at: ValuePath = ['server', 'metrics', 'token'];
    const result = await resolveSecret(raw.metrics.token, context.env, dir);
    if ('value' in result) server.metricsToken = result.value;
    else issues.push({ where: context.file?.locate(at) ?? null, text: describeProblem(at, result.problem) });
  }
  return server;
}

/** The `store:` section: the PostgreSQL URL (if any), its password (a secret reference) and the pool. */
async function buildStore(raw: NonNullable<RawConfig['store']>, context: BuildContext, issues: ConfigIssue[]): Promise<StoreConfig> {
  const d = defaultStore();
  const pool = raw.pool ?? {};
  const store: StoreConfig = {
    url: raw.url ?? null,
    poolMax: pool.max ?? d.poolMax,
    connectTimeoutMs: pool.connectTimeout === undefined ? d.connectTimeoutMs : parseDuration(pool.connectTimeout),
    statementTimeoutMs: pool.statementTimeout === undefined ? d.statementTimeoutMs : parseDuration(pool.statementTimeout),
    idleTimeoutMs: pool.idleTimeout === undefined ? d.idleTimeoutMs : parseDuration(pool.idleTimeout),
    recheckIntervalMs: raw.recheckInterval === undefined ? d.recheckIntervalMs : parseDuration(raw.recheckInterval),
  };
  const password = await optionalSecret(raw.password, ['store', 'password'], context, issues);
  if (password !== undefined) store.password = password;
  return store;
}

/** The `redis:` section: the URL (if any), its password (a secret reference), key prefix, timeouts, fail-open. */
async function buildRedis(raw: NonNullable<RawConfig['redis']>, context: BuildContext, issues: ConfigIssue[]): Promise<RedisConfig> {
  const d = defaultRedis();
  const redis: RedisConfig = {
    url: raw.url ?? null,
    keyPrefix: raw.keyPrefix ?? d.keyPrefix,
    connectTimeoutMs: raw.connectTimeout === undefined ? d.connectTimeoutMs : parseDuration(raw.connectTimeout),
    commandTimeoutMs: raw.commandTimeout === undefined ? d.commandTimeoutMs : parseDuration(raw.commandTimeout),
    failOpen: raw.failOpen ?? d.failOpen,
  };
  const password = await optionalSecret(raw.password, ['redis', 'password'], context, issues);
  if (password !== undefined) redis.password = password;
  return redis;
}

/** Resolves a secret reference if one is given; a problem is reported at `at` (and gives undefined). */
async function optionalSecret(ref: SecretRef | undefined, at: ValuePath, context: BuildContext, issues: ConfigIssue[]): Promise<string | undefined> {
  if (ref === undefined) return undefined;
  const result = await resolveSecret(ref, context.env, context.file?.dir ?? process.cwd());
  if ('value' in result) return result.value;
  issues.push({ where: context.file?.locate(at) ?? null, text: describeProblem(at, result.problem) });
  return undefined;
}

function buildInspection(raw: RawConfig['inspection'], dir: string): InspectionConfig {
  const d = defaultInspection();
  if (!raw) return d;
  return {
    mode: raw.mode ?? d.mode,
    timeoutMs: raw.timeout === undefined ? d.timeoutMs : parseDuration(raw.timeout),
    rules: {
      builtin: raw.rules?.builtin ?? d.rules.builtin,
      files: (raw.rules?.files ?? []).map((f) => resolvePath(f, dir)),
      highEntropy: raw.rules?.highEntropy ?? d.rules.highEntropy,
    },
    pii: raw.pii ?? d.pii,
    roleAddresses: raw.roleAddresses ?? d.roleAddresses,
    decodeDepth: raw.decodeDepth ?? d.decodeDepth,
    dictionary: { terms: raw.dictionary?.terms ?? [], patterns: raw.dictionary?.patterns ?? [] },
    ownCode: {
      enabled: raw.ownCode?.enabled ?? d.ownCode.enabled,
      minTokens: raw.ownCode?.minTokens ?? d.ownCode.minTokens,
      minLines: raw.ownCode?.minLines ?? d.ownCode.minLines,
      minCoverage: raw.ownCode?.minCoverage ?? d.ownCode.minCoverage,
    },
  };
}

/** The `audit:` section: defaults, durations and sizes, the transcript key and sink header secrets. */
async function buildAudit(raw: RawAudit | undefined, context: BuildContext, issues: ConfigIssue[]): Promise<AuditConfig> {
  const d = defaultAudit();
  if (!raw) return d;
  const dir = context.file?.dir ?? process.cwd();
  const secret = async (ref: SecretRef, at: ValuePath): Promise<string | undefined> => {
    const result = await resolveSecret(ref, context.env, dir);
    if ('value' in result) return result.value;
    issues.push({ where: context.file?.locate(at) ?? null, text: describeProblem(at, result.problem) });
    return undefined;
  };
  const audit: AuditConfig = {
    enabled: raw.enabled ?? d.enabled,
    checkpoint: {
      everyEvents: raw.checkpoint?.every ?? d.checkpoint.everyEvents,
      intervalMs: raw.checkpoint?.interval === undefined ? d.checkpoint.intervalMs : parseDuration(raw.checkpoint.interval),
    },
    retentionMs: raw.retention === undefined ? d.retentionMs : parseDuration(raw.retention),
    refusalsPerMinute: raw.refusalsPerMinute ?? d.refusalsPerMinute,
    transcripts: {
      enabled: raw.transcripts?.enabled ?? d.transcripts.enabled,
      maxBytes: raw.transcripts?.maxBytes === undefined ? d.transcripts.maxBytes : parseSize(raw.transcripts.maxBytes),
      retentionMs: raw.transcripts?.retention === undefined ? d.transcripts.retentionMs : parseDuration(raw.transcripts.retention),
    },
    sinks: {},
  };
  if (raw.signingKey !== undefined) audit.signingKey = resolvePath(raw.signingKey, dir);
  const at: ValuePath = ['audit', 'transcripts', 'key'];
  if (raw.transcripts?.key !== undefined) {
    const text = await secret(raw.transcripts.key, at);
    if (text !== undefined) {
      try {
        audit.transcripts.key = parseTranscriptKey(text);
      } catch (err) {
        issues.push({ where: context.file?.locate(at) ?? null, text: describeProblem(at, (err as Error).message) });
      }
    }
  } else if (audit.transcripts.enabled) {
    issues.push({ where: context.file?.locate(['audit', 'transcripts']) ?? null, text: describeProblem(['audit', 'transcripts'], 'transcripts are enabled but no key is set: add key: { file: PATH } or { env: NAME }') });
  }
  const syslog = raw.sinks?.syslog;
  if (syslog) {
    const s = DEFAULTS.audit.syslog;
    audit.sinks.syslog = {
      host: syslog.host,
      port: syslog.port ?? s.port,
      protocol: syslog.protocol ?? s.protocol,
      facility: syslog.facility === undefined ? s.facility : typeof syslog.facility === 'number' ? syslog.facility : (SYSLOG_FACILITIES[syslog.facility] ?? s.facility),
      appName: syslog.appName ?? s.appName,
      queueSize: syslog.queueSize ?? s.queueSize,
    };
  }
  const otlp = raw.sinks?.otlp;
  if (otlp) {
    const o = DEFAULTS.audit.otlp;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(otlp.headers ?? {})) {
      headers[name] = typeof value === 'string' ? value : ((await secret(value, ['audit', 'sinks', 'otlp', 'headers', name])) ?? '');
    }
    audit.sinks.otlp = {
      endpoint: otlp.endpoint.replace(/\/+$/, ''),
      headers,
      timeoutMs: otlp.timeout === undefined ? o.timeoutMs : parseDuration(otlp.timeout),
      queueSize: otlp.queueSize ?? o.queueSize,
      batchSize: otlp.batchSize ?? o.batchSize,
    };
  }
  return audit;
}

/**
 * The `policy` section: a file path (loaded and watched by src/policy/policy-source.ts) or an inline
 * document. Without an explicit `default`, the default action follows `inspection.mode`.
 */
function buildPolicy(raw: RawConfig, dir: string): PolicyConfig {
  const d = defaultPolicy();
  const section = raw.policy;
  if (!section) return d;
  // cross-check.ts refuses `file` together with inline policy keys.
  return {
    file: section.file === undefined ? null : resolvePath(section.file, dir),
    document: section.file === undefined ? buildPolicyDocument(section, raw.inspection?.mode === 'redact' ? 'redact' : 'allow') : null,
    reloadIntervalMs: section.reloadInterval === undefined ? d.reloadIntervalMs : parseDuration(section.reloadInterval),
    sticky: {
      ttlMs: section.sticky?.ttl === undefined ? d.sticky.ttlMs : parseDuration(section.sticky.ttl),
      maxSessions: section.sticky?.maxSessions ?? d.sticky.maxSessions,
    },
  };
}
// --- identity and limits (governance #5) ---
function buildAuth(raw: RawConfig['auth'], dir: string): AuthConfig {
  const auth: AuthConfig = { anonymous: raw?.anonymous ?? DEFAULTS.auth.anonymous, adminGroups: [...(raw?.adminGroups ?? [])] };
  const oidc = raw?.oidc;
  if (oidc === undefined) return auth;
  const d = DEFAULTS.oidc;
  auth.oidc = {
    issuer: oidc.issuer,
    audience: oidc.audience,
    jwks: oidc.jwks.url !== undefined ? { url: oidc.jwks.url } : { file: resolvePath(oidc.jwks.file, dir) },
    algorithms: [...(oidc.algorithms ?? d.algorithms)],
    clockSkewMs: oidc.clockSkew === undefined ? d.clockSkewMs : parseDuration(oidc.clockSkew),
    jwksCacheTtlMs: oidc.jwksCacheTtl === undefined ? d.jwksCacheTtlMs : parseDuration(oidc.jwksCacheTtl),
    jwksMinRefetchMs: oidc.jwksMinRefetch === undefined ? d.jwksMinRefetchMs : parseDuration(oidc.jwksMinRefetch),
    userClaim: oidc.userClaim ?? d.userClaim,
    groupsClaim: oidc.groupsClaim ?? d.groupsClaim,
  };
  if (oidc.teamClaim !== undefined) auth.oidc.teamClaim = oidc.teamClaim;
  return auth;
}

function buildLimitRule(raw: RawLimitRule): LimitRule {
  const rule: LimitRule = { name: raw.name, match: { ...raw.match }, scope: raw.scope };
  if (raw.requestsPerMinute !== undefined) rule.requestsPerMinute = raw.requestsPerMinute;
  if (raw.tokensPerDay !== undefined) rule.tokensPerDay = raw.tokensPerDay;
  return rule;
}
// --- end identity and limits ---

/** Resolves `~/...` against the home directory and relative paths against `base`. */
export function resolvePath(path: string, base: string): string {
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1));
  return isAbsolute(path) ? path : resolve(base, path);
}

async function buildBackend(raw: RawBackend, path: ValuePath, context: BuildContext, issues: ConfigIssue[]): Promise<BackendConfig> {
  const secret = async (ref: Parameters<typeof resolveSecret>[0], at: ValuePath): Promise<string> => {
    const result = await resolveSecret(ref, context.env, context.file?.dir ?? process.cwd());
    if ('value' in result) return result.value;
    issues.push({ where: context.file?.locate(at) ?? null, text: describeProblem(at, result.problem) });
    return '';
  };
  const headers: Record<string, string> = {};
  const plain: string[] = [];
  for (const [name, value] of Object.entries(raw.headers ?? {})) {
    if (typeof value === 'string') {
      headers[name] = value;
      plain.push(name);
    } else if (context.backendSecrets !== false) {
      headers[name] = await secret(value, [...path, 'headers', name]);
    }
  }
  markPlainHeaders(headers, plain);
  const health = defaultHealth(raw.type);
  const timeouts = raw.timeouts ?? {};
  const backend: BackendConfig = {
    name: raw.name,
    type: raw.type,
    url: raw.url.replace(/\/+$/, ''),
    zone: raw.zone ?? DEFAULTS.zone,
    headers,
    apis: raw.apis ?? defaultApis(raw.type),
    probe: raw.apis === undefined && (raw.probe ?? true),
    timeouts: {
      connectMs: timeouts.connect === undefined ? DEFAULTS.timeouts.connectMs : parseDuration(timeouts.connect),
      firstByteMs: timeouts.firstByte === undefined ? DEFAULTS.timeouts.firstByteMs : parseDuration(timeouts.firstByte),
      idleMs: timeouts.idle === undefined ? DEFAULTS.timeouts.idleMs : parseDuration(timeouts.idle),
    },
    health: {
      enabled: raw.health?.enabled ?? health.enabled,
      path: raw.health?.path ?? health.path,
      intervalMs: raw.health?.interval === undefined ? health.intervalMs : parseDuration(raw.health.interval),
      timeoutMs: raw.health?.timeout === undefined ? health.timeoutMs : parseDuration(raw.health.timeout),
      failuresToEject: raw.health?.failuresToEject ?? health.failuresToEject,
    },
    maxConnections: raw.maxConnections ?? DEFAULTS.maxConnections,
  };
  if (raw.apiKey !== undefined && context.backendSecrets !== false) backend.apiKey = await secret(raw.apiKey, [...path, 'apiKey']);
  return backend;
}

function buildRoute(raw: RawRoute): RouteConfig {
  return {
    match: typeof raw.match === 'string' ? [raw.match] : [...raw.match],
    targets: raw.targets.map(buildTarget),
    fallbacks: (raw.fallbacks ?? []).map(buildTarget),
  };
}

function buildTarget(raw: RawTarget): RouteTarget {
  return raw.model === undefined ? { backend: raw.backend } : { backend: raw.backend, model: raw.model };
}
