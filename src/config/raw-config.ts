/**
 * The shape of the YAML file once it passed schema.json: what the user wrote, before defaults,
 * unit parsing and secret resolution turn it into a `Config`.
 */
import type { BackendApi } from './types.ts';
import type { RawPolicySection } from './raw-policy.ts';

/** Milliseconds, or a string such as `5s` (see parse-duration.ts). */
export type DurationInput = number | string;
/** Bytes, or a string such as `32MiB` (see parse-size.ts). */
export type SizeInput = number | string;

/** Where a secret comes from; exactly one of the two keys is present. */
export type SecretRef = { env: string; file?: undefined } | { file: string; env?: undefined };

export interface RawBackend {
  name: string;
  type: 'openai' | 'anthropic';
  url: string;
  zone?: 'internal' | 'external';
  apiKey?: SecretRef;
  headers?: Record<string, string | SecretRef>;
  apis?: BackendApi[];
  probe?: boolean;
  timeouts?: { connect?: DurationInput; firstByte?: DurationInput; idle?: DurationInput };
  health?: { enabled?: boolean; path?: string; interval?: DurationInput; timeout?: DurationInput; failuresToEject?: number };
  maxConnections?: number;
}

export interface RawTarget {
  backend: string;
  model?: string;
}

export interface RawRoute {
  match: string | string[];
  targets: RawTarget[];
  fallbacks?: RawTarget[];
}

// --- identity and limits (governance #5) ---
export interface RawAuth {
  anonymous?: boolean;
  adminGroups?: string[];
  oidc?: {
    issuer: string;
    audience: string;
    jwks: { url: string; file?: undefined } | { file: string; url?: undefined };
    algorithms?: Array<'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA'>;
    clockSkew?: DurationInput;
    jwksCacheTtl?: DurationInput;
    jwksMinRefetch?: DurationInput;
    userClaim?: string;
    groupsClaim?: string;
    teamClaim?: string;
  };
}

export interface RawLimitRule {
  name: string;
  match?: { users?: string[]; teams?: string[]; keys?: string[]; groups?: string[] };
  scope: 'key' | 'user' | 'team';
  requestsPerMinute?: number;
  tokensPerDay?: number;
}
// --- end identity and limits ---

export interface RawConfig {
  server?: {
    host?: string;
    port?: number;
    bodyLimit?: SizeInput;
    shutdownGrace?: DurationInput;
    workers?: number | 'auto';
    tls?: { cert: string; key: string; minVersion?: 'TLSv1.2' | 'TLSv1.3'; reloadInterval?: DurationInput };
    metrics?: { token?: SecretRef };
  };
  dataDir?: string;
  store?: { url?: string; password?: SecretRef; recheckInterval?: DurationInput; pool?: { max?: number; connectTimeout?: DurationInput; statementTimeout?: DurationInput; idleTimeout?: DurationInput } };
  redis?: { url?: string; password?: SecretRef; keyPrefix?: string; connectTimeout?: DurationInput; commandTimeout?: DurationInput; failOpen?: 'none' | 'limits' };
  log?: { level?: 'debug' | 'info' | 'warn' | 'error'; format?: 'json' | 'text' };
  retry?: { attempts?: number };
  inspection?: {
    mode?: 'off' | 'report' | 'redact';
    timeout?: DurationInput;
    rules?: { builtin?: boolean; files?: string[]; highEntropy?: boolean };
    pii?: boolean;
    roleAddresses?: string[];
    decodeDepth?: number;
    dictionary?: {
      terms?: Array<{ id: string; values: string[]; caseSensitive?: boolean; wholeWord?: boolean; confidence?: 'high' | 'medium' | 'low' }>;
      patterns?: Array<{ id: string; regex: string; flags?: string; confidence?: 'high' | 'medium' | 'low' }>;
    };
    ownCode?: { enabled?: boolean; minTokens?: number; minLines?: number; minCoverage?: number };
  };
  backends?: RawBackend[];
  routes?: RawRoute[];
  audit?: RawAudit;
  /** Policy as code: see src/policy/raw-policy.ts and docs/policy.md. */
  policy?: RawPolicySection;
  auth?: RawAuth;
  limits?: RawLimitRule[];
}

/** The `audit:` section as written (see AuditConfig). */
export interface RawAudit {
  enabled?: boolean;
  signingKey?: string;
  checkpoint?: { every?: number; interval?: DurationInput };
  retention?: DurationInput;
  refusalsPerMinute?: number;
  transcripts?: { enabled?: boolean; key?: SecretRef; maxBytes?: SizeInput; retention?: DurationInput };
  sinks?: {
    syslog?: { host: string; port?: number; protocol?: 'udp' | 'tcp'; facility?: number | string; appName?: string; queueSize?: number };
    otlp?: { endpoint: string; headers?: Record<string, string | SecretRef>; timeout?: DurationInput; queueSize?: number; batchSize?: number };
  };
}
