import type { FakeFlavor } from './fake-reply.ts';

// Error bodies written by hand from each server's documented/observed format.

/** OpenAI-style error type for an HTTP status (the `error.type` field). */
export function openaiErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** vLLM names its error types after the Python exception class. */
function vllmErrorType(status: number): string {
  if (status === 404) return 'NotFoundError';
  if (status === 401) return 'Unauthorized';
  if (status >= 500) return 'InternalServerError';
  return 'BadRequestError';
}

/** Error body for the OpenAI-compatible endpoints, varying like the real servers do. */
export function openaiErrorBody(flavor: FakeFlavor, status: number, message: string): Record<string, unknown> {
  switch (flavor) {
    case 'vllm':
      return { error: { message, type: vllmErrorType(status), param: null, code: status } };
    case 'llamacpp':
      return { error: { code: status, message, type: status >= 500 ? 'server_error' : openaiErrorType(status) } };
    case 'ollama':
      return { error: { message, type: status >= 500 ? 'api_error' : 'invalid_request_error', param: null, code: null } };
    default: {
      const code = status === 401 ? 'invalid_api_key' : status === 429 ? 'rate_limit_exceeded' : null;
      return { error: { message, type: status === 401 ? 'invalid_request_error' : openaiErrorType(status), param: null, code } };
    }
  }
}

/** Anthropic error type for an HTTP status. */
export function anthropicErrorType(status: number): string {
  switch (status) {
    case 400: return 'invalid_request_error';
    case 401: return 'authentication_error';
    case 403: return 'permission_error';
    case 404: return 'not_found_error';
    case 413: return 'request_too_large';
    case 429: return 'rate_limit_error';
    case 529: return 'overloaded_error';
    default: return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** Error body for the Anthropic endpoints: `{type:"error", error:{type, message}, request_id}`. */
export function anthropicErrorBody(status: number, message: string, requestId: string): Record<string, unknown> {
  return { type: 'error', error: { type: anthropicErrorType(status), message }, request_id: requestId };
}

/** What each server answers for a route it does not have: status, content type and body text. */
export function notFoundAnswer(flavor: FakeFlavor, path: string, anthropicRoute: boolean): { contentType: string; body: string } {
  if (flavor === 'anthropic' || (anthropicRoute && flavor === 'openai')) {
    return json({ type: 'error', error: { type: 'not_found_error', message: `Not found: ${path}` } });
  }
  switch (flavor) {
    case 'vllm':
      return json({ detail: 'Not Found' });
    case 'llamacpp':
      return json({ error: { code: 404, message: 'File Not Found', type: 'not_found_error' } });
    case 'ollama':
      return { contentType: 'text/plain', body: '404 page not found' };
    default:
      return json(openaiErrorBody('openai', 404, `Invalid URL (POST ${path})`));
  }
}

function json(body: Record<string, unknown>): { contentType: string; body: string } {
  return { contentType: 'application/json', body: JSON.stringify(body) };
}
