import type { Endpoint } from '../domain/endpoint.ts';
import type { Dialect } from '../protocols/protocol.ts';
import type { Backend } from './backend.ts';

/**
 * How one request is served by one backend:
 * - `passthrough`: the backend speaks the client's API; bytes go through (model name spliced if routed).
 * - `translate`: render the canonical conversation in `dialect`, translate the answer back.
 * - `estimate`: answered by the gateway (count_tokens without a backend endpoint).
 * - `unsupported`: this backend cannot serve it (another candidate may).
 */
export type Plan =
  | { mode: 'passthrough'; path: string }
  | { mode: 'translate'; dialect: Dialect; path: string }
  | { mode: 'estimate' }
  | { mode: 'unsupported'; reason: string };

const pathOf: Record<Dialect, string> = {
  'anthropic-messages': 'messages',
  'openai-chat': 'chat/completions',
  'openai-responses': 'responses',
};

export function planFor(endpoint: Endpoint, backend: Backend, search: string): Plan {
  if (backend.supports(endpoint.api)) {
    // The query (e.g. Claude Code's `?beta=true`) only means something to a backend of the same API.
    return { mode: 'passthrough', path: endpoint.upstreamPath + (endpoint.api === 'messages' || endpoint.api === 'count_tokens' ? search : '') };
  }
  if (endpoint.api === 'count_tokens') return { mode: 'estimate' };
  if (!endpoint.generation) {
    return { mode: 'unsupported', reason: `backend "${backend.name}" does not serve the ${endpoint.api} API` };
  }
  // Translate into the first generation API the backend has, preferring its native chat dialect.
  const order: Array<[Dialect, 'chat' | 'messages' | 'responses']> =
    backend.config.type === 'anthropic'
      ? [['anthropic-messages', 'messages'], ['openai-chat', 'chat'], ['openai-responses', 'responses']]
      : [['openai-chat', 'chat'], ['anthropic-messages', 'messages'], ['openai-responses', 'responses']];
  for (const [dialect, api] of order) {
    if (dialect !== endpoint.dialect && backend.supports(api)) return { mode: 'translate', dialect, path: pathOf[dialect] };
  }
  return { mode: 'unsupported', reason: `backend "${backend.name}" serves no API Sekisho can translate ${endpoint.api} into` };
}
