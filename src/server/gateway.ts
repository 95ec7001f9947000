import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/types.ts';
import type { Logger } from '../log.ts';
import type { RequestContext } from '../pipeline/context.ts';
import type { Runtime } from '../pipeline/runtime.ts';
import { compose } from '../pipeline/compose.ts';
import { createStages } from '../pipeline/stages.ts';
import { Backend } from '../backends/backend.ts';
import { Router } from '../routing/router.ts';
import { HealthChecker } from '../routing/health-checker.ts';
import { findEndpoint, guessDialect, type Endpoint } from './endpoints.ts';
import { answerModels } from './models.ts';
import { replySink, sendError } from './respond.ts';
import { gatewayError, toGatewayError } from '../errors.ts';
import { Inspector } from '../inspection/inspector.ts';
import { sharedTurnTailKey, TurnTailStore } from '../inspection/turn-tail-store.ts';
import type { Detector } from '../inspection/detector.ts';
import { buildDetectors } from '../inspection/build-detectors.ts';
import { sharedVaultKey, VaultStore } from '../redaction/vault.ts';
import { openStateStore } from '../store/open-state-store.ts';
import type { StateStore } from '../store/ports.ts';
import { logTightened } from '../store/private-files.ts';
import { GatewayMetrics } from '../metrics/gateway-metrics.ts';
import { mergeExpositions } from '../metrics/merge-exposition.ts';
import type { ClusterLink } from './cluster-worker.ts';
import { finalStatus, overheadMs } from '../pipeline/context.ts';
import { AuditTrail } from '../audit/trail.ts';
import { Authenticator, createOidcVerifier } from '../identity/authenticate.ts';
import { KeyStore } from '../identity/key-store.ts';
import { handleAdmin } from '../admin/admin-api.ts';
import { PolicyService } from '../policy/policy-service.ts';
import { detectClientTool } from '../policy/client-tool.ts';
import type { OwnCodeIndexSource } from '../inspection/own-code/index-source.ts';
import { readTlsFilesAtStart, watchTlsFiles } from './tls.ts';
import { isLoopback, listenError } from './listen-error.ts';
import { OperatorAccess } from './operator-access.ts';
import { startFanOut } from '../fanout/start-fan-out.ts';
import { newRequestId } from '../util/request-id.ts';

