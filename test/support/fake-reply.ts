// Types shared by the fake model servers. The fakes are an independent reference for the gateway's
// tests, so nothing here (or anywhere under test/support/fake-*) imports from src/.

/** Which real server the fake imitates; each varies small wire details the way that server does. */
export type FakeFlavor = 'openai' | 'vllm' | 'ollama' | 'llamacpp' | 'anthropic';

/** Token counts a reply reports; when omitted the fake estimates them (characters / 4). */
export interface FakeUsage {
  input: number;
  output: number;
}

/** One tool call the fake "model" makes. `arguments` given as a string is sent verbatim (may be invalid JSON on purpose). */
export interface FakeToolCall {
  id?: string;
  name: string;
  arguments: Record<string, unknown> | string;
}

/** An error that a stream reports in-band (after some events were already sent). */
export interface FakeStreamError {
  message: string;
  /** Anthropic error type (`overloaded_error`, …) or OpenAI error type; a sensible default per dialect. */
  type?: string;
  code?: string;
}

/** Plain assistant text, streamed in deltas of `chunkSize` characters (default 5). */
export interface FakeTextReply {
  kind: 'text';
  text: string;
  chunkSize?: number;
  usage?: FakeUsage;
  /** Reasoning/thinking text sent before the answer where the dialect/flavor has a channel for it. */
  reasoning?: string;
}

/** Optional text followed by one or more (parallel) tool calls whose arguments stream in fragments. */
export interface FakeToolCallsReply {
  kind: 'tool-calls';
  text?: string;
  calls: FakeToolCall[];
  chunkSize?: number;
  usage?: FakeUsage;
  reasoning?: string;
}

/** An HTTP error answered before any body byte; `body` defaults to the endpoint's own error format. */
export interface FakeErrorReply {
  kind: 'error';
  status: number;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Waits `ms` before sending anything, then answers with `then` (first-byte timeout tests). */
export interface FakeDelayReply {
  kind: 'delay';
  ms: number;
  then: FakeReply;
}

/** Starts a stream, sends `afterEvents` events, then destroys the socket (default) or ends without the terminal event. */
export interface FakeBreakReply {
  kind: 'break';
  afterEvents: number;
  then?: 'destroy' | 'end';
}

/** Sends `afterEvents` events and then nothing more, ever (idle-timeout tests). Closing the fake ends it. */
export interface FakeStallReply {
  kind: 'stall';
  afterEvents: number;
}

/** Sends `afterEvents` events, then the dialect's in-stream error event, then ends. */
export interface FakeStreamErrorReply {
  kind: 'stream-error';
  afterEvents: number;
  error: FakeStreamError;
}

/** Exact bytes for malformed-upstream tests; an array is written as separate writes. */
export interface FakeRawReply {
  kind: 'raw';
  status: number;
  headers: Record<string, string>;
  body: string | string[];
}

/** What the fake answers to one generation request. */
export type FakeReply =
  | FakeTextReply
  | FakeToolCallsReply
  | FakeErrorReply
  | FakeDelayReply
  | FakeBreakReply
  | FakeStallReply
  | FakeStreamErrorReply
  | FakeRawReply;

/** Replies that carry model output, which every dialect knows how to render. */
export type FakeContentReply = FakeTextReply | FakeToolCallsReply;

/** One request as the fake received it. */
export interface RecordedRequest {
  method: string;
  /** Path including the query string, e.g. `/v1/messages?beta=true`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The decoded (decompressed) body as text. */
  body: string;
  /** `body` parsed as JSON, or undefined when it is empty or not JSON. */
  json: unknown;
  /** The key the client presented in `x-api-key` or `Authorization: Bearer`, if any. */
  apiKey: string | undefined;
  receivedAt: number;
  /** True when the client went away before the fake finished its answer. */
  aborted: boolean;
}
