import type { IncomingHttpHeaders } from 'node:http';
import type { Backend } from './backend.ts';
import type { Dialect } from '../protocols/protocol.ts';

/** The Anthropic API version sent when Sekisho itself speaks to an Anthropic backend (translation). */
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

/**
 * Client request headers that reach a backend (Anthropic dialect, passthrough). Inspection scans them
 * and, since a header cannot be redacted exactly, refuses a request whose forwarded header carries a
 * value policy redacts. Keep this list in step with `upstreamHeaders` below.
 */
export const FORWARDED_CLIENT_HEADERS: readonly string[] = ['anthropic-version', 'anthropic-beta'];

/**
 * Headers for an upstream request. The client's own credential is never forwarded: it authenticates to
 * the gateway; the backend gets the gateway's configured key. Anthropic version and beta headers are
 * forwarded byte-for-byte on passthrough, since they change the API's behaviour.
 */
export function upstreamHeaders(
  backend: Backend,
  dialect: Dialect,
  requestId: string,
  client: IncomingHttpHeaders | undefined,
  stream: boolean,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    'accept-encoding': 'identity',
    'x-request-id': requestId,
    ...backend.config.headers,
  };
  if (dialect === 'anthropic-messages') {
    const version = client?.['anthropic-version'];
    headers['anthropic-version'] = typeof version === 'string' ? version : DEFAULT_ANTHROPIC_VERSION;
    const beta = client?.['anthropic-beta'];
    if (typeof beta === 'string') headers['anthropic-beta'] = beta;
    else if (Array.isArray(beta)) headers['anthropic-beta'] = beta.join(',');
    if (backend.config.apiKey !== undefined) {
      if (backend.config.type === 'anthropic') headers['x-api-key'] = backend.config.apiKey;
      else headers.authorization = `Bearer ${backend.config.apiKey}`;
    }
  } else if (backend.config.apiKey !== undefined) {
    headers.authorization = `Bearer ${backend.config.apiKey}`;
  }
  return headers;
}