export interface Gateway {
  /** `http://host:port` (or `https://` with `server.tls`) the gateway listens on. */
  url: string;
  server: Server;
  runtime: Runtime;
  /** Prometheus metrics served at `GET /metrics`. */
  metrics: GatewayMetrics;
  /** Requests currently being handled (until each one's pipeline has fully unwound). */
  readonly inFlight: number;
  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then cuts what is left. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Builds the gateway from a validated config and starts listening. Everything the process needs is
 * created here and torn down by `close()`, so tests can run many gateways in one process.
 */
export interface GatewayOptions {
  /** Detectors to inspect with (default: built from `config.inspection`, see inspection/build-detectors.ts). */
  detectors?: Detector[];
  /** Per-installation key for finding hashes and placeholders (default: random per process). */
  secretKey?: Buffer;
  /** The state store (default: the configured one, `store.url` or SQLite in `config.dataDir`, closed by `close()`). */
  store?: StateStore;
  /**
   * The own-code index source whose detector is among `detectors` (see inspection/own-code/index-source.ts):
   * the gateway starts its change feed, drops the inspector's result cache at each swap, shows its status
   * in `/healthz` and the admin API, and closes it on shutdown.
   */
  ownCode?: OwnCodeIndexSource;
  /** Brings a shared own-code index into the data directory before `ownCode` re-loads on a fan-out notice. */
  syncIndex?: () => Promise<boolean>;
  /** The redaction vault (default: the store's shared vault, else this process's memory); `serve --workers N` shares one between its workers. */
  vaults?: VaultStore;
  /** Where Responses turn tails are kept (default: the store's shared port, else this process's memory); `serve --workers N` shares one between its workers. */
  turnTails?: TurnTailStore;
  /**
   * In a worker of `serve --workers N` (server/cluster-worker.ts): `/metrics` answers every worker's
   * series merged by the primary, `/healthz` shows the workers.
   */
  cluster?: ClusterLink;
}


export async function startGateway(config: Config, log: Logger, options: GatewayOptions = {}): Promise<Gateway> {
  // Read first: a certificate that cannot be used stops the start before anything is opened.
  const tls = config.server.tls === undefined ? undefined : readTlsFilesAtStart(config.server.tls);
  const backends = new Map(config.backends.map((b) => [b.name, new Backend(b)]));
  const router = new Router(config.routes, backends);
  const secretKey = options.secretKey ?? randomBytes(32);
  const inspector = new Inspector({ detectors: options.detectors ?? buildDetectors(config.inspection).detectors, hashKey: secretKey });
  const ownStore = options.store === undefined;
  let store = options.store;
  if (!store) store = await openStateStore({ dataDir: config.dataDir, ...config.store, redis: config.redis, log }, logTightened(log));
  let policy: PolicyService;
  try {
    policy = await PolicyService.open(config, { log, store, secretKey, router });
  } catch (err) {
    if (ownStore) await store.close();
    throw err;
  }
  const keys = new KeyStore(store.keys);
  const oidc = createOidcVerifier(config.auth);
  const authenticator = new Authenticator({ auth: config.auth, keys, fingerprintKey: secretKey, ...(oidc ? { oidc } : {}) });
  if (config.auth.anonymous) log.warn('anonymous access is enabled; set auth.anonymous: false in production', { oidc: oidc !== undefined });
  const runtime: Runtime = { config, log, router, backends, inspector, vaults: options.vaults ?? openVaults(store, secretKey), secretKey, store, policy, authenticator, keys, turnTails: options.turnTails ?? openTurnTails(store, secretKey) };
  if (config.audit.enabled) {
    try {
      runtime.audit = await AuditTrail.open({ store, config: config.audit, dataDir: config.dataDir, log });
    } catch (err) {
      policy.close();
      if (ownStore) await store.close();
      throw err;
    }
  }
  const ownCode = options.ownCode;
  if (ownCode) {
    runtime.ownCode = ownCode;
    // Synchronously after the swap: no request is inspected against the new index with results of the old.
    ownCode.subscribe(() => inspector.clearCache());
    ownCode.start();
  }
  try {
    const fanOut = await startFanOut({ config, log, policy: policy.source, ...(ownCode ? { ownCode } : {}), ...(options.syncIndex ? { syncIndex: options.syncIndex } : {}) });
    if (fanOut) runtime.fanOut = fanOut;
  } catch (err) {
    ownCode?.close();
    policy.close();
    await runtime.audit?.close();
    if (ownStore) await store.close();
    throw err;
  }
  const pipeline = compose(createStages(runtime));
  const health = new HealthChecker([...backends.values()], log);
  let inFlight = 0;
  const metrics = new GatewayMetrics(() => backends.values(), () => inFlight);
  let shuttingDown = false;
  let drained: (() => void) | undefined;

  const operators = new OperatorAccess(config.server.metricsToken, authenticator);
  const serverOptions = { keepAliveTimeout: 65_000, requestTimeout: 300_000, headersTimeout: 60_000 };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    inFlight++;
    handle(req, res)
      .catch((err: unknown) => {
        log.error('unhandled request failure', { error: String(err instanceof Error ? err.stack : err) });
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      })
      .finally(() => {
        inFlight--;
        if (shuttingDown && inFlight === 0) drained?.();
      });
  };
  const server: Server = tls === undefined ? createServer(serverOptions, onRequest) : createHttpsServer({ ...serverOptions, ...tls }, onRequest);
  const stopTlsWatch = tls === undefined ? undefined : watchTlsFiles(server as HttpsServer, config.server.tls!, log);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const path = url.pathname;
    if (req.method === 'GET' && (path === '/healthz' || path === '/readyz')) {
      return answerHealth(req, res, path === '/readyz');
    }
    if (req.method === 'GET' && path === '/metrics') return answerMetrics(req, res);
    if (path.startsWith('/admin/')) return handleAdmin(runtime, req, res, url);
    const endpoint = findEndpoint(path);
    const ctx = createContext(req, res, endpoint ?? errorEndpoint(path, req), url.search, log);
    try {
      if (shuttingDown) throw gatewayError('SEKISHO_ERR_SHUTTING_DOWN');
      const models = path.match(/^(?:\/v1)?\/models(?:\/(.+))?\/?$/);
      if (models && req.method === 'GET') {
        // The model list is the gateway's: it answers only whom the model APIs would (auth.anonymous: false).
        ctx.principal = await authenticator.authenticate(req.headers);
        const id = models[1] === undefined ? undefined : decodeModelId(models[1]);
        return answerModels(ctx, router.listModels(), id, (m) => router.routeFor(m) !== undefined);
      }
      if (!endpoint) throw gatewayError('SEKISHO_ERR_NOT_FOUND', { method: req.method ?? '', path });
      if (req.method !== 'POST') throw gatewayError('SEKISHO_ERR_METHOD_NOT_ALLOWED', { method: req.method ?? '', path });
    } catch (err) {
      req.resume();
      sendError(ctx, toGatewayError(err));
      return;
    }
    try {
      await pipeline(ctx);
    } finally {
      metrics.observe(ctx, finalStatus(ctx), performance.now() - ctx.startedAt, overheadMs(ctx));
    }
  }

  async function answerMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume();
    if (operators.metricsProtected && !(await operators.isOperator(req.headers))) {
      const denied = JSON.stringify({ error: { code: 'SEKISHO_ERR_UNAUTHENTICATED', message: 'GET /metrics needs the scrape token (server.metrics.token) or an administrator credential, as Authorization: Bearer' } });
      res.writeHead(401, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(denied), 'www-authenticate': 'Bearer realm="sekisho-metrics"' });
      res.end(denied);
      return;
    }
    let body: string;
    try {
      body = options.cluster ? await options.cluster.metrics() : metrics.render();
    } catch (err) {
      // The primary did not answer: this worker's own series, labelled so that they are not mistaken for the whole.
      log.warn('metrics: the primary did not answer; serving this worker\'s own', { error: err instanceof Error ? err.message : String(err) });
      body = mergeExpositions([{ worker: String(options.cluster!.slot), text: metrics.render() }]);
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  /**
   * `/healthz`, `/readyz`: the status for anyone (a load balancer's probe needs no credential); the
   * details — backends and their errors, the policy file, the audit trail — only for operators (the
   * scrape token or an administrator), since they name files, hosts and internals.
   */
  async function answerHealth(req: IncomingMessage, res: ServerResponse, ready: boolean): Promise<void> {
    const detailed = await operators.isOperator(req.headers);
    const workers = options.cluster && detailed ? await options.cluster.workers().catch(() => undefined) : undefined;
    const status = {
      status: shuttingDown ? 'shutting-down' : 'ok',
      ...(runtime.audit ? { audit: runtime.audit.health() } : {}),
      ...(runtime.store.shared ? { redis: runtime.store.shared.health() } : {}),
      backends: [...backends.values()].map((b) => ({
        name: b.name,
        zone: b.config.zone,
        healthy: b.healthy,
        inFlight: b.inFlight,
        ...(b.lastError ? { lastError: b.lastError } : {}),
      })),
      policy: policy.status(),
      ...(runtime.ownCode ? { ownCode: runtime.ownCode.status() } : {}),
      ...(runtime.fanOut ? { fanOut: detailed ? await runtime.fanOut.liveStatus() : runtime.fanOut.status() } : {}),
      ...(options.cluster ? { worker: options.cluster.slot, workers: workers ?? { error: 'the primary process did not answer' } } : {}),
    };
    // Not ready either while own-code inspection is `failed` (every model request would be refused), nor
    // while Redis is unreachable (limited and pinnable requests are refused).
    const ok = !shuttingDown && (!ready || ((backends.size === 0 || [...backends.values()].some((b) => b.healthy)) && runtime.ownCode?.status().state !== 'failed' && status.redis?.ok !== false));
    req.resume();
    const body = JSON.stringify(detailed ? status : { status: status.status, ...(ready ? { ready: ok } : {}) });
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.server.port, config.server.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    // Nothing was served: undo what was opened, and say what to do about the port.
    stopTlsWatch?.();
    metrics.close();
    policy.close();
    await runtime.fanOut?.close().catch(() => {});
    await runtime.audit?.close();
    if (ownStore) store.close();
    throw listenError(err, config.server.host, config.server.port);
  }
  await health.start();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${tls === undefined ? 'http' : 'https'}://${host}:${address.port}`;
  if (tls === undefined && !isLoopback(address.address)) {
    log.warn('listening on a network address without TLS: keys, tokens and prompts cross the network in clear text. Set server.tls (cert, key) or put a TLS terminator in front and bind 127.0.0.1', { host: config.server.host });
  }

  return {
    url,
    server,
    runtime,
    metrics,
    get inFlight() {
      return inFlight;
    },
    async close(graceMs = config.server.shutdownGraceMs) {
      if (shuttingDown) return;
      shuttingDown = true;
      health.stop();
      stopTlsWatch?.();
      metrics.close();
      policy.close();
      runtime.ownCode?.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
        ]);
      }
      server.closeAllConnections();
      await closed;
      for (const b of backends.values()) b.close();
      await runtime.fanOut?.close().catch(() => {});
      await runtime.audit?.close();
      if (ownStore) await runtime.store.close();
    },
  };
}

