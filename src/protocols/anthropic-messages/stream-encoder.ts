import type { StreamEvent } from '../../conversation/index.ts';
import type { SseEvent } from '../../sse/sse-event.ts';
import type { EncoderOptions, StreamEncoder } from '../protocol.ts';
import { finishReasonToWire } from './map-finish-reason.ts';
import { usageToWire } from './map-usage.ts';
import { renderStreamError } from './render-error.ts';
import { messageId } from './render-response.ts';
import type { JsonObject } from './wire.ts';

/** A canonical block as the client sees it. `wire` is unset until its content_block_start was sent. */
interface Block {
  kind: 'text' | 'reasoning' | 'tool';
  wire?: number;
  /** Reasoning: only Anthropic-signed data may be shown as signature / redacted_thinking. */
  anthropic?: boolean;
  /** Tool call of kind `custom`: its raw input is streamed inside `{"input": "..."}`. */
  custom?: boolean;
}

type Handler<T extends StreamEvent['type']> = (s: EncoderState, e: Extract<StreamEvent, { type: T }>) => SseEvent[];

/** Per-stream state: Anthropic block indexes are contiguous 0..n-1 in order of content_block_start. */
class EncoderState {
  readonly options: EncoderOptions;
  started = false;
  done = false;
  nextWire = 0;
  blocks = new Map<number, Block>();
  constructor(options: EncoderOptions) {
    this.options = options;
  }
}

/** One SSE event whose `event:` name equals the data's `type`, as the API sends them. */
function sse(data: JsonObject & { type: string }): SseEvent {
  return { event: data.type, data: JSON.stringify(data) };
}

function messageStart(s: EncoderState, id: string, usage: Parameters<typeof usageToWire>[0]): SseEvent[] {
  s.started = true;
  const message = {
    id: messageId(id, s.options.requestId),
    type: 'message',
    role: 'assistant',
    model: s.options.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: usageToWire(usage),
  };
  return [sse({ type: 'message_start', message }), sse({ type: 'ping' })];
}

/** Sends message_start first if the pipeline did not (defensive; canonical order says `start` is first). */
function ensureStarted(s: EncoderState): SseEvent[] {
  return s.started ? [] : messageStart(s, '', undefined);
}

function openBlock(s: EncoderState, block: Block, contentBlock: JsonObject): SseEvent[] {
  block.wire = s.nextWire++;
  return [...ensureStarted(s), sse({ type: 'content_block_start', index: block.wire, content_block: contentBlock })];
}

function delta(block: Block, payload: JsonObject): SseEvent[] {
  return block.wire === undefined ? [] : [sse({ type: 'content_block_delta', index: block.wire, delta: payload })];
}

function stopBlock(s: EncoderState, index: number): SseEvent[] {
  const block = s.blocks.get(index);
  s.blocks.delete(index);
  if (block === undefined || block.wire === undefined) return [];
  const out = block.custom ? delta(block, { type: 'input_json_delta', partial_json: '"}' }) : [];
  out.push(sse({ type: 'content_block_stop', index: block.wire }));
  return out;
}

/** Opens a pending reasoning block as a `thinking` block on its first content. */
function ensureThinking(s: EncoderState, block: Block): SseEvent[] {
  return block.wire === undefined ? openBlock(s, block, { type: 'thinking', thinking: '', signature: '' }) : [];
}

const onStart: Handler<'start'> = (s, e) => (s.started ? [] : messageStart(s, e.id, e.usage));

const onTextStart: Handler<'text-start'> = (s, e) => {
  const block: Block = { kind: 'text' };
  s.blocks.set(e.index, block);
  return openBlock(s, block, { type: 'text', text: '' });
};

const onTextDelta: Handler<'text-delta'> = (s, e) => {
  const block = s.blocks.get(e.index);
  return block?.kind === 'text' ? delta(block, { type: 'text_delta', text: e.text }) : [];
};

