/**
 * The validated, defaulted configuration the gateway runs on. `load.ts` builds it from (lowest to
 * highest precedence) embedded defaults, the YAML file, `SEKISHO_*` environment variables and command
 * line flags. Secrets are resolved here (from env or files) and never appear in logs.
 */
import type { PolicyDocument } from '../domain/policy.ts';
import type { BackendApi } from '../domain/endpoint.ts';

export type { BackendApi } from '../domain/endpoint.ts';

export interface TimeoutsConfig {
  /** TCP/TLS connect. */
  connectMs: number;
  /** From request sent to the first response byte (includes the model's prefill time). */
  firstByteMs: number;
  /** Longest silence between two chunks of a streamed answer. */
  idleMs: number;
}

export interface HealthCheckConfig {
  enabled: boolean;
  /** Path below the backend URL; default `/models` (OpenAI) or none for Anthropic (passive only). */
  path: string;
  intervalMs: number;
  timeoutMs: number;
  /** Consecutive failures (active or passive) before the replica is taken out of rotation. */
  failuresToEject: number;
}

export interface BackendConfig {
  name: string;
  /** Wire family: `openai` (vLLM, llama.cpp, Ollama, TGI, LM Studio, OpenAI) or `anthropic`. */
  type: 'openai' | 'anthropic';
  /** Base URL including the version prefix, e.g. `http://127.0.0.1:8000/v1`. */
  url: string;
  zone: 'internal' | 'external';
  /** Resolved secret (never logged). Sent as Bearer (openai) or x-api-key (anthropic). */
  apiKey?: string;
  /** Extra headers sent upstream (values may be resolved secrets). */
  headers: Record<string, string>;
  /** APIs served natively; others are translated or refused. */
  apis: BackendApi[];
  /**
   * Learn at start which more APIs the server serves (Messages, Responses) with a cheap probe
   * (backends/probe-apis.ts). True unless the config lists `apis` or sets `probe: false`.
   */
  probe: boolean;
  timeouts: TimeoutsConfig;
  health: HealthCheckConfig;
  /** Max concurrent upstream connections to this backend. */
  maxConnections: number;
}

export interface RouteTarget {
  backend: string;
  /** Model name sent to the backend; absent = the name the client asked for. */
  model?: string;
}

export interface RouteConfig {
  /** Glob patterns (`*`, `?`) on the requested model name; first matching route wins. */
  match: string[];
  /** Replicas serving this route, load-balanced (least in-flight, then round robin). */
  targets: RouteTarget[];
  /** Tried in order when no target can be reached before the first byte. */
  fallbacks: RouteTarget[];
}

export interface ServerConfig {
  host: string;
  port: number;
  /** Largest accepted request body, bytes (after decompression). */
  bodyLimitBytes: number;
  /** On SIGTERM: how long in-flight requests may take to finish before they are cut. */
  shutdownGraceMs: number;
  /** `server.workers`: worker processes sharing the listener (`auto` resolved to the core count); 1: none. */
  workers: number;
  /** HTTPS on the listener (`server.tls`); absent: plain HTTP. */
  tls?: TlsConfig;
  /**
   * `server.metrics.token`: a bearer token for scrapers. When set, `GET /metrics` needs it (or an
   * administrator's credential); it also opens the details of `/healthz` and `/readyz`.
   */
  metricsToken?: string;
}

/** The listener's certificate and key, read from files and re-read when they change (server/tls.ts). */
export interface TlsConfig {
  /** PEM certificate chain (the server's certificate first). */
  certFile: string;
  /** PEM private key. */
  keyFile: string;
  minVersion: 'TLSv1.2' | 'TLSv1.3';
  /** How often the files are checked for a change (a renewed certificate is used without a restart). */
  reloadIntervalMs: number;
}

/**
 * Inspection of request content. Without a `policy` section one switch applies to all findings:
 * `report` records them (default: how a DLP rollout starts), `redact` replaces them with placeholders
 * that are restored in the answer, `off` skips inspection. With a policy, rules decide (docs/policy.md).
 */
