import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Backend } from './backend.ts';
import { gatewayError, GatewayError } from '../errors.ts';

/** An upstream answer whose headers have arrived; the body is still to be read. */
export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: IncomingMessage;
  /** ms from dispatch to response headers (backend time, excluded from gateway overhead). */
  waitMs: number;
}

export interface UpstreamRequestOptions {
  method: 'GET' | 'POST';
  /** Path relative to the backend base URL (e.g. `chat/completions`), may include a query. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Aborted when the client goes away: the upstream request is torn down with it. */
  signal: AbortSignal;
  /** Overrides the backend's configured first-byte timeout (health checks use a short one). */
  firstByteMs?: number;
}

/**
 * Sends one request to a backend and resolves when its response headers arrive. Enforces the connect
 * timeout (new connections only; pooled keep-alive sockets are already connected) and the first-byte
 * timeout. Rejects with a GatewayError whose code tells the retry logic whether it may try elsewhere:
 * nothing has reached the client at this point.
 */
export function sendUpstream(backend: Backend, options: UpstreamRequestOptions): Promise<UpstreamResponse> {
  const url = backend.urlFor(options.path);
  const { connectMs, firstByteMs: configuredFirstByte } = backend.config.timeouts;
  const firstByteMs = options.firstByteMs ?? configuredFirstByte;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const started = performance.now();
  // The listeners below live as long as the upstream request (its response holds it): they capture only
  // the signal, never `options`, so the body (150 KB and more) is not kept alive while the answer relays.
  const signal = options.signal;
  let body = options.body;
  const headers: Record<string, string | number> = { ...options.headers };
  if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
  const method = options.method;
  return new Promise<UpstreamResponse>((resolve, reject) => {
    if (signal.aborted) {
      reject(clientGone());
      return;
    }
    const req = send(url, { method, headers, agent: backend.agent });
    let connectTimer: NodeJS.Timeout | undefined;
    let firstByteTimer: NodeJS.Timeout | undefined;
    let settled = false;
    const clear = (): void => {
      clearTimeout(connectTimer);
      clearTimeout(firstByteTimer);
      signal.removeEventListener('abort', onAbort);
    };
    const fail = (err: GatewayError): void => {
      if (settled) return;
      settled = true;
      clear();
      req.destroy(err);
      reject(err);
    };
    const onAbort = (): void => fail(clientGone());
    signal.addEventListener('abort', onAbort, { once: true });

    req.on('socket', (socket) => {
      if (socket.connecting) {
        connectTimer = setTimeout(
          () => fail(gatewayError('SEKISHO_ERR_UPSTREAM_CONNECT', { detail: `connect timeout after ${connectMs} ms` })),
          connectMs,
        );
        socket.once('connect', () => clearTimeout(connectTimer));
      }
    });
    req.on('finish', () => {
      firstByteTimer = setTimeout(
        () => fail(gatewayError('SEKISHO_ERR_UPSTREAM_TIMEOUT', { detail: `no response within ${firstByteMs} ms` })),
        firstByteMs,
      );
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof GatewayError) return fail(err);
      fail(gatewayError('SEKISHO_ERR_UPSTREAM_CONNECT', { detail: `${backend.name}: ${err.code ?? err.message}` }, { cause: err }));
    });
    req.on('response', (res) => {
      if (settled) {
        res.destroy();
        return;
      }
      settled = true;
      clear();
      resolve({ status: res.statusCode ?? 502, headers: res.headers, body: res, waitMs: performance.now() - started });
    });
    req.end(body);
    body = undefined;
  });
}

/**
 * Reads an upstream body chunk by chunk, failing with SEKISHO_ERR_UPSTREAM_TIMEOUT when no byte arrives
 * for `idleMs`, and with SEKISHO_ERR_UPSTREAM_ABORTED when the connection breaks before the end.
 */
export async function* readWithIdleTimeout(
  body: IncomingMessage,
  idleMs: number,
  signal: AbortSignal,
): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let done = false;
  let failure: GatewayError | undefined;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      failure ??= gatewayError('SEKISHO_ERR_UPSTREAM_TIMEOUT', { detail: `stream idle for ${idleMs} ms` });
      body.destroy();
      notify();
    }, idleMs);
  };
  const onData = (chunk: Buffer): void => {
    queue.push(chunk);
    arm();
    if (queue.length > 16) body.pause();
    notify();
  };
  const onEnd = (): void => {
    done = true;
    notify();
  };
  const onClose = (): void => {
    if (!done && !body.complete) {
      failure ??= gatewayError('SEKISHO_ERR_UPSTREAM_ABORTED', { detail: 'connection closed mid-body' });
    }
    done = true;
    notify();
  };
  const onError = (err: Error): void => {
    failure ??= gatewayError('SEKISHO_ERR_UPSTREAM_ABORTED', { detail: err.message }, { cause: err });
    notify();
  };
  const onAbort = (): void => {
    failure ??= clientGone();
    body.destroy();
    notify();
  };
  body.on('data', onData);
  body.on('end', onEnd);
  body.on('close', onClose);
  body.on('error', onError);
  signal.addEventListener('abort', onAbort, { once: true });
  arm();
  try {
    for (;;) {
      if (queue.length > 0) {
        const chunk = queue.shift()!;
        if (queue.length < 4 && body.isPaused()) body.resume();
        yield chunk;
        continue;
      }
      if (failure) throw failure;
      if (done) return;
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    clearTimeout(timer);
    body.off('data', onData);
    body.off('end', onEnd);
    body.off('close', onClose);
    body.off('error', onError);
    signal.removeEventListener('abort', onAbort);
    if (!body.complete) {
      if (failure) {
        body.destroy();
      } else {
        // The consumer stopped early (the answer was complete for the client). Let the backend finish
        // its stream in the background for a moment so the keep-alive connection stays reusable.
        const linger = setTimeout(() => body.destroy(), LINGER_MS);
        linger.unref();
        body.once('close', () => clearTimeout(linger));
        body.resume();
      }
    }
  }
}

/** How long a stream the client no longer needs may take to end by itself before it is cut. */
const LINGER_MS = 2_000;

/** Reads a whole (small) upstream body, bounded, e.g. an error body or a non-stream answer. */
export async function readAll(body: IncomingMessage, idleMs: number, signal: AbortSignal, limit = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of readWithIdleTimeout(body, idleMs, signal)) {
    size += chunk.length;
    if (size > limit) throw gatewayError('SEKISHO_ERR_UPSTREAM_PROTOCOL', { detail: `answer larger than ${limit} bytes` });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** The client disconnected: not an upstream failure, never retried. */
export function clientGone(): GatewayError {
  return gatewayError('SEKISHO_ERR_UPSTREAM_ABORTED', { detail: 'client disconnected' }, { status: 499 });
}

/** Whether a failure before the first byte may be retried on another candidate. */
export function isRetryableBeforeFirstByte(err: GatewayError): boolean {
  return (
    err.status !== 499 &&
    (err.code === 'SEKISHO_ERR_UPSTREAM_CONNECT' || err.code === 'SEKISHO_ERR_UPSTREAM_TIMEOUT' || err.code === 'SEKISHO_ERR_UPSTREAM_ABORTED')
  );
}

/** Upstream statuses worth trying another replica for (nothing reached the client yet). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504 || status === 529 || status === 500;
}
