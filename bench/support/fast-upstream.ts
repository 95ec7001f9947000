/**
 * A minimal, fast OpenAI Chat Completions server for benchmarks, run as its own process:
 *
 *   node bench/support/fast-upstream.ts        -> prints {"url":"http://127.0.0.1:PORT","pid":N} on stdout
 *
 * `POST /v1/chat/completions` answers a fixed ~300-byte reply, as one JSON body or (when the request
 * has `"stream": true`) as an SSE stream: a role chunk, 20 content chunks, a finish chunk with usage,
 * then `[DONE]`. `POST /v1/messages` answers the same text in the Anthropic Messages format. Every answer byte is prepared at start-up; there is no artificial delay and the
 * request body is only scanned, not parsed, so the fake costs as little CPU as possible. Unlike the
 * test fake it never splits frames or pauses. It exits when its stdin closes (the bench went away) or
 * on SIGTERM.
 *
 *   node bench/support/fast-upstream.ts --stream-ms N   streams like a model that takes N ms to answer:
 *     headers and the first event at once, the other events spread over N ms (JSON answers unchanged)
 */
import { createServer } from 'node:http';
import { serveAsChild } from './processes.ts';

/** The reply text: ~300 bytes of plain ASCII, split into 20 stream pieces. */
export const REPLY_TEXT =
  'The function reads the configuration once at start-up and caches it, so the second call returns ' +
  'the same object. To reload it, call reset() first or pass { fresh: true }. Note that the cache key ' +
  'includes the working directory, so tests that chdir() get separate entries. Nothing here touches ' +
  'the network or the disk after the first read.';

const PIECES = 20;
const MODEL = 'bench-model';
const CREATED = 1_700_000_000;
const ID = 'chatcmpl-bench0000000000000000';
const USAGE = { prompt_tokens: 512, completion_tokens: 64, total_tokens: 576 };

function pieces(text: string, n: number): string[] {
  const size = Math.ceil(text.length / n);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(text.slice(i * size, (i + 1) * size));
  return out;
}

const jsonBody = Buffer.from(
  JSON.stringify({
    id: ID,
    object: 'chat.completion',
    created: CREATED,
    model: MODEL,
    choices: [{ index: 0, message: { role: 'assistant', content: REPLY_TEXT }, logprobs: null, finish_reason: 'stop' }],
    usage: USAGE,
  }),
);

const chunk = (delta: Record<string, unknown>, finish: string | null, usage?: object): Buffer =>
  Buffer.from(
    `data: ${JSON.stringify({
      id: ID,
      object: 'chat.completion.chunk',
      created: CREATED,
      model: MODEL,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(usage ? { usage } : {}),
    })}\n\n`,
  );

/** The stream's SSE events, each written with its own `res.write` (as a real server emits tokens). */
export const streamEvents: Buffer[] = [
  chunk({ role: 'assistant', content: '' }, null),
  ...pieces(REPLY_TEXT, PIECES).map((p) => chunk({ content: p }, null)),
  chunk({}, 'stop', USAGE),
  Buffer.from('data: [DONE]\n\n'),
];
export const streamBytes = streamEvents.reduce((n, b) => n + b.length, 0);
export const jsonBytes = jsonBody.length;

// Anthropic Messages (`POST /v1/messages`): the same reply text as one message or as the event sequence
// the Messages API streams (message_start, a text block, 20 deltas, message_delta with usage, message_stop).
const MSG_ID = 'msg_bench000000000000000000';
const anthropicJsonBody = Buffer.from(
  JSON.stringify({
    id: MSG_ID,
    type: 'message',
    role: 'assistant',
    model: MODEL,
    content: [{ type: 'text', text: REPLY_TEXT }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 512, output_tokens: 64 },
  }),
);
const sse = (event: string, data: object): Buffer => Buffer.from(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
export const anthropicStreamEvents: Buffer[] = [
  sse('message_start', {
    message: { id: MSG_ID, type: 'message', role: 'assistant', model: MODEL, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 512, output_tokens: 1 } },
  }),
  sse('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  ...pieces(REPLY_TEXT, PIECES).map((p) => sse('content_block_delta', { index: 0, delta: { type: 'text_delta', text: p } })),
  sse('content_block_stop', { index: 0 }),
  sse('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 64 } }),
  sse('message_stop', {}),
];
export const anthropicStreamBytes = anthropicStreamEvents.reduce((n, b) => n + b.length, 0);
export const anthropicJsonBytes = anthropicJsonBody.length;

const STREAM_TRUE = /"stream"\s*:\s*true/;

function isStream(body: Buffer): boolean {
  // Bench requests put `stream` near the top; scanning the head avoids parsing 150 KB per request. The
  // gateway's translated rendering may put it anywhere: a compact `"stream":true` (inside a string it
  // would be escaped) is searched for in the whole body, which is a byte search, not a parse.
  return STREAM_TRUE.test(body.subarray(0, 512).toString('latin1')) || body.indexOf('"stream":true') >= 0;
}

/** Writes `events` and ends: at once, or (with `--stream-ms`) the first at once and the rest spread over `spreadMs`. */
function writeEvents(res: import('node:http').ServerResponse, events: Buffer[], spreadMs: number): void {
  if (spreadMs <= 0) {
    for (const event of events) res.write(event);
    res.end();
    return;
  }
  res.write(events[0]!);
  let i = 1;
  const step = spreadMs / Math.max(1, events.length - 1);
  const timer = setInterval(() => {
    if (res.destroyed) return void clearInterval(timer);
    res.write(events[i++]!);
    if (i >= events.length) {
      clearInterval(timer);
      res.end();
    }
  }, step);
}

function main(): void {
  const at = process.argv.indexOf('--stream-ms');
  const spreadMs = at >= 0 ? Number(process.argv[at + 1]) : 0;
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const messages = req.url?.startsWith('/v1/messages') === true;
      if (req.method !== 'POST' || (!messages && !req.url?.startsWith('/v1/chat/completions'))) {
        const body = '{"error":{"message":"not found","type":"invalid_request_error"}}';
        res.writeHead(404, { 'content-type': 'application/json', 'content-length': body.length });
        res.end(body);
        return;
      }
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      if (messages) {
        if (isStream(body)) {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': 'req_fake1' });
          writeEvents(res, anthropicStreamEvents, spreadMs);
        } else {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': anthropicJsonBody.length, 'request-id': 'req_fake1' });
          res.end(anthropicJsonBody);
        }
        return;
      }
      if (isStream(body)) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': 'fake-1' });
        writeEvents(res, streamEvents, spreadMs);
      } else {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': jsonBody.length, 'x-request-id': 'fake-1' });
        res.end(jsonBody);
      }
    });
  });
  serveAsChild(server);
}

if (import.meta.main) main();