export interface InspectionConfig {
  mode: 'off' | 'report' | 'redact';
  /** Time budget for inspecting one request; over it the request is blocked (fail closed). */
  timeoutMs: number;
  rules: {
    /** Sekisho's built-in secret rules. */
    builtin: boolean;
    /** gitleaks-format TOML rule files (absolute paths), loaded on top of the built-ins. */
    files: string[];
    /** The low-confidence high-entropy-string rule (noisy on code; off by default). */
    highEntropy: boolean;
  };
  /** Personal-data detectors. */
  pii: boolean;
  /**
   * Company addresses that name a role, not a person (`security@acme.co.jp`, `helpdesk@` for any domain,
   * `@alerts.acme.co.jp` for a whole domain): not reported as personal data. Built-in role and system
   * addresses (noreply, postmaster, support, …) need no entry.
   */
  roleAddresses: string[];
  /** Layers of encoding (base64, hex, percent, escapes) peeled off to look inside; 0 = none. */
  decodeDepth: number;
  /** Company terms (code names, customers, internal hosts) and patterns. */
  dictionary: {
    terms: Array<{ id: string; values: string[]; caseSensitive?: boolean; wholeWord?: boolean; confidence?: 'high' | 'medium' | 'low' }>;
    patterns: Array<{ id: string; regex: string; flags?: string; confidence?: 'high' | 'medium' | 'low' }>;
  };
  /**
   * Own-code detection against `<dataDir>/own-code.idx` (built by `sekisho index add`). Findings are
   * recorded (for policy), never replaced by placeholders: code is not a value to hide and restore.
   */
  ownCode: {
    /** Use the index: loaded at start when it exists, reloaded when `sekisho index add | rm` rebuilds it (no index: nothing found). */
    enabled: boolean;
    /** Fewest prompt tokens a reported region spans. */
    minTokens: number;
    /** Fewest lines of the indexed file a reported region covers. */
    minLines: number;
    /** Share of the region's fingerprints found in the indexed file (0-1). */
    minCoverage: number;
  };
}

/**
 * The tamper-evident audit trail (docs/audit.md): one hash-chained event per request in the store,
 * Ed25519-signed checkpoints, optional encrypted transcripts, and copies streamed to a SIEM.
 */
export interface AuditConfig {
  /** Record audit events (default true). Off: only the access log line remains. */
  enabled: boolean;
  /** Ed25519 private key (PKCS#8 PEM) signing checkpoints; absent = `<dataDir>/keys/audit-ed25519.pem`. Created when missing. */
  signingKey?: string;
  /** A signed checkpoint after this many events, or this long after the last one when events came in. */
  checkpoint: { everyEvents: number; intervalMs: number };
  /** Events older than this are purged behind a signed anchor; 0 = keep forever. */
  retentionMs: number;
  /** Refusals recorded per minute per kind (code and presented principal); the rest are counted (`suppressed`). 0 = all. */
  refusalsPerMinute: number;
  transcripts: {
    /** Capture the forwarded request body of each request, encrypted (off by default). */
    enabled: boolean;
    /** AES-256 key (resolved secret, 32 bytes); required when enabled. */
    key?: Buffer;
    /** Bodies longer than this are cut (and marked truncated). */
    maxBytes: number;
    /** Transcripts older than this are deleted; 0 = as long as their events. */
    retentionMs: number;
  };
  sinks: { syslog?: SyslogSinkConfig; otlp?: OtlpSinkConfig };
}

/** RFC 5424 syslog over UDP (one message per datagram) or TCP (RFC 6587 octet counting). */
export interface SyslogSinkConfig {
  host: string;
  port: number;
  protocol: 'udp' | 'tcp';
  /** Facility number 0-23 (local0 = 16). */
  facility: number;
  appName: string;
  /** Events waiting to be sent before new ones are dropped (and counted). */
  queueSize: number;
}

/** OTLP/HTTP logs, JSON encoding: POST `<endpoint>/v1/logs`. */
export interface OtlpSinkConfig {
  /** Collector base URL, e.g. `http://otel-collector:4318`. */
  endpoint: string;
  /** Extra headers (resolved secrets allowed, e.g. an authorization token). */
  headers: Record<string, string>;
  timeoutMs: number;
  queueSize: number;
  /** Log records per request. */
  batchSize: number;
}

/**
 * Policy as code (docs/policy.md). With no `policy` section both `file` and `document` are null and
 * `inspection.mode` alone decides, as before policies existed (report ≙ default allow, redact ≙ default redact).
 */
export interface PolicyConfig {
  /** Absolute path of the policy file (watched and hot-reloaded), or null. */
  file: string | null;
  /** The inline policy of the config's `policy` section, or null (file, or no policy section). */
  document: PolicyDocument | null;
  /** Polling interval for the policy file, on top of file-system notifications. */
  reloadIntervalMs: number;
  /** Sessions pinned to internal backends by `route-internal`. */
  sticky: { ttlMs: number; maxSessions: number };
}
// --- identity and limits (governance #5) ---

