import type { FakeContext } from './fake-context.ts';
import type { FakeContentReply, FakeFlavor, FakeStreamError } from './fake-reply.ts';

/** How one wire dialect renders replies; the server core handles delivery, cuts, delays and errors. */
export interface FakeDialect {
  /** The complete SSE frames of a streamed answer, the terminal frame(s) last. */
  streamFrames(ctx: FakeContext, reply: FakeContentReply): string[];
  /** The non-streaming JSON answer. */
  json(ctx: FakeContext, reply: FakeContentReply): Record<string, unknown>;
  /** The in-stream error frame sent after `sentEvents` frames. */
  streamErrorFrame(ctx: FakeContext, error: FakeStreamError, sentEvents: number): string;
  /** The HTTP error body in this endpoint's format. */
  errorBody(flavor: FakeFlavor, status: number, message: string): Record<string, unknown>;
}
