import type { BackendExchange } from './exchange.ts';
import type { Candidate } from './candidate.ts';
import type { Dialect, StreamEncoder } from '../protocols/protocol.ts';
import type { StreamEvent } from '../conversation/index.ts';
import type { UpstreamRequestOptions, UpstreamResponse } from './upstream-request.ts';
import { readAll, readWithIdleTimeout } from './upstream-request.ts';
import { upstreamHeaders } from './upstream-headers.ts';
import { protocols } from '../protocols/index.ts';
import { SseDecoder } from '../sse/decoder.ts';
import { encodeSseAll } from '../sse/encoder.ts';
import { StreamAccumulator } from '../stream/accumulate.ts';
import { responseToEvents } from '../stream/replay.ts';
import { gatewayError, GatewayError, toGatewayError } from '../errors.ts';
import { serializeJson } from './serialize-body.ts';

/**
 * The upstream request for a backend of another dialect: the canonical conversation rendered in the
 * backend's dialect, always streamed (one decoding path; non-stream clients get the accumulated answer).
 */
export function buildTranslated(ctx: BackendExchange, candidate: Candidate, dialect: Dialect, path: string): UpstreamRequestOptions {
  if (!ctx.conversation) throw gatewayError('SEKISHO_ERR_INTERNAL', { detail: 'no conversation to translate' });
  const wire = protocols[dialect].renderRequest(ctx.conversation, {
    model: candidate.model,
    stream: true,
    sourceDialect: ctx.endpoint.dialect,
  });
  return {
    method: 'POST',
    path,
    headers: upstreamHeaders(candidate.backend, dialect, ctx.id, undefined, true),
    // Bytes built piece by piece: never the whole body as one string (serialize-body.ts).
    body: serializeJson(wire),
    signal: ctx.clientAbort.signal,
  };
}

/**
 * Translates the backend's answer into the client's dialect (or, when values were redacted, re-encodes a
 * same-dialect answer through the canonical model so placeholders can be restored). Backend SSE -> backend decoder -> canonical
 * events -> client encoder (stream) or accumulator (non-stream). Failures after the stream started reach
 * the client as its dialect's in-stream error.
 */
export async function relayTranslated(
  ctx: BackendExchange,
  upstream: UpstreamResponse,
  dialect: Dialect,
  idleMs: number,
): Promise<void> {
  const client = protocols[ctx.endpoint.dialect];
  const encoderOptions = { model: ctx.model, requestId: ctx.id, ...(ctx.conversation ? { request: ctx.conversation } : {}) };
  const sink = ctx.stream ? streamSink(ctx, client.createStreamEncoder(encoderOptions)) : bufferSink(ctx, encoderOptions);
  // Redacted values go back into the answer before it is encoded for the client.
  const restore = ctx.restorer?.createStreamRestorer();
  const backend = ctx.served?.backend;
  const restored = (events: StreamEvent[]): StreamEvent[] => nameBackend(restore ? events.flatMap(restore) : events, backend);

  const contentType = String(upstream.headers['content-type'] ?? '');
  if (!contentType.startsWith('text/event-stream')) {
    // A backend that ignored `stream: true` and answered with one JSON body.
    const started = performance.now();
    const body = await readAll(upstream.body, idleMs, ctx.clientAbort.signal);
    ctx.upstreamMs += performance.now() - started;
    const parsed = protocols[dialect].parseResponse(parseJson(body));
    if (!parsed.ok) throw gatewayError('SEKISHO_ERR_UPSTREAM_PROTOCOL', { detail: parsed.message });
    sink.push(restored(responseToEvents(parsed.value)));
    sink.finish();
    return;
  }

  const sse = new SseDecoder();
  const decoder = protocols[dialect].createStreamDecoder();
  try {
    let waitStart = performance.now();
    for await (const chunk of readWithIdleTimeout(upstream.body, idleMs, ctx.clientAbort.signal)) {
      ctx.upstreamMs += performance.now() - waitStart;
      const events: StreamEvent[] = [];
      for (const e of sse.push(chunk)) events.push(...decoder.push(e));
      if (events.length > 0) sink.push(restored(events));
      if (sink.done) return; // the client has its whole answer; the rest drains in the background
      waitStart = performance.now();
    }
    const tail: StreamEvent[] = [];
    for (const e of sse.end()) tail.push(...decoder.push(e));
    tail.push(...decoder.end());
    sink.push(restored(tail));
    sink.finish();
  } catch (err) {
    sink.fail(toGatewayError(err));
  }
}

/**
 * Failures the backend's stream reported (an error event, an early end) name the backend, so the
 * developer (and whoever runs the gateway) knows which server said it.
 */
function nameBackend(events: StreamEvent[], backend: string | undefined): StreamEvent[] {
  if (backend === undefined || !events.some((e) => e.type === 'error')) return events;
  return events.map((e) => (e.type === 'error' ? { ...e, error: withBackendName(e.error, backend) } : e));
}

