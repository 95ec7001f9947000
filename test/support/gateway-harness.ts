/**
 * Starts real gateways in front of fake model servers on loopback, for end-to-end tests. Configs are
 * built directly (the YAML loader has its own tests), with short timeouts so failure tests run fast.
 */
import type { AuditConfig, BackendApi, BackendConfig, Config, PolicyConfig, RouteConfig } from '../../src/config/types.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultAudit, defaultBackend, defaultConfig, defaultInspection, defaultPolicy, DEFAULTS } from '../../src/config/defaults.ts';
import { startGateway, type Gateway } from '../../src/server/gateway.ts';
import type { OwnCodeIndexSource } from '../../src/inspection/own-code/index-source.ts';
import { createLogger, silentLogger, type Logger } from '../../src/log.ts';
import { startFakeUpstream, type FakeFlavor, type FakeUpstream } from './fake-upstream.ts';
import type { Detector } from '../../src/inspection/detector.ts';

/** The harness gateways' scrape token (`server.metrics.token`): opens `/metrics` and the `/healthz` details. */
export const HARNESS_METRICS_TOKEN = 'harness-scrape-token';
/** Headers an operator's scraper sends. */
export const OPERATOR_HEADERS = { authorization: `Bearer ${HARNESS_METRICS_TOKEN}` };

/** `GET /healthz` (or `/readyz`) with its details, as an operator sees them. */
export async function healthDetails<T>(url: string, path = '/healthz'): Promise<T> {
  return (await (await fetch(url + path, { headers: OPERATOR_HEADERS })).json()) as T;
}

export interface BackendSpec {
  name?: string;
  flavor?: FakeFlavor;
  type?: BackendConfig['type'];
  apis?: BackendApi[];
  zone?: BackendConfig['zone'];
  timeouts?: Partial<BackendConfig['timeouts']>;
  health?: Partial<BackendConfig['health']>;
}

export interface Harness {
  gateway: Gateway;
  /** The gateway origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  fakes: FakeUpstream[];
  /** The first fake. */
  fake: FakeUpstream;
  logs: string[];
  /** The gateway's data directory (removed by `close` unless the caller passed it in). */
  dataDir: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  backends?: BackendSpec[];
  /** Default: one catch-all route over all backends. */
  routes?: (names: string[]) => RouteConfig[];
  retryAttempts?: number;
  bodyLimitBytes?: number;
  /** Print gateway logs (debugging). */
  verbose?: boolean;
  /** Inspection mode; default off so protocol tests see bodies unchanged. */
  inspection?: 'off' | 'report' | 'redact';
  /** Detectors (default: the gateway's built-in set). */
  detectors?: Detector[];
  /** Per-installation key (fixed in tests that compute placeholders). */
  secretKey?: Buffer;
  /** Audit settings over the defaults (the trail is on by default, in the harness's data directory). */
  audit?: Partial<AuditConfig>;
  /** Policy settings over the defaults (no policy: inspection mode decides). */
  policy?: Partial<PolicyConfig>;
  /** State directory kept across harnesses (a restart); default: a fresh one removed on close. */
  dataDir?: string;
  /** An own-code index source (its detector must be among `detectors`). */
  ownCode?: OwnCodeIndexSource;
  /** Last word on the config before the gateway starts (auth, limits, other sections under test). */
  configure?: (config: Config) => void;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const specs = options.backends ?? [{}];
  const fakes: FakeUpstream[] = [];
  const backends: BackendConfig[] = [];
  for (const [i, spec] of specs.entries()) {
    const flavor = spec.flavor ?? (spec.type === 'anthropic' ? 'anthropic' : 'openai');
    const fake = await startFakeUpstream({ flavor });
    fakes.push(fake);
    const type = spec.type ?? (flavor === 'anthropic' ? 'anthropic' : 'openai');
    const base = defaultBackend(spec.name ?? `b${i}`, type, fake.baseUrl);
    backends.push({
      ...base,
      zone: spec.zone ?? base.zone,
      apis: spec.apis ?? base.apis,
      timeouts: { connectMs: 2_000, firstByteMs: 5_000, idleMs: 5_000, ...spec.timeouts },
      health: { ...base.health, enabled: false, ...spec.health },
    });
  }
  const names = backends.map((b) => b.name);
  const routes = options.routes?.(names) ?? [{ match: ['*'], targets: names.map((backend) => ({ backend })), fallbacks: [] }];
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sekisho-test-'));
  const config: Config = {
    ...defaultConfig(dataDir),
    server: { ...DEFAULTS.server, port: 0, bodyLimitBytes: options.bodyLimitBytes ?? DEFAULTS.server.bodyLimitBytes, shutdownGraceMs: 2_000, metricsToken: HARNESS_METRICS_TOKEN },
    log: { level: 'debug', format: 'json' },
    backends,
    routes,
    retry: { attempts: options.retryAttempts ?? 2 },
    inspection: { ...defaultInspection(), mode: options.inspection ?? 'off' },
    audit: { ...defaultAudit(), ...options.audit },
    policy: { ...defaultPolicy(), ...options.policy },
    source: null,
  };
  options.configure?.(config);
  const logs: string[] = [];
  const log: Logger = options.verbose
    ? createLogger({ level: 'debug', format: 'text' })
    : createLogger({ level: 'debug', format: 'json', write: (l) => logs.push(l) });
  let gateway: Gateway;
  try {
    gateway = await startGateway(config, log ?? silentLogger, {
      ...(options.detectors ? { detectors: options.detectors } : {}),
      ...(options.secretKey ? { secretKey: options.secretKey } : {}),
      ...(options.ownCode ? { ownCode: options.ownCode } : {}),
    });
  } catch (err) {
    // A start that is refused (tests of bad configs) must not leave the fakes listening.
    await Promise.all(fakes.map((f) => f.close()));
    if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    gateway,
    url: gateway.url,
    fakes,
    fake: fakes[0]!,
    logs,
    dataDir,
    async close() {
      await gateway.close(500);
      await Promise.all(fakes.map((f) => f.close()));
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Parsed access-log lines the gateway wrote (`msg: "request"`). */
export function requestLogs(h: Harness): Array<Record<string, unknown>> {
  return h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
}

/** Waits until the gateway has finished (and logged) every request it received. */
export async function settled(h: Harness): Promise<void> {
  const until = Date.now() + 3000;
  while (h.gateway.inFlight > 0) {
    if (Date.now() > until) throw new Error('gateway still busy');
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** The access-log line of the next request: call `before` first, make the request, then `line()`. */
export async function nextRequestLog(h: Harness, count: number): Promise<Record<string, unknown>> {
  await settled(h);
  const logs = requestLogs(h);
  if (logs.length <= count) throw new Error('no request log line');
  return logs[count]!;
}

/** Log-line count once everything earlier has settled: pass it to `nextRequestLog`. */
export async function logMark(h: Harness): Promise<number> {
  await settled(h);
  return requestLogs(h).length;
}
