import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Runtime } from '../pipeline/runtime.ts';
import type { Principal } from '../domain/principal.ts';
import type { AuditEvent } from '../audit/audit-event.ts';
import { requireAdmin } from '../identity/require-admin.ts';
import { keyState } from '../identity/key-store.ts';
import { parseExpiry } from '../identity/parse-expiry.ts';
import { verifyOffThread, verifySource } from '../audit/verify-off-thread.ts';
import { auditPrincipal } from '../pipeline/build-event.ts';
import { readBody } from '../pipeline/read-body.ts';
import { GatewayError, gatewayError, toGatewayError } from '../errors.ts';

/** Admin request bodies are small JSON objects. */
const BODY_LIMIT = 64 * 1024;
/** Most events one audit read returns. */
const MAX_EVENTS = 1000;

/** What one admin route gets: the caller (already checked to be an administrator) and the request. */
interface AdminRequest {
  principal: Principal;
  params: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
}

interface AdminRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: RegExp;
  /** Name recorded in the audit trail, e.g. `keys.create`. */
  operation: string;
  handle(runtime: Runtime, request: AdminRequest): Promise<AdminAnswer> | AdminAnswer;
}

interface AdminAnswer {
  status: number;
  body: unknown;
  /** What the operation acted on (a key id, an event id), recorded in the audit trail. */
  target?: string;
}

/**
 * The admin API under `/admin/v1/`: keys, policy and audit reads over HTTP, for an admin console or
 * automation. Every call must come from an administrator (an admin key or a member of
 * `auth.adminGroups`, see identity/require-admin.ts), and every call — reads included — is itself
 * recorded in the audit trail before it is answered: who issued or revoked a key, who reloaded the
 * policy, who read the trail. Answers are JSON; errors are `{ "error": { "code", "message" } }`.
 */
export async function handleAdmin(runtime: Runtime, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const started = performance.now();
  const receivedAt = new Date();
  const id = 'req_' + randomBytes(12).toString('hex');
  res.setHeader('x-request-id', id);
  let principal: Principal | undefined;
  let operation = 'unknown';
  let target: string | undefined;
  try {
    const route = ROUTES.find((r) => r.method === req.method && r.path.test(url.pathname));
    if (!route) {
      req.resume();
      const known = ROUTES.some((r) => r.path.test(url.pathname));
      throw known
        ? gatewayError('SEKISHO_ERR_METHOD_NOT_ALLOWED', { method: req.method ?? '', path: url.pathname })
        : gatewayError('SEKISHO_ERR_NOT_FOUND', { method: req.method ?? '', path: url.pathname });
    }
    operation = route.operation;
    principal = await runtime.authenticator.authenticate(req.headers);
    requireAdmin(principal);
    const body = req.method === 'POST' ? await readJson(req) : (req.resume(), {});
    const params = url.pathname.match(route.path)!.slice(1).map(decodePathSegment);
    const answer = await route.handle(runtime, { principal, params, query: url.searchParams, body });
    target = answer.target;
    // The record comes first: an operation that cannot be audited is not answered (fail closed).
    await record(runtime, { id, receivedAt, started, principal, operation, target, status: answer.status });
    send(res, answer.status, answer.body);
  } catch (err) {
    // A body still arriving is not read (an unauthenticated upload would otherwise be drained in full):
    // the answer closes the connection instead (as server/respond.ts sendError does).
    if (!req.complete) res.setHeader('connection', 'close');
    const e = toGatewayError(err);
    // Refusals of unauthenticated callers are not written to the chain (anyone could fill it); the log has them.
    if (principal) {
      try {
        await record(runtime, { id, receivedAt, started, principal, operation, target, status: e.status, error: e.code });
      } catch {
        // The failure to record is logged by the trail; the caller still gets the original error.
      }
    }
    runtime.log.warn('admin request refused', { requestId: id, operation, principal: principal?.id, code: e.code });
    send(res, e.status, { error: { code: e.code, message: e.message } });
  }
}

