import type { FakeContentReply, FakeFlavor, FakeToolCall } from './fake-reply.ts';

/** Everything a dialect renderer needs to know about the request it answers. */
export interface FakeContext {
  flavor: FakeFlavor;
  /** The model name, echoed from the request (servers answer with the model that was asked for). */
  model: string;
  body: Record<string, unknown>;
  /** Estimated prompt tokens (request body characters / 4). */
  promptTokens: number;
  /** Unix seconds, fixed for the whole answer. */
  created: number;
  /** Makes a unique id with a prefix, e.g. `id('msg_')`. Deterministic per fake server. */
  id: (prefix: string) => string;
}

/** Reads an object-valued field without trusting the request's shape. */
export function objectField(value: unknown, key: string): Record<string, unknown> | undefined {
  if (!isObject(value)) return undefined;
  const v = value[key];
  return isObject(v) ? v : undefined;
}

/** Narrows unknown JSON to a plain object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an array-valued field (empty when absent). */
export function arrayField(value: unknown, key: string): unknown[] {
  if (!isObject(value)) return [];
  const v = value[key];
  return Array.isArray(v) ? v : [];
}

/** Reads a string-valued field. */
export function stringField(value: unknown, key: string): string | undefined {
  if (!isObject(value)) return undefined;
  const v = value[key];
  return typeof v === 'string' ? v : undefined;
}

/** Rough token estimate, the same rule for every dialect: ceil(characters / 4). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Splits text into pieces of `size` characters (code points, so no lone surrogates). */
export function chunkText(text: string, size: number | undefined): string[] {
  const n = Math.max(1, Math.floor(size ?? 5));
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += n) out.push(chars.slice(i, i + n).join(''));
  return out;
}

/** A tool call's arguments as the JSON text the model would emit. */
export function argumentsText(call: FakeToolCall): string {
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
}

/** Output token estimate for a content reply (or its explicit usage). */
export function outputTokens(reply: FakeContentReply): number {
  if (reply.usage) return reply.usage.output;
  let chars = (reply.text ?? '').length + (reply.reasoning ?? '').length;
  if (reply.kind === 'tool-calls') for (const c of reply.calls) chars += c.name.length + argumentsText(c).length;
  return Math.max(1, Math.ceil(chars / 4));
}

/** Prompt token count for a content reply (explicit usage wins over the estimate). */
export function inputTokens(ctx: FakeContext, reply: FakeContentReply): number {
  return reply.usage ? reply.usage.input : ctx.promptTokens;
}

/** The reply's text part, or '' for tool calls without text. */
export function replyText(reply: FakeContentReply): string {
  return reply.text ?? '';
}

/** The reply's tool calls (none for a text reply). */
export function replyCalls(reply: FakeContentReply): FakeToolCall[] {
  return reply.kind === 'tool-calls' ? reply.calls : [];
}

/** Formats one SSE frame by hand: optional `event:` line, one `data:` line, blank line. */
export function sseFrame(event: string | undefined, data: unknown): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return (event === undefined ? '' : `event: ${event}\n`) + `data: ${payload}\n\n`;
}
