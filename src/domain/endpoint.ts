/** The wire dialects Sekisho speaks, to clients and to backends. */
export type Dialect = 'anthropic-messages' | 'openai-chat' | 'openai-responses';

/** Which wire API a backend serves natively. */
export type BackendApi = 'chat' | 'responses' | 'completions' | 'embeddings' | 'messages' | 'count_tokens';

/**
 * The client-facing API surface. `dialect` decides the error format and (for generation APIs) the
 * protocol adapter; `api` is what a backend must support to take the request natively.
 */
export interface Endpoint {
  api: BackendApi;
  dialect: Dialect;
  /** Path of this API below a backend's base URL. */
  upstreamPath: string;
  /** Generation endpoints have a protocol adapter and can be translated; the others only pass through. */
  generation: boolean;
}
