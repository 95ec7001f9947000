import type { GatewayErrorInfo } from './conversation/error.ts';

/**
 * Every error Sekisho answers with, in one place: a stable code, the HTTP status, the coarse kind each
 * protocol can express, and a message template (`{name}` is filled from `params`). Protocol modules turn
 * a `GatewayErrorInfo` into their own error shape; nothing else invents error bodies.
 */
const registry = {
  SEKISHO_ERR_INVALID_JSON: { status: 400, kind: 'invalid_request', template: 'Request body is not valid JSON: {detail}' },
  // Bodies two parsers could read differently are refused, never repaired (util/strict-json.ts).
  SEKISHO_ERR_BODY_NOT_UTF8: { status: 400, kind: 'invalid_request', template: 'Request body must be UTF-8 JSON, so it was not sent: {detail}' },
  SEKISHO_ERR_AMBIGUOUS_JSON: { status: 400, kind: 'invalid_request', template: 'Request body is JSON that different parsers read differently, so it was not sent: {detail}' },
  SEKISHO_ERR_INVALID_REQUEST: { status: 400, kind: 'invalid_request', template: '{detail}' },
  SEKISHO_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, kind: 'invalid_request', template: 'Expected a JSON body (content-type application/json), got {detail}' },
  SEKISHO_ERR_UNSUPPORTED_ENCODING: { status: 415, kind: 'invalid_request', template: 'Unsupported content-encoding: {detail}' },
  SEKISHO_ERR_BODY_TOO_LARGE: { status: 413, kind: 'request_too_large', template: 'Request body exceeds the limit of {limit} bytes' },
  SEKISHO_ERR_NOT_FOUND: { status: 404, kind: 'not_found', template: 'No route for {method} {path}' },
  SEKISHO_ERR_METHOD_NOT_ALLOWED: { status: 405, kind: 'invalid_request', template: 'Method {method} is not allowed on {path}' },
  SEKISHO_ERR_UNAUTHENTICATED: { status: 401, kind: 'authentication', template: '{detail}' },
  SEKISHO_ERR_FORBIDDEN: { status: 403, kind: 'permission', template: '{detail}' },
  // identity and limits (governance #5)
  SEKISHO_ERR_AUTH_UNAVAILABLE: { status: 503, kind: 'overloaded', template: 'Sekisho could not verify the token, so the request was refused (fail closed): {detail}' },
  SEKISHO_ERR_RATE_LIMITED: { status: 429, kind: 'rate_limit', template: 'Rate limit "{rule}" reached: {limit} requests per minute for {subject}. Retry in {retryAfter} s.' },
  SEKISHO_ERR_BUDGET_EXHAUSTED: { status: 429, kind: 'rate_limit', template: 'Token budget "{rule}" used up: {limit} tokens per day (UTC) for {subject}. It resets in {retryAfter} s.' },
  SEKISHO_ERR_UNKNOWN_MODEL: { status: 404, kind: 'not_found', template: 'Model "{model}" is not served by this gateway' },
  SEKISHO_ERR_UNSUPPORTED_BY_BACKEND: { status: 400, kind: 'invalid_request', template: '{detail}' },
  SEKISHO_ERR_NO_HEALTHY_BACKEND: { status: 503, kind: 'overloaded', template: 'No healthy backend for model "{model}"' },
  SEKISHO_ERR_UPSTREAM_CONNECT: { status: 502, kind: 'upstream', template: 'Could not reach the model backend: {detail}' },
  SEKISHO_ERR_UPSTREAM_TIMEOUT: { status: 504, kind: 'timeout', template: 'The model backend did not answer in time ({detail})' },
  SEKISHO_ERR_UPSTREAM_STATUS: { status: 502, kind: 'upstream', template: 'The model backend answered {upstreamStatus}: {detail}' },
  SEKISHO_ERR_UPSTREAM_PROTOCOL: { status: 502, kind: 'upstream', template: 'The model backend sent an answer Sekisho cannot read: {detail}' },
  SEKISHO_ERR_UPSTREAM_ABORTED: { status: 502, kind: 'upstream', template: 'The model backend stream ended early: {detail}' },
  // The backend's stream itself carried an error (llama.cpp `error:` field, vLLM / TGI `data: {"error":…}`).
  SEKISHO_ERR_UPSTREAM_REPORTED: { status: 502, kind: 'upstream', template: 'The model backend reported an error: {detail}' },
  // The backend refused or did not know the gateway's request: a gateway configuration problem, never the
  // caller's Sekisho credential, hence 502 (backends/backend-status.ts, docs/backends.md).
  SEKISHO_ERR_BACKEND_AUTH_FAILED: { status: 502, kind: 'upstream', template: 'Sekisho could not use backend "{backend}": it answered HTTP {upstreamStatus} ({cause}). Your Sekisho key was accepted: the gateway operator must fix the backend credential.' },
  SEKISHO_ERR_BACKEND_NOT_FOUND: { status: 502, kind: 'upstream', template: 'Sekisho could not use backend "{backend}": it answered HTTP 404 for {path} ({cause}). The gateway operator must check the backend URL and model.' },
  SEKISHO_ERR_INSPECTION_FAILED: { status: 500, kind: 'internal', template: 'Sekisho could not inspect this request, so it was not sent (fail closed): {detail}' },
  SEKISHO_ERR_INSPECTION_TIMEOUT: { status: 503, kind: 'overloaded', template: 'Inspecting this request took longer than {limit} ms, so it was not sent (fail closed)' },
  // kind `policy`: the status is chosen per dialect (protocols/*/render-error.ts), see docs/security.md § Refusals
  SEKISHO_ERR_POLICY_BLOCKED: { status: 403, kind: 'policy', template: 'Blocked by Sekisho policy rule "{rule}": {reason}. Quote request id {requestId} to your security team.' },
  SEKISHO_ERR_POLICY_NO_INTERNAL_BACKEND: { status: 403, kind: 'policy', template: 'Sekisho policy rule "{rule}" keeps this request on an internal model, but model "{model}" has no internal backend and no policy.internalModel can serve it, so it was not sent (fail closed). Quote request id {requestId} to your security team.' },
  // A value policy redacts sits where it cannot be rewritten exactly (wire-surfaces.ts, enforce.ts).
  SEKISHO_ERR_UNREDACTABLE_PLACE: { status: 403, kind: 'policy', template: 'A sensitive value ({rule}) was found in the {place}, which Sekisho cannot redact, so the request was not sent. Remove it from the {place}. Quote request id {requestId} to your security team.' },
  // The body prepared for the backend failed the last check (pipeline/egress-check.ts): fail closed, and a refusal, not a retryable fault.
  SEKISHO_ERR_EGRESS_CHECK: { status: 403, kind: 'policy', template: 'The body prepared for the backend still carried a value policy redacts ({rule} at {place}), so it was not sent (fail closed). Quote request id {requestId} to your security team.' },
  SEKISHO_ERR_POLICY_FAILED: { status: 500, kind: 'internal', template: 'Sekisho could not evaluate its policy for this request, so it was not sent (fail closed). Quote request id {requestId} to your security team.' },
  SEKISHO_ERR_STATE_UNAVAILABLE: { status: 503, kind: 'overloaded', template: 'Sekisho could not reach its shared state store ({what}), so the request was refused (fail closed). Retry shortly.' },
  SEKISHO_ERR_SHUTTING_DOWN: { status: 503, kind: 'overloaded', template: 'The gateway is shutting down' },
  SEKISHO_ERR_INTERNAL: { status: 500, kind: 'internal', template: 'Internal gateway error: {detail}' },
} as const satisfies Record<string, { status: number; kind: GatewayErrorInfo['kind']; template: string }>;

