import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync, zstdDecompressSync } from 'node:zlib';
import { anthropicDialect, countTokensBody } from './fake-anthropic.ts';
import { chatDialect } from './fake-chat.ts';
import { completionsDialect } from './fake-completions.ts';
import { estimateTokens, isObject, stringField } from './fake-context.ts';
import type { FakeContext } from './fake-context.ts';
import { deliver } from './fake-delivery.ts';
import type { DeliveryState } from './fake-delivery.ts';
import type { FakeDialect } from './fake-dialect.ts';
import { embeddingsBody, modelBody, modelsBody } from './fake-embeddings.ts';
import { notFoundAnswer } from './fake-errors.ts';
import type { FakeFlavor, FakeReply, RecordedRequest } from './fake-reply.ts';
import { responsesDialect } from './fake-responses.ts';

export type { FakeFlavor, FakeReply, RecordedRequest } from './fake-reply.ts';

/** Options for `startFakeUpstream`. */
export interface FakeUpstreamOptions {
  flavor?: FakeFlavor;
  /** When set, requests must present this key (x-api-key or Bearer), else 401 in the endpoint's format. */
  requireKey?: string;
}

/** A running scripted model server on 127.0.0.1 (see `startFakeUpstream`). */
export interface FakeUpstream {
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** `url + '/v1'`, what SDKs and the gateway take as base URL. */
  baseUrl: string;
  flavor: FakeFlavor;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  /** Queues replies, consumed one per generation request (chat, responses, completions, messages). */
  enqueue(...replies: FakeReply[]): void;
  /** The reply used when the queue is empty. */
  setDefault(reply: FakeReply): void;
  /** Answers 404 (in the flavor's not-found format) for a path such as `/responses` or `/v1/messages/count_tokens`. */
  disable(endpointPath: string): void;
  lastRequest(): RecordedRequest | undefined;
  /** Stops listening and destroys every open connection, stalled streams included. */
  close(): Promise<void>;
}

/** The text every fake answers with unless told otherwise. */
export const DEFAULT_REPLY_TEXT = 'Hello from the fake upstream.';

const GENERATION: Record<string, FakeDialect> = {
  '/v1/chat/completions': chatDialect,
  '/v1/responses': responsesDialect,
  '/v1/completions': completionsDialect,
  '/v1/messages': anthropicDialect,
};

function normalizePath(p: string): string {
  const withV1 = p.startsWith('/v1') ? p : `/v1${p.startsWith('/') ? '' : '/'}${p}`;
  return withV1.length > 1 && withV1.endsWith('/') ? withV1.slice(0, -1) : withV1;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let buf = Buffer.concat(chunks);
  const encoding = String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === 'gzip') buf = gunzipSync(buf);
  else if (encoding === 'deflate') buf = inflateSync(buf);
  else if (encoding === 'br') buf = brotliDecompressSync(buf);
  else if (encoding === 'zstd') buf = zstdDecompressSync(buf);
  return buf.toString('utf8');
}

function presentedKey(req: IncomingMessage): string | undefined {
  const x = req.headers['x-api-key'];
  if (typeof x === 'string' && x !== '') return x;
  const auth = req.headers['authorization'];
  if (typeof auth === 'string' && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '');
  return undefined;
}

