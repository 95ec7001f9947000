import type { FinishReason } from './finish-reason.ts';
import type { Usage } from './usage.ts';
import type { GatewayErrorInfo } from './error.ts';

/**
 * A streamed answer, as a sequence of events with start/delta/end per content block. `index` is the
 * block's position in the answer (0, 1, ...) and is unique for the whole response, whatever the block
 * type, so renderers can map it onto Anthropic block indexes, Responses `output_index` or Chat
 * `tool_calls[].index`.
 *
 * Order guarantee: `start` first, then blocks (a block's deltas come between its start and end; blocks
 * may interleave only for parallel tool calls), then exactly one `finish` or `error` last.
 */
export type StreamEvent =
  | { type: 'start'; id: string; model: string; usage?: Partial<Usage> }
  | { type: 'text-start'; index: number }
  | { type: 'text-delta'; index: number; text: string }
  | { type: 'text-end'; index: number }
  | { type: 'reasoning-start'; index: number; origin?: 'anthropic' | 'openai' }
  | { type: 'reasoning-delta'; index: number; text: string }
  /** Anthropic signature_delta; Responses encrypted reasoning arrives here too. */
  | { type: 'reasoning-signature'; index: number; signature?: string; opaque?: string }
  | { type: 'reasoning-end'; index: number }
  | { type: 'tool-call-start'; index: number; id: string; name: string; kind: 'function' | 'custom'; namespace?: string }
  /** A fragment of JSON arguments (function) or raw input (custom). */
  | { type: 'tool-call-delta'; index: number; delta: string }
  | { type: 'tool-call-end'; index: number }
  | { type: 'finish'; reason: FinishReason; usage: Usage; stopSequence?: string }
  /** In-band failure after the stream started (upstream broke, policy stopped it). Always last. */
  | { type: 'error'; error: GatewayErrorInfo };

export type StreamEventType = StreamEvent['type'];
