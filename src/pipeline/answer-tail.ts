import type { ServerResponse } from 'node:http';
import { SseDecoder } from '../sse/decoder.ts';
import { TAIL_CHARS } from '../inspection/turn-tails.ts';

/** What the client was told about one Responses answer: its id and the end of its output text. */
export interface AnswerSeen {
  id: string | undefined;
  text: string;
}

/** Most bytes of a non-stream answer kept to read its id (a larger one is not remembered: no join next turn). */
const MAX_JSON_BYTES = 8 * 1024 * 1024;

/**
 * Watches the bytes a Responses answer sends the client — whatever the backend (passthrough or
 * translated: the client always gets its own dialect), JSON or SSE — without changing them, and returns
 * what it saw once the answer is done. The id is the one the client will send back as
 * `previous_response_id`.
 *
 * With `beforeEnd`, the answer's end is held: at the first `res.end` the last bytes are read, `beforeEnd`
 * gets what was seen and the real end waits until it resolves (the turn's tail is stored, also in a
 * shared store, before the client can send the next turn to another instance); when it rejects the
 * response is destroyed instead of completed (fail closed: no complete answer whose tail is not kept).
 * Further `end` calls while held are ignored.
 */
export function watchAnswer(res: ServerResponse, beforeEnd?: (seen: AnswerSeen) => Promise<void>): () => AnswerSeen {
  const seen: AnswerSeen = { id: undefined, text: '' };
  let sse: SseDecoder | undefined;
  let json: Buffer[] | undefined = [];
  let jsonBytes = 0;
  let done = false;
  const feed = (chunk: unknown, encoding?: unknown): void => {
    if (done || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const bytes =
      typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
      : Buffer.isBuffer(chunk) ? chunk
      : Buffer.from(chunk as Uint8Array);
    try {
      // A JSON answer starts with `{`; an event stream with a field name or a comment (headers may have
      // been written with writeHead, which getHeader does not see).
      if (sse === undefined && json !== undefined && json.length === 0 && bytes.length > 0 && !startsJson(bytes)) {
        sse = new SseDecoder();
        json = undefined;
      }
      if (sse !== undefined) {
        for (const event of sse.push(bytes)) onEvent(seen, event.data);
      } else if (json !== undefined) {
        jsonBytes += bytes.length;
        if (jsonBytes > MAX_JSON_BYTES) json = undefined;
        else json.push(bytes);
      }
    } catch {
      // Watching is best effort: the bytes go to the client regardless; an unread answer is not remembered.
      sse = undefined;
      json = undefined;
    }
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((...args: unknown[]) => {
    feed(args[0], args[1]);
    return write(...args);
  }) as ServerResponse['write'];
  let held = false;
  const finish = (): AnswerSeen => {
    // Left wrapped (something may have wrapped them since), only no longer watched.
    if (done) return seen;
    done = true;
    if (sse === undefined && json !== undefined && json.length > 0) {
      try {
        readResponse(seen, JSON.parse(Buffer.concat(json).toString('utf8')));
      } catch {
        seen.id = undefined;
      }
    }
    return seen;
  };
  res.end = ((...args: unknown[]) => {
    if (held) return res;
    feed(args[0], args[1]);
    if (beforeEnd === undefined || done) return end(...args);
    held = true;
    let waiting: Promise<void>;
    try {
      waiting = beforeEnd(finish());
    } catch (err) {
      waiting = Promise.reject(err);
    }
    waiting.then(
      () => end(...args),
      () => res.destroy(),
    );
    return res;
  }) as ServerResponse['end'];
  return finish;
}

function startsJson(bytes: Buffer): boolean {
  for (const b of bytes) {
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
    return b === 0x7b;
  }
  return true;
}

function onEvent(seen: AnswerSeen, data: string): void {
  if (data === '' || data === '[DONE]') return;
  const event = JSON.parse(data) as Record<string, unknown>;
  const type = event['type'];
  if (type === 'response.output_text.delta' && typeof event['delta'] === 'string') seen.text = keepTail(seen.text + event['delta']);
  else if ((type === 'response.created' || type === 'response.completed' || type === 'response.incomplete') && isObject(event['response'])) {
    const id = event['response']['id'];
    if (typeof id === 'string') seen.id = id;
    if (type !== 'response.created') seen.text = keepTail(outputText(event['response']) || seen.text);
  }
}

function readResponse(seen: AnswerSeen, body: unknown): void {
  if (!isObject(body) || body['object'] !== 'response' || typeof body['id'] !== 'string') return;
  seen.id = body['id'];
  seen.text = keepTail(outputText(body));
}

/** The text of a response object's output messages, in order. */
function outputText(response: Record<string, unknown>): string {
  const output = response['output'];
  if (!Array.isArray(output)) return '';
  let text = '';
  for (const item of output) {
    if (!isObject(item) || item['type'] !== 'message' || !Array.isArray(item['content'])) continue;
    for (const part of item['content']) if (isObject(part) && typeof part['text'] === 'string') text = keepTail(text + part['text']);
  }
  return text;
}

const keepTail = (text: string): string => (text.length > TAIL_CHARS ? text.slice(text.length - TAIL_CHARS) : text);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
