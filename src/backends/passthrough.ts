import type { BackendExchange } from './exchange.ts';
import type { Candidate } from './candidate.ts';
import type { UpstreamRequestOptions, UpstreamResponse } from './upstream-request.ts';
import { readAll, readWithIdleTimeout } from './upstream-request.ts';
import { upstreamHeaders } from './upstream-headers.ts';
import { findTopLevelValue } from '../util/json-top-level.ts';
import { applyBodyEdits, dropUsageOnlyChunks, includeUsageEdit, type BodyEdit } from './stream-usage.ts';
import { lastEventBoundary } from '../sse/event-boundary.ts';
import { SseDecoder } from '../sse/decoder.ts';
import { protocols } from '../protocols/index.ts';
import type { StreamDecoder } from '../protocols/protocol.ts';
import { toGatewayError } from '../errors.ts';
import { errorFieldToData } from './error-field.ts';

/**
 * The upstream request for a same-dialect backend: the client's bytes, with only `model` replaced when
 * routed, and — when a token budget needs it — a Chat stream asking for usage (see stream-usage.ts).
 */
export function buildPassthrough(ctx: BackendExchange, candidate: Candidate, path: string): UpstreamRequestOptions {
  let body: Buffer | string = ctx.bodyBytes ?? ctx.bodyText;
  const edits: BodyEdit[] = [];
  if (candidate.model !== ctx.model) {
    const span = findTopLevelValue(ctx.bodyText, 'model');
    if (span) edits.push({ span, value: JSON.stringify(candidate.model) });
  }
  ctx.usageInjected = false;
  if (ctx.needsUsage && ctx.stream && ctx.endpoint.api === 'chat') {
    const edit = includeUsageEdit(ctx.bodyText, ctx.json);
    if (edit) {
      edits.push(edit);
      ctx.usageInjected = true;
    }
  }
  if (edits.length > 0) body = applyBodyEdits(ctx.bodyText, ctx.bodyBytes, edits);
  return {
    method: 'POST',
    path,
    headers: upstreamHeaders(candidate.backend, ctx.endpoint.dialect, ctx.id, ctx.req.headers, ctx.stream),
    body,
    signal: ctx.clientAbort.signal,
  };
}

/** Upstream response headers worth handing to the client on passthrough. */
function passHeaders(upstream: UpstreamResponse): Record<string, string> {
  const out: Record<string, string> = {};
  const id = upstream.headers['request-id'] ?? upstream.headers['x-request-id'];
  if (typeof id === 'string') out['x-upstream-request-id'] = id;
  return out;
}

/**
 * Relays the backend's answer to the client. Streams are forwarded as whole SSE events as they arrive
 * (decoded on the side only to learn token usage); a failure mid-stream drops any half event and ends
 * with the client dialect's error event.
 */
export async function relayPassthrough(ctx: BackendExchange, upstream: UpstreamResponse, idleMs: number): Promise<void> {
  const contentType = String(upstream.headers['content-type'] ?? '');
  if (!contentType.startsWith('text/event-stream')) {
    const started = performance.now();
    const body = await readAll(upstream.body, idleMs, ctx.clientAbort.signal);
    ctx.upstreamMs += performance.now() - started;
    observeJson(ctx, upstream.status, body);
    ctx.status = upstream.status;
    ctx.res.writeHead(upstream.status, {
      ...passHeaders(upstream),
      ...ctx.reply.gatewayHeaders(),
      'content-type': contentType || 'application/json',
      'content-length': body.length,
    });
    ctx.res.end(body);
    return;
  }

  ctx.reply.startEventStream(upstream.status, passHeaders(upstream));
  const observe = createUsageObserver(ctx);
  let pending: Buffer = Buffer.alloc(0);
  try {
    let waitStart = performance.now();
    for await (const chunk of readWithIdleTimeout(upstream.body, idleMs, ctx.clientAbort.signal)) {
      ctx.upstreamMs += performance.now() - waitStart;
      waitStart = performance.now();
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const cut = lastEventBoundary(pending);
      if (cut === 0) continue;
      const complete = pending.subarray(0, cut);
      pending = pending.subarray(cut);
      ctx.res.write(forClient(ctx, complete));
      if (observe?.(complete)) {
        // Terminal event sent: the client has its whole answer; end it now (see RequestContext.completed).
        ctx.completed = true;
        ctx.res.end();
        break; // what the backend still sends after its terminal event is drained in the background
      }
    }
    if (!ctx.completed) {
      if (pending.length > 0) {
        observe?.(pending);
        ctx.res.write(forClient(ctx, pending));
      }
      ctx.res.end();
    }
  } catch (err) {
    if (!ctx.completed) ctx.reply.sendError(toGatewayError(err));
  }
}

/** Whole SSE events as the client gets them: usage chunks it did not ask for dropped, llama.cpp's `error:` made readable. */
function forClient(ctx: BackendExchange, events: Buffer): Buffer {
  const bytes = ctx.usageInjected ? dropUsageOnlyChunks(events) : events;
  return ctx.endpoint.dialect === 'openai-chat' ? errorFieldToData(bytes) : bytes;
}

/**
 * Watches a streamed generation answer without changing a byte of it: learns token usage, and returns
 * true once the dialect's terminal event (finish) has gone by.
 */
function createUsageObserver(ctx: BackendExchange): ((bytes: Buffer) => boolean) | undefined {
  if (!ctx.endpoint.generation) return undefined;
  const sse = new SseDecoder();
  const decoder: StreamDecoder = protocols[ctx.endpoint.dialect].createStreamDecoder();
  return (bytes) => {
    let finished = false;
    try {
      for (const event of sse.push(bytes)) {
        for (const e of decoder.push(event)) {
          if (e.type === 'finish') {
            ctx.usage = e.usage;
            finished = true;
          }
        }
      }
    } catch {
      // Observation is best effort: the bytes are the backend's answer and go to the client regardless.
    }
    return finished;
  };
}

function observeJson(ctx: BackendExchange, status: number, body: Buffer): void {
  if (!ctx.endpoint.generation || status < 200 || status >= 300) return;
  try {
    const parsed = protocols[ctx.endpoint.dialect].parseResponse(JSON.parse(body.toString('utf8')));
    if (parsed.ok) ctx.usage = parsed.value.usage;
  } catch {
    // Best effort, as above.
  }
}
