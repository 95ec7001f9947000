import type { Dialect, Endpoint } from '../domain/endpoint.ts';

export type { Endpoint } from '../domain/endpoint.ts';

const table: Record<string, Endpoint> = {
  '/v1/messages': { api: 'messages', dialect: 'anthropic-messages', upstreamPath: 'messages', generation: true },
  '/v1/messages/count_tokens': { api: 'count_tokens', dialect: 'anthropic-messages', upstreamPath: 'messages/count_tokens', generation: false },
  '/v1/chat/completions': { api: 'chat', dialect: 'openai-chat', upstreamPath: 'chat/completions', generation: true },
  '/v1/responses': { api: 'responses', dialect: 'openai-responses', upstreamPath: 'responses', generation: true },
  '/v1/completions': { api: 'completions', dialect: 'openai-chat', upstreamPath: 'completions', generation: false },
  '/v1/embeddings': { api: 'embeddings', dialect: 'openai-chat', upstreamPath: 'embeddings', generation: false },
};

/**
 * Finds the endpoint for a request path (query ignored). Accepts the paths with or without the `/v1`
 * prefix, since clients differ in whether their base URL includes it.
 */
export function findEndpoint(pathname: string): Endpoint | undefined {
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return table[path] ?? table['/v1' + path];
}

/** Which dialect's error format to use for an unknown path: a best guess from the path and headers. */
export function guessDialect(pathname: string, headers: Record<string, string | string[] | undefined>): Dialect {
  if (pathname.includes('messages') || headers['anthropic-version'] !== undefined) return 'anthropic-messages';
  if (pathname.includes('responses')) return 'openai-responses';
  return 'openai-chat';
}
