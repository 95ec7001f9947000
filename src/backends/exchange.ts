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
  search: string;
  log: Logger;
  bodyText: string;
  bodyBytes?: Buffer;
  json: Record<string, unknown>;
  conversation?: ConversationRequest;
  model: string;
  stream: boolean;
  /** Every backend call this request made, in order (retries included), for the per-backend metrics. */
  backendCalls?: BackendCall[];
  redaction?: { values: number; unredactable: boolean };
  restorer?: Restorer;
  candidates: Candidate[];
  served?: Served;
  usage?: Usage;
  needsUsage?: boolean;
  usageInjected?: boolean;
  upstreamMs: number;
  clientAbort: AbortController;
  error?: GatewayError;
  status?: number;
  eventStream?: boolean;
  completed?: boolean;
  reply: ReplySink;
}