function createContext(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint, search: string, log: Logger): RequestContext {
  const clientAbort = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) clientAbort.abort();
  });
  const ctx: RequestContext = {
    id: newRequestId(),
    startedAt: performance.now(),
    receivedAt: new Date(),
    req,
    res,
    endpoint,
    search,
    log,
    bodyText: '',
    json: {},
    model: '',
    stream: false,
    principal: { kind: 'anonymous', id: 'anonymous', groups: [] },
    findings: [],
    detections: [],
    uninspected: [],
    decision: { action: 'allow', enforced: 'allow', rule: 'default' },
    clientTool: detectClientTool(req.headers),
    candidates: [],
    upstreamMs: 0,
    clientAbort,
    reply: replySink(() => ctx),
  };
  return ctx;
}

/** A model id from the URL path; a malformed %-escape is a client error, not a crash. */
/**
 * The redaction vault: shared through the store's vault port when it has one (Redis), sealed under a key
 * derived from the installation key so any instance opens what another sealed; else this process's memory.
 */
function openVaults(store: StateStore, secretKey: Buffer): VaultStore {
  return store.vault === undefined ? new VaultStore() : new VaultStore({ port: store.vault, key: sharedVaultKey(secretKey) });
}

/**
 * Ends of answered Responses turns kept an hour for `previous_response_id` joins (inspection/turn-tail-store.ts):
 * in the store's shared port when it has one (Redis, PostgreSQL: every instance joins every turn), sealed
 * under a key derived from the installation key; else in this process's memory, at most 10 000 turns.
 */
function openTurnTails(store: StateStore, secretKey: Buffer): TurnTailStore {
  return store.turnTails === undefined ? new TurnTailStore() : new TurnTailStore({ port: store.turnTails, key: sharedTurnTailKey(secretKey) });
}

function decodeModelId(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw gatewayError('SEKISHO_ERR_INVALID_REQUEST', { detail: 'malformed model id in the URL' });
  }
}

/** For requests that match no endpoint: an endpoint stand-in that only chooses the error format. */
function errorEndpoint(path: string, req: IncomingMessage): Endpoint {
  return { api: 'chat', dialect: guessDialect(path, req.headers), upstreamPath: '', generation: false };
}