const ROUTES: AdminRoute[] = [
  {
    method: 'GET',
    path: /^\/admin\/v1\/keys\/?$/,
    operation: 'keys.list',
    handle: async (runtime, { query }) => {
      const now = new Date();
      const keys = (await runtime.keys.list({ all: query.get('all') === 'true' }, now)).map((k) => ({ ...k, state: keyState(k, now) }));
      return { status: 200, body: { keys } };
    },
  },
  {
    method: 'POST',
    path: /^\/admin\/v1\/keys\/?$/,
    operation: 'keys.create',
    handle: async (runtime, { body }) => {
      const user = body.user;
      if (typeof user !== 'string' || user.trim() === '') throw invalid('"user" is required (a non-empty string)');
      const input: Parameters<Runtime['keys']['create']>[0] = { user };
      if (body.team !== undefined) input.team = stringField(body.team, 'team');
      if (body.groups !== undefined) {
        if (!Array.isArray(body.groups) || !body.groups.every((g) => typeof g === 'string' && g !== '')) throw invalid('"groups" must be an array of non-empty strings');
        input.groups = body.groups as string[];
      }
      if (body.admin !== undefined) {
        if (typeof body.admin !== 'boolean') throw invalid('"admin" must be true or false');
        input.admin = body.admin;
      }
      if (body.expires !== undefined) {
        try {
          input.expiresAt = parseExpiry(stringField(body.expires, 'expires'));
        } catch (err) {
          throw invalid(`"expires": ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      const { key, record } = await runtime.keys.create(input);
      // The only time the key is ever shown.
      return { status: 201, body: { key, ...record }, target: record.id };
    },
  },
  {
    method: 'DELETE',
    path: /^\/admin\/v1\/keys\/([^/]+)\/?$/,
    operation: 'keys.revoke',
    handle: async (runtime, { params }) => {
      const id = params[0]!;
      const outcome = await runtime.keys.revoke(id);
      if (outcome === 'unknown') throw gatewayError('SEKISHO_ERR_NOT_FOUND', { method: 'key', path: id });
      return { status: 200, body: { id, revoked: true, alreadyRevoked: outcome === 'already' }, target: id };
    },
  },
  {
    method: 'GET',
    path: /^\/admin\/v1\/policy\/?$/,
    operation: 'policy.read',
    handle: (runtime) => {
      const current = runtime.policy.source.current;
      return {
        status: 200,
        body: {
          status: runtime.policy.status(),
          default: current.document.default,
          monitor: current.document.monitor,
          rules: current.document.rules.map((r) => ({ name: r.name, action: r.action, monitor: r.monitor ?? false, ...(r.description ? { description: r.description } : {}) })),
        },
      };
    },
  },
  {
    method: 'POST',
    path: /^\/admin\/v1\/policy\/reload\/?$/,
    operation: 'policy.reload',
    handle: async (runtime) => {
      if (runtime.config.policy.file === null) {
        throw invalid('the policy is not read from a file (policy.file), so there is nothing to reload; restart the gateway to apply config changes');
      }
      const changed = await runtime.policy.source.reload();
      const status = runtime.policy.status();
      // Not changed and an error standing: the new version was rejected and the last good one stays.
      const rejected = !changed && status.lastError !== undefined;
      // Every other instance re-reads its own policy file too (their files may differ from this one's).
      const epoch = await announce(runtime, 'policy');
      return { status: rejected ? 422 : 200, body: { changed, rejected, status, ...(epoch === undefined ? {} : { fanOut: { epoch } }) } };
    },
  },
  {
    method: 'GET',
    path: /^\/admin\/v1\/own-code\/?$/,
    operation: 'own-code.read',
    handle: (runtime) => ({ status: 200, body: { ownCode: ownCodeSource(runtime).status() } }),
  },
  {
    method: 'POST',
    path: /^\/admin\/v1\/own-code\/reload\/?$/,
    operation: 'own-code.reload',
    handle: async (runtime) => {
      const source = ownCodeSource(runtime);
      const changed = await source.reload();
      const status = source.status();
      // Nothing new in force and an error standing: the newest index was rejected, the previous one stays.
      const rejected = !changed && status.lastError !== undefined;
      const epoch = await announce(runtime, 'index');
      return { status: rejected ? 422 : 200, body: { changed, rejected, ownCode: status, ...(epoch === undefined ? {} : { fanOut: { epoch } }) } };
    },
  },
  {
    method: 'GET',
    path: /^\/admin\/v1\/audit\/events\/?$/,
    operation: 'audit.search',
    handle: async (runtime, { query }) => {
      const trail = auditTrail(runtime);
      const limit = Math.min(MAX_EVENTS, positiveInt(query.get('limit'), 100));
      const q: Parameters<typeof trail.store.search>[0] = { limit, newestFirst: query.get('order') !== 'chain' };
      for (const name of ['since', 'until', 'principal', 'decision', 'rule'] as const) {
        const value = query.get(name);
        if (value !== null && value !== '') q[name] = name === 'since' || name === 'until' ? isoTime(value, name) : value;
      }
      const events = (await trail.store.search(q)).map((row) => ({ seq: row.seq, hash: row.hash, event: JSON.parse(row.body) as AuditEvent }));
      return { status: 200, body: { events } };
    },
  },
  {
    method: 'GET',
    path: /^\/admin\/v1\/audit\/events\/([^/]+)\/?$/,
    operation: 'audit.read',
    handle: async (runtime, { params }) => {
      const id = params[0]!;
      const row = await auditTrail(runtime).store.byId(id);
      if (!row) throw gatewayError('SEKISHO_ERR_NOT_FOUND', { method: 'audit event', path: id });
      return { status: 200, body: { seq: row.seq, hash: row.hash, prevHash: row.prev_hash, event: JSON.parse(row.body) as AuditEvent }, target: id };
    },
  },
  {
    method: 'GET',
    path: /^\/admin\/v1\/audit\/verify\/?$/,
    operation: 'audit.verify',
    handle: async (runtime) => {
      const trail = auditTrail(runtime);
      // On a worker thread with its own store connection: a long trail does not stall requests.
      const result = await verifyOffThread(verifySource(runtime.store, runtime.config.store), trail.store, [trail.key.publicKey]);
      return { status: 200, body: result };
    },
  },
];

function ownCodeSource(runtime: Runtime): NonNullable<Runtime['ownCode']> {
  if (!runtime.ownCode) throw gatewayError('SEKISHO_ERR_NOT_FOUND', { method: 'own-code index', path: '(inspection.ownCode.enabled is false)' });
  return runtime.ownCode;
}

function auditTrail(runtime: Runtime): NonNullable<Runtime['audit']> {
  if (!runtime.audit) throw gatewayError('SEKISHO_ERR_NOT_FOUND', { method: 'audit trail', path: '(audit.enabled is false)' });
  return runtime.audit;
}

interface AdminRecord {
  id: string;
  receivedAt: Date;
  started: number;
  principal: Principal;
  operation: string;
  target: string | undefined;
  status: number;
  error?: string;
}

/**
 * Tells the other instances (when state is shared) to act on `kind` as this one just did; the new epoch.
 * The shared store unreachable: 503 SEKISHO_ERR_STATE_UNAVAILABLE (this instance has acted; retrying
 * is harmless, a reload of an unchanged file changes nothing).
 */
async function announce(runtime: Runtime, kind: 'policy' | 'index'): Promise<number | undefined> {
  if (!runtime.fanOut) return undefined;
  try {
    return await runtime.fanOut.announce(kind);
  } catch (err) {
    if (err instanceof GatewayError && err.code === 'SEKISHO_ERR_STATE_UNAVAILABLE') throw err;
    throw gatewayError('SEKISHO_ERR_STATE_UNAVAILABLE', { what: 'the change feed' }, { cause: err, reason: err instanceof Error ? err.message : String(err) });
  }
}

/** Commits the admin operation to the audit trail (throws when it cannot: the caller then refuses). */
async function record(runtime: Runtime, r: AdminRecord): Promise<void> {
  if (!runtime.audit) return;
  const latencyMs = Math.round(performance.now() - r.started);
  const event: AuditEvent = {
    id: r.id,
    time: r.receivedAt.toISOString(),
    principal: auditPrincipal(r.principal),
    clientTool: 'admin-api',
    api: 'admin',
    requestedModel: '',
    decision: { action: 'allow', enforced: 'allow', rule: 'admin' },
    findings: [],
    uninspected: 0,
    latencyMs,
    overheadMs: latencyMs,
    status: r.status,
    admin: { operation: r.operation, ...(r.target !== undefined ? { target: r.target } : {}) },
  };
  if (r.error !== undefined) event.error = r.error;
  await runtime.audit.record(event);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const bytes = await readBody(req, BODY_LIMIT);
  if (bytes.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw gatewayError('SEKISHO_ERR_INVALID_JSON', { detail: err instanceof Error ? err.message : String(err) });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid('the body must be a JSON object');
  return value as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function invalid(detail: string): GatewayError {
  return gatewayError('SEKISHO_ERR_INVALID_REQUEST', { detail });
}

function stringField(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw invalid(`"${name}" must be a non-empty string`);
  return value;
}

function positiveInt(text: string | null, fallback: number): number {
  if (text === null || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw invalid(`"limit" must be a positive integer, got "${text}"`);
  return n;
}

function isoTime(text: string, name: string): string {
  const t = new Date(text);
  if (Number.isNaN(t.getTime())) throw invalid(`"${name}" must be a date or time (ISO 8601), got "${text}"`);
  return t.toISOString();
}

/** A path parameter; a malformed %-escape is the caller's mistake (400), not a server error. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalid('malformed %-escape in the URL path');
  }
}
