import type { GatewayErrorInfo } from '../../conversation/index.ts';
import type { SseEvent } from '../../sse/sse-event.ts';
import type { WireErrorBody, WireErrorType } from './wire.ts';

const typeByKind: Record<GatewayErrorInfo['kind'], WireErrorType> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  policy: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'request_too_large',
  rate_limit: 'rate_limit_error',
  upstream: 'api_error',
  overloaded: 'overloaded_error',
  timeout: 'timeout_error',
  internal: 'api_error',
};

/** The Anthropic `error.type` string for a gateway error kind. */
export function errorTypeFor(kind: GatewayErrorInfo['kind']): WireErrorType {
  return typeByKind[kind];
}

function errorBody(error: GatewayErrorInfo): WireErrorBody {
  const body: WireErrorBody = { type: 'error', error: { type: errorTypeFor(error.kind), message: error.message } };
  if (error.requestId !== undefined) body.request_id = error.requestId;
  return body;
}

/**
 * A policy refusal's status for Messages clients: 451. Measured with Claude Code (docs/security.md
 * § Refusals): 403 is shown as "Failed to authenticate", and 400/422 make it resend the request five
 * more times with fewer beta features; 451 is shown once as `API Error: 451 <message>`, and no SDK
 * retries it (they retry 408/409/429/5xx).
 */
export const POLICY_REFUSAL_STATUS = 451;

/**
 * An error before the stream started, as the Messages API answers it: `{type:"error", error:{type,
 * message}, request_id}`. The HTTP status is the gateway's own (e.g. 503 while shutting down), which
 * Anthropic SDKs treat by status, not by body; a policy refusal gets POLICY_REFUSAL_STATUS.
 */
export function renderError(error: GatewayErrorInfo): { status: number; body: Record<string, unknown> } {
  return { status: error.kind === 'policy' ? POLICY_REFUSAL_STATUS : error.status, body: { ...errorBody(error) } };
}

/**
 * A failure after the stream started: one `event: error` whose data has the same shape as a non-stream
 * error body. Anthropic SDKs raise it as an API error, so the client never sees a half answer as done.
 */
export function renderStreamError(error: GatewayErrorInfo): SseEvent[] {
  return [{ event: 'error', data: JSON.stringify(errorBody(error)) }];
}