export type ErrorCode = keyof typeof registry;

/** A failure carrying its client-facing description. Thrown inside the pipeline, rendered at the edge. */
export class GatewayError extends Error {
  readonly info: GatewayErrorInfo;
  constructor(info: GatewayErrorInfo, options?: { cause?: unknown }) {
    super(info.message, options);
    this.name = 'GatewayError';
    this.info = info;
  }
  get code(): string {
    return this.info.code;
  }
  get status(): number {
    return this.info.status;
  }
}

/** Builds the error for `code` with its template filled from `params`. */
export function gatewayError(
  code: ErrorCode,
  params: Record<string, string | number> = {},
  options?: { cause?: unknown; status?: number; kind?: GatewayErrorInfo['kind']; retryAfter?: number; reason?: string },
): GatewayError {
  const entry = registry[code];
  const message = entry.template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
  const info: GatewayErrorInfo = { status: options?.status ?? entry.status, code, kind: options?.kind ?? entry.kind, message };
  if (options?.retryAfter !== undefined) info.retryAfter = options.retryAfter;
  if (options?.reason !== undefined) info.reason = options.reason;
  return new GatewayError(info, options?.cause === undefined ? undefined : { cause: options.cause });
}

/** Any thrown value as a GatewayError (unknown failures become SEKISHO_ERR_INTERNAL). */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return gatewayError('SEKISHO_ERR_INTERNAL', { detail }, { cause: err });
}
