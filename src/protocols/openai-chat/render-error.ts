import type { GatewayErrorInfo } from '../../conversation/index.ts';
import type { SseEvent } from '../../sse/sse-event.ts';
import type { ChatErrorBody } from './wire.ts';

/**
 * The `error.type` strings the OpenAI API itself uses. Note that OpenAI reports a bad API key and an
 * unknown model as `invalid_request_error` (with `code` `invalid_api_key` / `model_not_found`), and a
 * region/permission refusal as `request_forbidden`; SDKs choose their exception class from the HTTP
 * status, so the type is informational for them but matters to tools that log it.
 */
const typeByKind: Record<GatewayErrorInfo['kind'], string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'invalid_request_error',
  permission: 'request_forbidden',
  policy: 'invalid_request_error',
  not_found: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  upstream: 'server_error',
  overloaded: 'service_unavailable_error',
  timeout: 'server_error',
  internal: 'server_error',
};

/**
 * The `{"error": {message, type, param, code}}` envelope; `code` carries the stable Sekisho code. The
 * request id is appended unless the message already names it (policy messages ask to quote it).
 */
export function chatErrorBody(error: GatewayErrorInfo): ChatErrorBody {
  const id = error.requestId;
  const message = id && !error.message.includes(id) ? `${error.message} (request id ${id})` : error.message;
  return { error: { message, type: typeByKind[error.kind], param: null, code: error.code } };
}

/**
 * A policy refusal's status for OpenAI-dialect clients: 400, as OpenAI itself answers a content-policy
 * refusal. Measured (docs/security.md § Refusals): Codex resends any other 4xx five times before it
 * shows it, but shows a 400 once; opencode and the SDKs do not retry it.
 */
export const POLICY_REFUSAL_STATUS = 400;

/** An error before any byte was sent: HTTP status plus the Chat error envelope. */
export function renderError(error: GatewayErrorInfo): { status: number; body: Record<string, unknown> } {
  return { status: error.kind === 'policy' ? POLICY_REFUSAL_STATUS : error.status, body: { ...chatErrorBody(error) } };
}

/**
 * An error after the stream started. OpenAI signals it with one unnamed `data: {"error": {...}}`
 * event and then closes the stream without `[DONE]`; the official SDKs turn that event into an
 * APIError.
 */
export function renderStreamError(error: GatewayErrorInfo): SseEvent[] {
  return [{ data: JSON.stringify(chatErrorBody(error)) }];
}
