import type { Backend } from './backend.ts';
import { gatewayError, type GatewayError } from '../errors.ts';

/**
 * A backend answering 401, 403 or 404 to the gateway is a gateway configuration problem (its key, its
 * base URL, a route's model name), not the caller's. Relayed as-is, the backend's bare "invalid API key"
 * makes developers blame their Sekisho key, so it becomes a 502 in the client's format that names the
 * backend and the likely cause. The backend's own body goes to the operator's log only, with the
 * configured secrets masked.
 */
export function isBackendConfigStatus(status: number): boolean {
  return status === 401 || status === 403 || status === 404;
}

/** Whether `err` is the gateway error for such an answer. */
export function isBackendConfigError(err: GatewayError): boolean {
  return err.code === 'SEKISHO_ERR_BACKEND_AUTH_FAILED' || err.code === 'SEKISHO_ERR_BACKEND_NOT_FOUND';
}

/** The likely cause of a 401/403/404 from `backend`, in words an operator can act on. */
export function likelyCause(backend: Backend, status: number, body: string, model: string): string {
  const key = backend.config.apiKey !== undefined && backend.config.apiKey !== '';
  if (status === 401) {
    return key
      ? 'the backend key in the gateway configuration (backends[].apiKey) was rejected: wrong, expired or for another server'
      : 'no backend key is configured (backends[].apiKey) and the backend requires one';
  }
  if (status === 403) {
    return key
      ? 'the backend key in the gateway configuration is not allowed to use this model or API'
      : 'the backend refused an unauthenticated request: configure backends[].apiKey';
  }
  if (/model/i.test(body)) return `the backend does not know model "${model}": check the route's target model`;
  if (!/\/v\d+[a-z]*(\/|$)/.test(backend.baseUrl.pathname)) {
    return `the backend URL ${backend.baseUrl.origin}${backend.baseUrl.pathname} may lack its version prefix (e.g. /v1)`;
  }
  return 'the backend does not serve this API: check the backend URL and backends[].apis';
}

/** The gateway error for a 401/403/404 answer (see `isBackendConfigStatus`). */
export function backendConfigError(backend: Backend, status: number, path: string, body: string, model: string): GatewayError {
  const cause = likelyCause(backend, status, body, model);
  const params = { backend: backend.name, upstreamStatus: status, cause, path: `/${path.replace(/^\/+/, '').split('?')[0]}` };
  return gatewayError(status === 404 ? 'SEKISHO_ERR_BACKEND_NOT_FOUND' : 'SEKISHO_ERR_BACKEND_AUTH_FAILED', params);
}

/** A backend's error body for the operator's log: at most 500 characters, configured secrets masked. */
export function bodyForLog(backend: Backend, body: string): string {
  // Masked before it is cut: a secret straddling the cut would otherwise leave its first characters.
  let text = body;
  const secrets = [backend.config.apiKey, ...Object.values(backend.config.headers)].filter((s): s is string => typeof s === 'string' && s.length >= 8);
  for (const secret of secrets) text = text.split(secret).join('[backend secret]');
  return text.slice(0, 500);
}