/** `The model backend …` → `The model backend "name" …` (the upstream error templates in errors.ts). */
function withBackendName<T extends { message: string }>(info: T, backend: string): T {
  if (!info.message.startsWith('The model backend ')) return info;
  return { ...info, message: info.message.replace('The model backend ', `The model backend "${backend}" `) };
}

interface Sink {
  /** True once the client's answer is complete (its terminal event was sent). */
  readonly done: boolean;
  push(events: StreamEvent[]): void;
  finish(): void;
  fail(err: GatewayError): void;
}

function streamSink(ctx: BackendExchange, encoder: StreamEncoder): Sink {
  let ended = false;
  const write = (events: StreamEvent[]): void => {
    if (ended || events.length === 0) return;
    if (!ctx.res.headersSent) ctx.reply.startEventStream();
    const out = [];
    let terminal = false;
    for (const e of events) {
      if (e.type === 'finish') ctx.usage = e.usage;
      if (e.type === 'error') ctx.error = new GatewayError(e.error);
      out.push(...encoder.push(e));
      if (e.type === 'error' || e.type === 'finish') {
        terminal = true;
        break;
      }
    }
    if (out.length > 0) ctx.res.write(encodeSseAll(out));
    if (terminal) {
      // The answer is complete (or failed) for the client: end it now, not when the upstream closes.
      ended = true;
      ctx.completed = ctx.error === undefined;
      ctx.res.end();
    }
  };
  return {
    get done() {
      return ended;
    },
    push: write,
    finish() {
      if (ended) return;
      if (!ctx.res.headersSent) ctx.reply.startEventStream();
      ended = true;
      ctx.res.end();
    },
    fail(err) {
      if (ended || ctx.clientAbort.signal.aborted) return;
      if (!ctx.res.headersSent) {
        ctx.reply.sendError(err);
        return;
      }
      write([{ type: 'error', error: { ...err.info, requestId: ctx.id } }]);
    },
  };
}

function bufferSink(ctx: BackendExchange, options: Parameters<typeof protocols['openai-chat']['renderResponse']>[1]): Sink {
  const acc = new StreamAccumulator();
  return {
    done: false,
    push(events) {
      for (const e of events) acc.push(e);
    },
    finish() {
      const response = acc.result();
      if (!response) {
        const info = acc.error;
        ctx.reply.sendError(info ? new GatewayError(info) : gatewayError('SEKISHO_ERR_UPSTREAM_ABORTED', { detail: 'stream ended without a finish' }));
        return;
      }
      ctx.usage = response.usage;
      ctx.reply.sendJson(200, protocols[ctx.endpoint.dialect].renderResponse(response, options));
    },
    fail(err) {
      if (!ctx.clientAbort.signal.aborted) ctx.reply.sendError(err);
    },
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw gatewayError('SEKISHO_ERR_UPSTREAM_PROTOCOL', { detail: 'answer is not JSON' }, { cause: err });
  }
}

/** An error answer from a translated backend, as a gateway error the client's dialect can render. */
export async function upstreamStatusError(upstream: UpstreamResponse, idleMs: number, signal: AbortSignal, backend?: string): Promise<GatewayError> {
  const err = await statusError(upstream, idleMs, signal);
  return backend === undefined ? err : new GatewayError(withBackendName(err.info, backend));
}

async function statusError(upstream: UpstreamResponse, idleMs: number, signal: AbortSignal): Promise<GatewayError> {
  let detail = `HTTP ${upstream.status}`;
  try {
    const text = (await readAll(upstream.body, idleMs, signal, 1024 * 1024)).toString('utf8');
    detail = extractMessage(text) ?? (text.slice(0, 500) || detail);
  } catch {
    // keep the status-only detail
  }
  // Client-side faults keep their status; a backend's own failure is a bad gateway for the client.
  const s = upstream.status;
  const kinds: Record<number, GatewayError['info']['kind']> = {
    400: 'invalid_request',
    404: 'not_found',
    413: 'request_too_large',
    422: 'invalid_request',
    429: 'rate_limit',
  };
  const kind = kinds[s];
  return kind
    ? gatewayError('SEKISHO_ERR_UPSTREAM_STATUS', { upstreamStatus: s, detail }, { status: s, kind })
    : gatewayError('SEKISHO_ERR_UPSTREAM_STATUS', { upstreamStatus: s, detail }, { status: 502 });
}

function extractMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const error = body.error;
    if (typeof error === 'string') return error;
    if (error && typeof error === 'object' && typeof (error as Record<string, unknown>).message === 'string') {
      return (error as Record<string, string>).message;
    }
    if (typeof body.message === 'string') return body.message;
    if (typeof body.detail === 'string') return body.detail;
  } catch {
    // not JSON
  }
  return undefined;
}
