import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConversationRequest, Usage } from '../conversation/index.ts';
import type { Endpoint } from '../domain/endpoint.ts';
import type { Served } from '../domain/served.ts';
import type { GatewayError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Restorer } from '../redaction/restore.ts';
import type { Candidate } from './candidate.ts';

/**
 * Where a request's answer is written, provided by the server for each request (server/respond.ts):
 * every answer carries the gateway's headers, and errors are rendered in the client's own protocol.
 * Bytes of a relayed stream go to `res` after `startEventStream`.
 */
export interface ReplySink {
  /** Headers every answer carries (request id, gateway overhead, policy decision). */
  gatewayHeaders(): Record<string, string>;
  /** Sends a complete JSON answer. */
  sendJson(status: number, body: string | object, extra?: Record<string, string>): void;
  /** Starts an SSE answer; the caller writes events to `res` and ends it. */
  startEventStream(status?: number, extra?: Record<string, string>): void;
  /** Tells the client about a failure in its own protocol (JSON, in-stream error event, or a cut connection). */
  sendError(err: GatewayError): void;
}

/**
 * What the backends read and write of one request: the part of the pipeline's `RequestContext`
 * (pipeline/context.ts, which extends this and documents each field) that forwarding needs.
 */
/** One call to a backend (an attempt of the forward stage), for the per-backend metrics. */
export interface BackendCall {
  backend: string;
  /** The HTTP status the backend answered, or `error` when no answer arrived (connect error, timeout). */
  status: string;
  /** ms from sending to the answer's headers; absent when no answer arrived. */
  firstByteMs?: number;
}

export interface BackendExchange {
  id: string;
  req: IncomingMessage;
  res: ServerResponse;
  endpoint: Endpoint;
  /** Query string as received (`?beta=true`), forwarded on passthrough. */
  search: string;
  log: Logger;
  /** Raw request body as text (after content-encoding is undone). */
  bodyText: string;
  /**
   * The same body as bytes, sent upstream on passthrough: re-encoding a 150 KB string to UTF-8 on
   * every forward was a quarter of the gateway's CPU time. Cleared when the body is rewritten.
   */
  bodyBytes?: Buffer;
  /** Parsed JSON body. */
  json: Record<string, unknown>;
  /** Canonical conversation (generation endpoints), or a text-only view (completions/embeddings). */
  conversation?: ConversationRequest;
  /** The model the client asked for. */
  model: string;
  stream: boolean;
  /** Every backend call this request made, in order (retries included), for the per-backend metrics. */
  backendCalls?: BackendCall[];
  /** Values were redacted in this request: how many, and whether any sat where they could not be changed. */
  redaction?: { values: number; unredactable: boolean };
  /** Puts redacted originals back into the answer; set when the conversation has redacted values. */
  restorer?: Restorer;
  candidates: Candidate[];
  served?: Served;
  usage?: Usage;
  /**
   * Set by the limit stage when a token budget applies to this request: the answer's usage must be
   * learned, so a passthrough Chat stream asks the backend for it (`stream_options.include_usage`).
   */
  needsUsage?: boolean;
  /** The passthrough body asked for usage on the client's behalf: the extra usage-only chunk is hidden from it. */
  usageInjected?: boolean;
  /** Time spent waiting on the backend (connect + first byte, and stream reading), excluded from overhead. */
  upstreamMs: number;
  /** Aborted when the client disconnects before the answer is complete. */
  clientAbort: AbortController;
  /** Set when the request failed; rendered by the error stage. */
  error?: GatewayError;
  /** HTTP status sent (or to be sent). */
  status?: number;
  /** Set once an SSE answer has started: failures after that are reported as in-stream events. */
  eventStream?: boolean;
  /**
   * Set when the answer's terminal event reached the client. The client's response is ended right
   * then (Codex closes its connection as soon as it sees `response.completed`); whatever the upstream
   * still sends or does afterwards no longer concerns the client.
   */
  completed?: boolean;
  /** Where answers are written (server/respond.ts): backends and the error stage answer through it. */
  reply: ReplySink;
  /**
   * Called once when the answer is committed to a backend (its response headers arrived and no other
   * candidate will be tried), before the answer is relayed: the request body is not needed any more.
   */
  onCommitted?: () => void;
}
