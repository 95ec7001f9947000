import type { RequestContext } from '../pipeline/context.ts';
import { overheadMs, refusalCode } from '../pipeline/context.ts';
import { protocols } from '../protocols/index.ts';
import { encodeSseAll } from '../sse/encoder.ts';
import type { GatewayError } from '../errors.ts';
import { formatDecisionHeader } from '../policy/evaluate.ts';
import type { ReplySink } from '../backends/exchange.ts';

/** Headers every answer carries: the request id (quote it to the security team) and the gateway's own time. */
export function gatewayHeaders(ctx: RequestContext): Record<string, string> {
  const headers: Record<string, string> = {
    'x-request-id': ctx.id,
    'x-sekisho-overhead-ms': overheadMs(ctx).toFixed(2),
    // What policy decided (docs/policy.md), on every answer including errors and blocks; a request the
    // gateway refused itself says so, as its audit event does (`refused; rule=<code>`).
    'x-sekisho-decision': decisionHeader(ctx),
  };
  // Anthropic SDKs read `request-id`.
  if (ctx.endpoint.dialect === 'anthropic-messages') headers['request-id'] = ctx.id;
  return headers;
}

function decisionHeader(ctx: RequestContext): string {
  const refused = refusalCode(ctx);
  return refused === undefined ? formatDecisionHeader(ctx.decision) : `refused; rule=${refused}`;
}

/** Sends a complete JSON answer. */
export function sendJson(ctx: RequestContext, status: number, body: string | object, extra: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  ctx.status = status;
  ctx.res.writeHead(status, {
    ...extra,
    ...gatewayHeaders(ctx),
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  ctx.res.end(text);
}

/** Starts an SSE answer; the caller writes events and ends it. */
export function startEventStream(ctx: RequestContext, status = 200, extra: Record<string, string> = {}): void {
  ctx.status = status;
  ctx.eventStream = true;
  ctx.res.writeHead(status, {
    ...extra,
    ...gatewayHeaders(ctx),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
  ctx.res.flushHeaders();
}

/**
 * Longest `retry-after` an SDK waits for by itself: the official OpenAI and Anthropic SDKs honour it up
 * to 60 s and otherwise retry after their own short backoff, which cannot succeed when a day's token
 * budget resets in hours.
 */
const SDK_RETRY_AFTER_MAX_S = 60;

/**
 * `x-should-retry` for an error the gateway raises (the official SDKs obey it before their status
 * rules): `false` for refusals that cannot succeed when resent (4xx other than 429, and a 429 whose
 * wait is longer than an SDK waits); none otherwise, leaving 429s and 5xx to the SDK's own retry.
 */
function retryAdvice(status: number, retryAfter: number | undefined): string | undefined {
  if (status === 429) return retryAfter !== undefined && retryAfter > SDK_RETRY_AFTER_MAX_S ? 'false' : undefined;
  return status >= 400 && status < 500 ? 'false' : undefined;
}

/**
 * Tells the client about a failure in its own protocol: a JSON error before any byte was sent, or the
 * dialect's in-stream error events when an event stream is already open. A non-stream answer already
 * under way cannot be amended: the connection is cut so the client sees a failure, not a truncated body.
 *
 * A refusal can come before the body was read (identity and limits are checked from the headers
 * alone). The answer then says `connection: close` and Node closes the socket once it is written, so
 * the rest of the body is never read: without it Node would read and discard a body of any size to
 * keep the connection alive. Clients (fetch, the SDKs) still get the answer; they reconnect next time.
 */
export function sendError(ctx: RequestContext, err: GatewayError): void {
  ctx.error = err;
  const protocol = protocols[ctx.endpoint.dialect];
  const info = { ...err.info, requestId: ctx.id };
  if (ctx.res.destroyed || ctx.res.writableEnded || ctx.ending) return;
  if (!ctx.res.headersSent) {
    const { status, body } = protocol.renderError(info);
    const extra: Record<string, string> = {};
    if (info.retryAfter !== undefined) extra['retry-after'] = String(info.retryAfter);
    const retry = retryAdvice(status, info.retryAfter);
    if (retry !== undefined) extra['x-should-retry'] = retry;
    if (!ctx.req.complete) extra.connection = 'close';
    sendJson(ctx, status, body, extra);
    return;
  }
  if (ctx.eventStream) {
    ctx.res.end(encodeSseAll(protocol.renderStreamError(info)));
  } else {
    ctx.res.destroy(err);
  }
}

/**
 * The reply sink the server gives each request (`ctx.reply`): the functions above, bound to its context.
 * Takes the context lazily so it can be part of the context it writes for.
 */
export function replySink(context: () => RequestContext): ReplySink {
  return {
    gatewayHeaders: () => gatewayHeaders(context()),
    sendJson: (status, body, extra) => sendJson(context(), status, body, extra),
    startEventStream: (status, extra) => startEventStream(context(), status, extra),
    sendError: (err) => sendError(context(), err),
  };
}