/** Reasoning opens lazily: a block that starts with opaque data becomes `redacted_thinking`. */
const onReasoningStart: Handler<'reasoning-start'> = (s, e) => {
  s.blocks.set(e.index, { kind: 'reasoning', anthropic: e.origin === 'anthropic' });
  return ensureStarted(s);
};

const onReasoningDelta: Handler<'reasoning-delta'> = (s, e) => {
  const block = s.blocks.get(e.index);
  if (block?.kind !== 'reasoning') return [];
  return [...ensureThinking(s, block), ...delta(block, { type: 'thinking_delta', thinking: e.text })];
};

const onReasoningSignature: Handler<'reasoning-signature'> = (s, e) => {
  const block = s.blocks.get(e.index);
  if (block?.kind !== 'reasoning' || !block.anthropic) return []; // never show another dialect's opaque data
  if (e.opaque !== undefined && block.wire === undefined) return openBlock(s, block, { type: 'redacted_thinking', data: e.opaque });
  if (e.signature === undefined) return [];
  return [...ensureThinking(s, block), ...delta(block, { type: 'signature_delta', signature: e.signature })];
};

const onToolCallStart: Handler<'tool-call-start'> = (s, e) => {
  const block: Block = { kind: 'tool', custom: e.kind === 'custom' };
  s.blocks.set(e.index, block);
  const out = openBlock(s, block, { type: 'tool_use', id: e.id, name: e.name, input: {} });
  if (block.custom) out.push(...delta(block, { type: 'input_json_delta', partial_json: '{"input":"' }));
  return out;
};

const onToolCallDelta: Handler<'tool-call-delta'> = (s, e) => {
  const block = s.blocks.get(e.index);
  if (block?.kind !== 'tool' || e.delta === '') return [];
  const partial = block.custom ? JSON.stringify(e.delta).slice(1, -1) : e.delta;
  return delta(block, { type: 'input_json_delta', partial_json: partial });
};

const onBlockEnd = (s: EncoderState, e: { index: number }): SseEvent[] => stopBlock(s, e.index);

const onFinish: Handler<'finish'> = (s, e) => {
  const out = ensureStarted(s);
  for (const index of [...s.blocks.keys()]) out.push(...stopBlock(s, index));
  s.done = true;
  const { input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens } = usageToWire(e.usage);
  out.push(
    sse({
      type: 'message_delta',
      delta: { stop_reason: finishReasonToWire(e.reason), stop_sequence: e.stopSequence ?? null },
      usage: { input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens },
    }),
    sse({ type: 'message_stop' }),
  );
  return out;
};

const onError: Handler<'error'> = (s, e) => {
  s.done = true;
  return renderStreamError(e.error);
};

const handlers: { [T in StreamEvent['type']]: Handler<T> } = {
  start: onStart,
  'text-start': onTextStart,
  'text-delta': onTextDelta,
  'text-end': onBlockEnd,
  'reasoning-start': onReasoningStart,
  'reasoning-delta': onReasoningDelta,
  'reasoning-signature': onReasoningSignature,
  'reasoning-end': onBlockEnd,
  'tool-call-start': onToolCallStart,
  'tool-call-delta': onToolCallDelta,
  'tool-call-end': onBlockEnd,
  finish: onFinish,
  error: onError,
};

/**
 * Canonical events -> the full Anthropic event sequence clients and SDK stream helpers expect:
 * message_start, ping, per block content_block_start / content_block_delta... / content_block_stop,
 * message_delta (stop_reason, usage), message_stop; or `event: error` on failure.
 */
export function createStreamEncoder(options: EncoderOptions): StreamEncoder {
  const state = new EncoderState(options);
  return {
    push(event: StreamEvent): SseEvent[] {
      if (state.done) return [];
      const handler = handlers[event.type] as Handler<typeof event.type>;
      return handler(state, event);
    },
  };
}
