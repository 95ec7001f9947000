import type { GatewayErrorInfo } from '../../conversation/index.ts';
import type { SseEvent } from '../../sse/sse-event.ts';
import { buildResponseObject, responseIdFor } from './response-object.ts';
import type { WireErrorBody } from './wire.ts';

/** OpenAI error `type` for each coarse Sekisho error kind. */
const ERROR_TYPES: Record<GatewayErrorInfo['kind'], string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  policy: 'invalid_request_error',
  not_found: 'not_found_error',
  request_too_large: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  upstream: 'server_error',
  overloaded: 'service_unavailable_error',
  timeout: 'server_error',
  internal: 'server_error',
};

/**
 * A policy refusal's status for Responses clients: 400, as OpenAI answers a content-policy refusal.
 * Measured with Codex (docs/security.md § Refusals): every other 4xx (403, 451, …) is resent five
 * times ("Reconnecting... n/5") before it is shown; a 400 is shown once and not retried.
 */
export const POLICY_REFUSAL_STATUS = 400;

/**
 * An error before any byte was sent, as an OpenAI error body. `code` carries the stable Sekisho code so
 * the developer can look it up; the message ends with the request id when there is one.
 */
export function renderError(error: GatewayErrorInfo): { status: number; body: Record<string, unknown> } {
  const body: WireErrorBody = {
    error: { message: messageOf(error), type: ERROR_TYPES[error.kind], param: null, code: error.code },
  };
  return { status: error.kind === 'policy' ? POLICY_REFUSAL_STATUS : error.status, body: { ...body } };
}

/**
 * The `response.error.code` clients act on mid-stream: Codex retries `rate_limit_exceeded` with
 * backoff and treats `server_error` as retryable; a rejected request is `invalid_prompt`.
 */
export function streamErrorCode(error: GatewayErrorInfo): string {
  if (error.kind === 'rate_limit') return 'rate_limit_exceeded';
  if (error.kind === 'invalid_request' || error.kind === 'permission' || error.kind === 'policy') return 'invalid_prompt';
  return 'server_error';
}

/**
 * The client-facing message: what happened, the Sekisho code, and the request id to quote (unless the
 * message already names it: policy messages ask to quote it).
 */
export function messageOf(error: GatewayErrorInfo): string {
  const id = error.requestId;
  const ref = id === undefined || error.message.includes(id) ? error.code : `${error.code}, request ${id}`;
  return `${error.message} (${ref})`;
}

/**
 * The events that end a failed stream: `response.failed` carrying the response with `error` set
 * (Codex and the SDK treat it as terminal), then an `error` event (the SDK stream helpers raise it as
 * an APIError). Stateless: used when no encoder state exists (e.g. a passthrough stream broke), so the
 * response id is derived from the request id and sequence numbers start at 0.
 */
export function renderStreamError(error: GatewayErrorInfo): SseEvent[] {
  const code = streamErrorCode(error);
  const message = messageOf(error);
  const response = buildResponseObject(
    {
      id: responseIdFor(undefined, error.requestId ?? 'req_unknown'),
      createdAt: Math.floor(Date.now() / 1000),
      model: '',
      status: 'failed',
      output: [],
      error: { code, message },
    },
    undefined,
  );
  const failed = { type: 'response.failed', sequence_number: 0, response };
  const errorEvent = { type: 'error', sequence_number: 1, code, message, param: null };
  return [
    { event: 'response.failed', data: JSON.stringify(failed) },
    { event: 'error', data: JSON.stringify(errorEvent) },
  ];
}
