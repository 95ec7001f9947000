import type { ServerResponse } from 'node:http';
import type { FakeContext } from './fake-context.ts';
import type { FakeDialect } from './fake-dialect.ts';
import type { FakeContentReply, FakeReply } from './fake-reply.ts';

/** Per-server bookkeeping the delivery code needs so `close()` can end everything it started. */
export interface DeliveryState {
  timers: Set<NodeJS.Timeout>;
  /** Responses the fake itself cut short (break); their close is not a client abort. */
  cutByServer: WeakSet<ServerResponse>;
}

/** Lets the event loop turn so consecutive writes leave as separate chunks. */
function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function sleep(state: DeliveryState, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => { state.timers.delete(t); resolve(); }, ms);
    state.timers.add(t);
  });
}

/** Byte offset just past the first lead byte of a multi-byte UTF-8 character, or -1 when all ASCII. */
function midCharacterOffset(buf: Buffer): number {
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i] ?? 0;
    if (b >= 0xc0) return i + 1;
  }
  return -1;
}

/**
 * Writes frames one at a time as bytes. A frame holding non-ASCII text is written in two pieces split in
 * the middle of a UTF-8 character, so decoders on the other side must cope with partial characters.
 * Returns false if the client went away.
 */
export async function writeFrames(res: ServerResponse, frames: readonly string[]): Promise<boolean> {
  for (const frame of frames) {
    if (res.destroyed) return false;
    const buf = Buffer.from(frame, 'utf8');
    const cut = midCharacterOffset(buf);
    if (cut > 0) {
      res.write(buf.subarray(0, cut));
      // A real (if tiny) pause so the two halves reach the client as separate reads.
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (res.destroyed) return false;
      res.write(buf.subarray(cut));
    } else {
      res.write(buf);
    }
    await tick();
  }
  return !res.destroyed;
}

const FILLER = 'The fake upstream keeps talking so that a test has events to cut. ';

/** A text reply long enough that its stream has more than `afterEvents` events before the terminal one. */
function fillerReply(afterEvents: number): FakeContentReply {
  const needed = (afterEvents + 4) * 5;
  return { kind: 'text', text: FILLER.repeat(Math.ceil(needed / FILLER.length)), chunkSize: 5 };
}

function sseHead(res: ServerResponse, extra: Record<string, string>): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...extra });
  res.flushHeaders();
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...extra });
  res.end(text);
}

/** Everything `deliver` needs about the request being answered. */
export interface DeliveryTarget {
  res: ServerResponse;
  dialect: FakeDialect;
  ctx: FakeContext;
  stream: boolean;
  /** Headers every answer from this server carries (request ids and the like). */
  headers: Record<string, string>;
  state: DeliveryState;
}

/** Plays one scripted reply onto the response, in the dialect of the endpoint that was called. */
export async function deliver(t: DeliveryTarget, reply: FakeReply): Promise<void> {
  const { res, dialect, ctx, state } = t;
  switch (reply.kind) {
    case 'delay':
      await sleep(state, reply.ms);
      if (res.destroyed) return;
      return deliver(t, reply.then);
    case 'error': {
      const body = reply.body ?? dialect.errorBody(ctx.flavor, reply.status, `fake upstream error ${reply.status}`);
      sendJson(res, reply.status, body, { ...t.headers, ...reply.headers });
      return;
    }
    case 'raw': {
      res.writeHead(reply.status, reply.headers);
      const parts = typeof reply.body === 'string' ? [reply.body] : reply.body;
      for (const part of parts) {
        if (res.destroyed) return;
        res.write(part);
        await tick();
      }
      res.end();
      return;
    }
    case 'text':
    case 'tool-calls':
      if (!t.stream) {
        sendJson(res, 200, dialect.json(ctx, reply), t.headers);
        return;
      }
      sseHead(res, t.headers);
      if (await writeFrames(res, dialect.streamFrames(ctx, reply))) res.end();
      return;
    case 'break':
    case 'stall':
    case 'stream-error':
      return deliverCut(t, reply.kind, reply.afterEvents, reply);
  }
}

/** break / stall / stream-error: a prefix of a real answer, then the scripted misbehaviour. */
async function deliverCut(t: DeliveryTarget, kind: 'break' | 'stall' | 'stream-error', afterEvents: number, reply: FakeReply): Promise<void> {
  const { res, dialect, ctx, state } = t;
  const filler = fillerReply(afterEvents);
  if (!t.stream) {
    if (kind === 'stream-error' && reply.kind === 'stream-error') {
      sendJson(res, 500, dialect.errorBody(ctx.flavor, 500, reply.error.message), t.headers);
      return;
    }
    const text = JSON.stringify(dialect.json(ctx, filler));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...t.headers });
    res.flushHeaders();
    if (kind === 'stall') return;
    res.write(text.slice(0, Math.floor(text.length / 2)));
    await tick();
    state.cutByServer.add(res);
    res.destroy();
    return;
  }
  const frames = dialect.streamFrames(ctx, filler);
  const sent = frames.slice(0, Math.min(afterEvents, frames.length - 1));
  sseHead(res, t.headers);
  if (!(await writeFrames(res, sent))) return;
  // A stall just stops; a client that gives up on it counts as an abort, which is what idle-timeout tests check.
  if (kind === 'stall') return;
  if (kind === 'stream-error' && reply.kind === 'stream-error') {
    res.end(dialect.streamErrorFrame(ctx, reply.error, sent.length));
    return;
  }
  state.cutByServer.add(res);
  if (reply.kind === 'break' && reply.then === 'end') res.end();
  else res.destroy();
}
