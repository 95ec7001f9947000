import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConversationRequest, Usage } from '../conversation/index.ts';
import type { Endpoint } from '../domain/endpoint.ts';
import type { GatewayError } from '../errors.ts';
import type { Candidate } from '../routing/router.ts';
import type { Logger } from '../log.ts';
import type { Finding } from '../inspection/finding.ts';
import type { Uninspected } from '../inspection/surfaces.ts';
import type { Restorer } from '../redaction/restore.ts';
import type { PlacedDetection } from '../inspection/inspector.ts';
import type { Principal } from '../domain/principal.ts';
import type { Decision } from '../domain/decision.ts';
import type { Served } from '../domain/served.ts';
import type { BackendExchange, ReplySink } from '../backends/exchange.ts';

export type { Principal } from '../domain/principal.ts';
export type { PolicyAction, Decision } from '../domain/decision.ts';
export type { Served } from '../domain/served.ts';

export type { BackendCall } from '../backends/exchange.ts';

/**
 * Everything one request carries through the pipeline. Stages read what earlier stages set; the audit
 * stage reads all of it at the end. Request content lives only here, in memory, for the request's life.
 */
export interface RequestContext extends BackendExchange {
  id: string;
  /** performance.now() when the request arrived. */
  startedAt: number;
  /** Wall clock at arrival, for logs and audit. */
  receivedAt: Date;
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
  principal: Principal;
  /** What inspection found (values replaced by keyed hashes). */
  findings: Finding[];
  /** In-process only (hold plaintext values): what redaction replaces when policy decides `redact`. */
  detections: PlacedDetection[];
  /** Images and documents that were not inspected. */
  uninspected: Uninspected[];
  /** Values were redacted in this request: how many, and whether any sat where they could not be changed. */
  redaction?: { values: number; unredactable: boolean };
  /** Puts redacted originals back into the answer; set when the conversation has redacted values. */
  restorer?: Restorer;
  decision: Decision;
  /** Set by the decide stage: `decision` is policy's (before it, `decision` is only the initial allow). */
  decided?: boolean;
  /** Set when the forward stage starts: from then on a failure is not a refusal by the gateway itself. */
  forwarding?: boolean;
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
  /** Which client tool sent the request (from user agent and headers): `claude-code`, `codex`, `opencode`, `openai-sdk`, `anthropic-sdk`, `other`. */
  clientTool: string;
  /** The conversation/session this request belongs to (client session header, else a hash of its start). */
  sessionKey?: string;
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
  /**
   * `res.end` was called and the audit stage is holding the real end until the request's event has
   * committed: the answer is complete as far as the pipeline is concerned (nothing more is written).
   */
  ending?: boolean;
  /** Where answers are written (server/respond.ts): backends and the error stage answer through it. */
  reply: ReplySink;
}

/** Milliseconds the gateway itself spent on this request so far (total minus time waiting on the backend). */
export function overheadMs(ctx: RequestContext): number {
  return Math.max(0, performance.now() - ctx.startedAt - ctx.upstreamMs);
}

/** The status a request ended with (audit, logs, metrics): 499 when the client went away before the answer was complete. */
export function finalStatus(ctx: RequestContext): number {
  if (ctx.clientAbort.signal.aborted && !ctx.res.writableFinished && !ctx.completed) return 499;
  return ctx.status ?? (ctx.res.headersSent ? ctx.res.statusCode : (ctx.error?.status ?? 500));
}

/**
 * The error code when the gateway refused this request itself — any error it raised before a backend
 * was tried, other than a policy block (a policy decision, recorded as such) — else undefined. The audit
 * event, the access log and the metrics record such a request as `refused`, not as a policy decision.
 */
export function refusalCode(ctx: RequestContext): string | undefined {
  const error = ctx.error;
  if (error === undefined || ctx.forwarding || error.code === 'SEKISHO_ERR_POLICY_BLOCKED') return undefined;
  // The client went away before any answer: nothing was refused (recorded as 499 with its error).
  if (ctx.clientAbort.signal.aborted && !ctx.res.headersSent) return undefined;
  return error.code;
}