/** An OIDC identity provider whose JWT bearer tokens the gateway accepts. */
export interface OidcConfig {
  /** Expected `iss`, compared exactly. */
  issuer: string;
  /** Must be one of the token's `aud` values. */
  audience: string;
  /** Signing keys: a local JWKS file (absolute path) or an http(s) URL. */
  jwks: { url: string } | { file: string };
  /** Accepted signing algorithms (asymmetric only; `none` and HMAC are never accepted). */
  algorithms: Array<'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA'>;
  /** Tolerated clock difference for `exp`, `nbf`, `iat`. */
  clockSkewMs: number;
  /** How long a loaded JWKS is used before it is loaded again. */
  jwksCacheTtlMs: number;
  /** Fewest milliseconds between two reloads caused by tokens naming an unknown `kid`. */
  jwksMinRefetchMs: number;
  /** Claim naming the user (falls back to `sub` when absent). */
  userClaim: string;
  /** Claim holding the groups: an array, or a space/comma-separated string. */
  groupsClaim: string;
  /** Claim naming the team, if the provider has one. */
  teamClaim?: string;
}

/** Who may call the gateway, and who is an administrator. */
export interface AuthConfig {
  /**
   * Requests without a Sekisho key or token are served as the `anonymous` principal. Default true so a
   * first `sekisho serve --upstream URL` works; production configs set it false.
   */
  anonymous: boolean;
  /** Principals in any of these groups (OIDC claim or key groups) are administrators. */
  adminGroups: string[];
  oidc?: OidcConfig;
}

/** One limit rule: applies to every principal its `match` selects (absent criteria match everyone). */
export interface LimitRule {
  /** Unique; counters are kept per rule. */
  name: string;
  match: { users?: string[]; teams?: string[]; keys?: string[]; groups?: string[] };
  /** What one counter is per: each key, each user, or each team. */
  scope: 'key' | 'user' | 'team';
  requestsPerMinute?: number;
  /** Input + output tokens per UTC day. */
  tokensPerDay?: number;
}

// --- end identity and limits ---

/** `store:` — the state store (docs/configuration.md, docs/scale-out.md). */
export interface StoreConfig {
  /** `postgres://…` (from `store.url`, `SEKISHO_STORE` or `--store`); null: SQLite in the data directory. */
  url: string | null;
  /** The PostgreSQL password (from a secret reference). */
  password?: string;
  poolMax: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  idleTimeoutMs: number;
  /** How often an instance compares the change epochs (policy, keys, own-code index) with the shared store (`store.recheckInterval`, default 30 s). */
  recheckIntervalMs: number;
}

/** `redis:` — counters and sticky pins in Redis, shared by every instance (docs/scale-out.md). */
export interface RedisConfig {
  /** `redis://…` / `rediss://…` (from `redis.url`, `SEKISHO_REDIS` or `--redis`); null: counters and pins stay in the store. */
  url: string | null;
  /** The Redis password (from a secret reference). */
  password?: string;
  /** Prepended to every key (default `sekisho:`). */
  keyPrefix: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  /** What is admitted while Redis is unreachable: nothing (`none`, default), or requests past limits (`limits`). Pins never fail open. */
  failOpen: 'none' | 'limits';
}

export interface Config {
  server: ServerConfig;
  inspection: InspectionConfig;
  audit: AuditConfig;
  /** Directory for state (SQLite database, keys). Created on start. */
  dataDir: string;
  /** Where shared state lives (store/ports.ts): SQLite in `dataDir` (url null) or PostgreSQL. */
  store: StoreConfig;
  /** Counters and pins in Redis instead of the store (url null: not used). */
  redis: RedisConfig;
  log: { level: 'debug' | 'info' | 'warn' | 'error'; format: 'json' | 'text' };
  backends: BackendConfig[];
  routes: RouteConfig[];
  /** Attempts per request across replicas/fallbacks before the first byte (1 = no retry). */
  retry: { attempts: number };
  policy: PolicyConfig;
  /** Authentication: gateway keys, OIDC tokens, anonymous access, administrators (see docs/identity.md). */
  auth: AuthConfig;
  /** Rate limits and token budgets; every matching rule applies. */
  limits: LimitRule[];
  /** Where the config came from, for messages (`null` when running on embedded defaults). */
  source: string | null;
}