/** Starts a fake model server on 127.0.0.1 with an OS-assigned port. */
export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const flavor = options.flavor ?? 'openai';
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  const disabled = new Set<string>();
  const state: DeliveryState = { timers: new Set(), cutByServer: new WeakSet() };
  let defaultReply: FakeReply = { kind: 'text', text: DEFAULT_REPLY_TEXT };
  let closing = false;
  let seq = 0;
  const nextId = (prefix: string): string => `${prefix}fake${(++seq).toString(36).padStart(6, '0')}`;

  const flavorHeaders = (anthropicRoute: boolean): Record<string, string> => {
    const id = nextId('req_');
    if (anthropicRoute || flavor === 'anthropic') return { 'request-id': id };
    if (flavor === 'vllm') return { server: 'uvicorn', 'x-request-id': id };
    if (flavor === 'llamacpp') return { server: 'llama.cpp', 'x-request-id': id };
    if (flavor === 'ollama') return {};
    return { 'x-request-id': id, 'openai-processing-ms': '7' };
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const record: RecordedRequest = {
      method: req.method ?? 'GET', path: req.url ?? '/', headers: { ...req.headers }, body: '', json: undefined,
      apiKey: presentedKey(req), receivedAt: Date.now(), aborted: false,
    };
    requests.push(record);
    res.on('close', () => {
      if (!closing && !res.writableFinished && !state.cutByServer.has(res)) record.aborted = true;
    });
    record.body = await readBody(req);
    try {
      record.json = record.body === '' ? undefined : JSON.parse(record.body);
    } catch {
      record.json = undefined;
    }
    const path = normalizePath(new URL(record.path, 'http://fake').pathname);
    const anthropicRoute = path.startsWith('/v1/messages');
    const served = anthropicRoute || path.startsWith('/v1/models') || flavor !== 'anthropic';
    const headers = flavorHeaders(anthropicRoute);
    if (disabled.has(path) || !served) {
      const nf = notFoundAnswer(flavor, path, anthropicRoute);
      res.writeHead(404, { 'content-type': nf.contentType, ...headers });
      res.end(nf.body);
      return;
    }
    const errorDialect = anthropicRoute || flavor === 'anthropic' ? anthropicDialect : chatDialect;
    if (options.requireKey !== undefined && record.apiKey !== options.requireKey) {
      sendJson(res, 401, errorDialect.errorBody(flavor, 401, 'invalid x-api-key / bearer token'), headers);
      return;
    }
    if (req.method === 'GET' && path === '/v1/models') return sendJson(res, 200, modelsBody(), headers);
    if (req.method === 'GET' && path.startsWith('/v1/models/')) {
      return sendJson(res, 200, modelBody(decodeURIComponent(path.slice('/v1/models/'.length))), headers);
    }
    const dialect = GENERATION[path];
    const known = dialect !== undefined || path === '/v1/embeddings' || path === '/v1/messages/count_tokens';
    if (!known || req.method !== 'POST') {
      const nf = notFoundAnswer(flavor, path, anthropicRoute);
      res.writeHead(404, { 'content-type': nf.contentType, ...headers });
      res.end(nf.body);
      return;
    }
    const body = record.json;
    if (!isObject(body)) {
      sendJson(res, 400, errorDialect.errorBody(flavor, 400, 'request body is not a JSON object'), headers);
      return;
    }
    // Like real servers, a body of the wrong shape is refused by the route's validation (Sekisho's
    // start-up probe relies on it: backends/probe-apis.ts).
    const wrongShape =
      (body.messages !== undefined && !Array.isArray(body.messages)) ||
      (path === '/v1/responses' && body.input !== undefined && typeof body.input !== 'string' && !Array.isArray(body.input));
    if (wrongShape) {
      sendJson(res, 400, errorDialect.errorBody(flavor, 400, 'body does not validate: messages must be a list, input a string or a list'), headers);
      return;
    }
    const model = stringField(body, 'model') ?? 'fake-model';
    if (path === '/v1/embeddings') return sendJson(res, 200, embeddingsBody(body, model), headers);
    if (path === '/v1/messages/count_tokens') return sendJson(res, 200, countTokensBody(record.body), headers);
    if (dialect === undefined) return;
    const ctx: FakeContext = {
      flavor, model, body, promptTokens: estimateTokens(record.body), created: Math.floor(Date.now() / 1000), id: nextId,
    };
    const reply = queue.shift() ?? defaultReply;
    await deliver({ res, dialect, ctx, stream: body['stream'] === true, headers, state }, reply);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err), type: 'fake_upstream_bug' } }, {});
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    baseUrl: `${url}/v1`,
    flavor,
    requests,
    enqueue: (...replies) => { queue.push(...replies); },
    setDefault: (reply) => { defaultReply = reply; },
    disable: (endpointPath) => { disabled.add(normalizePath(endpointPath)); },
    lastRequest: () => requests.at(-1),
    close: async () => {
      closing = true;
      for (const t of state.timers) clearTimeout(t);
      state.timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
