import type {
  ConversationRequest,
  ConversationResponse,
  GatewayErrorInfo,
  StreamEvent,
} from '../conversation/index.ts';
import type { SseEvent } from '../sse/sse-event.ts';
import type { Dialect } from '../domain/endpoint.ts';

export type { Dialect } from '../domain/endpoint.ts';

/** Parsing never throws on bad input: it returns data. */
export type ParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; message: string; /** JSON path of the offending field, e.g. `messages[2].content` */ param?: string };

/** Turns one dialect's stream (already split into SSE events) into canonical events. Stateful, one per stream. */
export interface StreamDecoder {
  /** Feed one upstream SSE event; returns the canonical events it completes (possibly none). */
  push(event: SseEvent): StreamEvent[];
  /**
   * The upstream stream ended. Returns closing events; if the stream ended without its terminal event
   * this returns an `error` event (a truncated stream must never look like a complete answer).
   */
  end(): StreamEvent[];
}

/** Turns canonical events into one dialect's SSE events for a client. Stateful, one per stream. */
export interface StreamEncoder {
  push(event: StreamEvent): SseEvent[];
}

export interface EncoderOptions {
  /** The model name the client asked for; shown in the answer. */
  model: string;
  /** Sekisho request id (`req_...`), usable as the response id when the backend gave none. */
  requestId: string;
  /** The parsed request, for dialects that echo request fields in their answer (Responses). */
  request?: ConversationRequest;
}

/**
 * One wire protocol. Each `src/protocols/<dialect>/` folder exports one of these from `index.ts`.
 * Client side: parseRequest, renderResponse, createStreamEncoder, renderError, renderStreamError.
 * Backend side (used when translating): renderRequest, parseResponse, createStreamDecoder.
 */
export interface Protocol {
  dialect: Dialect;
  /** Client request body (parsed JSON) → canonical request. Validates shape; unknown fields go to extensions. */
  parseRequest(body: unknown): ParseResult<ConversationRequest>;
  /**
   * Canonical request → a wire body for a backend of this dialect, for `model` (the backend's model
   * name). Content the dialect cannot express is dropped (e.g. another dialect's signed reasoning,
   * hosted tools of another origin); extensions are only emitted when they came from this dialect.
   */
  renderRequest(request: ConversationRequest, options: { model: string; stream: boolean; sourceDialect: Dialect }): Record<string, unknown>;
  /** Backend non-stream body → canonical response. */
  parseResponse(body: unknown): ParseResult<ConversationResponse>;
  /** Canonical response → client non-stream body. */
  renderResponse(response: ConversationResponse, options: EncoderOptions): Record<string, unknown>;
  createStreamDecoder(): StreamDecoder;
  createStreamEncoder(options: EncoderOptions): StreamEncoder;
  /** An error before any byte was sent: status and JSON body in this dialect's error shape. */
  renderError(error: GatewayErrorInfo): { status: number; body: Record<string, unknown> };
  /** An error after the stream started: the SSE events that tell this dialect's clients it failed. */
  renderStreamError(error: GatewayErrorInfo): SseEvent[];
}
