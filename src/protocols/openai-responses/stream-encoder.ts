import type { GatewayErrorInfo, StreamEvent, Usage } from '../../conversation/index.ts';
import type { SseEvent } from '../../sse/sse-event.ts';
import type { EncoderOptions, StreamEncoder } from '../protocol.ts';
import { fromFinishReason } from './map-finish-reason.ts';
import { callItem, messageItem, reasoningItem } from './output-items.ts';
import { messageOf, streamErrorCode } from './render-error.ts';
import { buildResponseObject, itemIdFor, responseIdFor } from './response-object.ts';
import type { ResponseState } from './response-object.ts';
import { resolveCall, unwrapCustomInput } from './tool-lookup.ts';
import type { ResolvedCall } from './tool-lookup.ts';
import type { WireItemStatus, WireOutputItem } from './wire.ts';

type Of<T extends StreamEvent['type']> = Extract<StreamEvent, { type: T }>;

/** One open or finished output item, keyed by the canonical block index. */
type Block =
  | { kind: 'text'; outputIndex: number; itemId: string; open: boolean; text: string }
  | { kind: 'reasoning'; outputIndex: number; itemId: string; open: boolean; text: string; partOpen: boolean; openaiOrigin: boolean; opaque?: string }
  | { kind: 'call'; outputIndex: number; itemId: string; open: boolean; callId: string; call: ResolvedCall; payload: string };

/**
 * Canonical events → the full Responses event sequence: response.created, response.in_progress, per
 * item output_item.added / content_part.added / *.delta / *.done / output_item.done, and a terminal
 * response.completed / response.incomplete / response.failed carrying the whole response. Every event
 * has `type` and a strictly increasing `sequence_number`, as Codex, opencode and the SDK helpers need.
 */
export function createStreamEncoder(options: EncoderOptions): StreamEncoder {
  return new ResponsesStreamEncoder(options);
}

class ResponsesStreamEncoder implements StreamEncoder {
  readonly #options: EncoderOptions;
  #seq = 0;
  #started = false;
  #ended = false;
  #responseId = '';
  readonly #createdAt = Math.floor(Date.now() / 1000);
  readonly #blocks = new Map<number, Block>();
  /** Finished items by output index; open ones are rebuilt from their block. */
  readonly #items: Array<WireOutputItem | undefined> = [];
  #out: SseEvent[] = [];

  constructor(options: EncoderOptions) {
    this.#options = options;
  }

  push(event: StreamEvent): SseEvent[] {
    if (this.#ended) return [];
    this.#out = [];
    if (event.type !== 'start') this.#ensureStarted();
    switch (event.type) {
      case 'start': this.#start(event); break;
      case 'text-start': this.#textStart(event); break;
      case 'text-delta': this.#textDelta(event); break;
      case 'text-end': this.#textEnd(event.index); break;
      case 'reasoning-start': this.#reasoningStart(event); break;
      case 'reasoning-delta': this.#reasoningDelta(event); break;
      case 'reasoning-signature': this.#reasoningSignature(event); break;
      case 'reasoning-end': this.#reasoningEnd(event.index); break;
      case 'tool-call-start': this.#callStart(event); break;
      case 'tool-call-delta': this.#callDelta(event); break;
      case 'tool-call-end': this.#callEnd(event.index); break;
      case 'finish': this.#finish(event); break;
      case 'error': this.#fail(event.error); break;
    }
    return this.#out;
  }

  #emit(type: string, payload: Record<string, unknown>): void {
    const data = JSON.stringify({ type, sequence_number: this.#seq++, ...payload });
    this.#out.push({ event: type, data });
  }

  #response(state: Omit<ResponseState, 'id' | 'createdAt' | 'model' | 'output'>): Record<string, unknown> {
    const output = this.#items.map((item, i) => item ?? this.#snapshot(i));
    const full = { ...state, id: this.#responseId, createdAt: this.#createdAt, model: this.#options.model, output };
    return buildResponseObject(full, this.#options.request);
  }

  #ensureStarted(): void {
    if (!this.#started) this.#start({ type: 'start', id: '', model: this.#options.model });
  }

  #start(event: Of<'start'>): void {
    if (this.#started) return;
    this.#started = true;
    this.#responseId = responseIdFor(event.id, this.#options.requestId);
    this.#emit('response.created', { response: this.#response({ status: 'in_progress' }) });
    this.#emit('response.in_progress', { response: this.#response({ status: 'in_progress' }) });
  }

  /** Output indexes follow the order in which blocks first appear. */
  #open(index: number, block: Block, item: WireOutputItem): void {
    this.#items.push(undefined);
    this.#blocks.set(index, block);
    this.#emit('response.output_item.added', { output_index: block.outputIndex, item });
  }

  #textStart(event: { index: number }): Extract<Block, { kind: 'text' }> {
    const outputIndex = this.#items.length;
    const itemId = itemIdFor('msg', this.#responseId, outputIndex);
    const block: Block = { kind: 'text', outputIndex, itemId, open: true, text: '' };
    this.#open(event.index, block, messageItem(itemId, '', 'in_progress'));
    this.#emit('response.content_part.added', { item_id: itemId, output_index: outputIndex, content_index: 0, part: textPart('') });
    return block;
  }

  #textDelta(event: Of<'text-delta'>): void {
    const found = this.#blocks.get(event.index);
    const block = found?.kind === 'text' && found.open ? found : this.#textStart(event);
    block.text += event.text;
    this.#emit('response.output_text.delta', {
      item_id: block.itemId, output_index: block.outputIndex, content_index: 0, delta: event.text, logprobs: [],
    });
  }

  #textEnd(index: number): void {
    const block = this.#blocks.get(index);
    if (block?.kind !== 'text' || !block.open) return;
    block.open = false;
    const ids = { item_id: block.itemId, output_index: block.outputIndex, content_index: 0 };
    this.#emit('response.output_text.done', { ...ids, text: block.text, logprobs: [] });
    this.#emit('response.content_part.done', { ...ids, part: textPart(block.text) });
    this.#itemDone(block, messageItem(block.itemId, block.text, 'completed'));
  }

  #reasoningStart(event: { index: number; origin?: 'anthropic' | 'openai' }): Extract<Block, { kind: 'reasoning' }> {
    const outputIndex = this.#items.length;
    const itemId = itemIdFor('rs', this.#responseId, outputIndex);
    const block: Block = { kind: 'reasoning', outputIndex, itemId, open: true, text: '', partOpen: false, openaiOrigin: event.origin === 'openai' };
    this.#open(event.index, block, reasoningItem(itemId, '', undefined));
    return block;
  }

  #reasoningDelta(event: Of<'reasoning-delta'>): void {
    const found = this.#blocks.get(event.index);
    const block = found?.kind === 'reasoning' && found.open ? found : this.#reasoningStart(event);
    const ids = { item_id: block.itemId, output_index: block.outputIndex, summary_index: 0 };
    if (!block.partOpen) {
      block.partOpen = true;
      this.#emit('response.reasoning_summary_part.added', { ...ids, part: { type: 'summary_text', text: '' } });
    }
    block.text += event.text;
    this.#emit('response.reasoning_summary_text.delta', { ...ids, delta: event.text });
  }

  /** Only OpenAI's encrypted reasoning can be handed to a Responses client; Anthropic signatures are dropped. */
  #reasoningSignature(event: Of<'reasoning-signature'>): void {
    const block = this.#blocks.get(event.index);
    if (block?.kind === 'reasoning' && block.openaiOrigin && event.opaque !== undefined) block.opaque = event.opaque;
  }

  #reasoningEnd(index: number): void {
    const block = this.#blocks.get(index);
    if (block?.kind !== 'reasoning' || !block.open) return;
    block.open = false;
    if (block.partOpen) {
      const ids = { item_id: block.itemId, output_index: block.outputIndex, summary_index: 0 };
      this.#emit('response.reasoning_summary_text.done', { ...ids, text: block.text });
      this.#emit('response.reasoning_summary_part.done', { ...ids, part: { type: 'summary_text', text: block.text } });
    }
    this.#itemDone(block, reasoningItem(block.itemId, block.text, block.opaque));
  }

  #callStart(event: Of<'tool-call-start'>): void {
    const call = resolveCall(event, this.#options.request);
    const outputIndex = this.#items.length;
    const itemId = itemIdFor(call.kind === 'custom' ? 'ctc' : 'fc', this.#responseId, outputIndex);
    const block: Block = { kind: 'call', outputIndex, itemId, open: true, callId: event.id, call, payload: '' };
    this.#open(event.index, block, callItem(itemId, { ...call, callId: event.id }, '', 'in_progress'));
  }

  /** Deltas stream through, except for a wrapped custom call: its `{"input": ...}` JSON is buffered until the end. */
  #callDelta(event: Of<'tool-call-delta'>): void {
    const block = this.#blocks.get(event.index);
    if (block?.kind !== 'call' || !block.open) return;
    block.payload += event.delta;
    if (block.call.unwrap) return;
    const type = block.call.kind === 'custom' ? 'response.custom_tool_call_input.delta' : 'response.function_call_arguments.delta';
    this.#emit(type, { item_id: block.itemId, output_index: block.outputIndex, delta: event.delta });
  }

  #callEnd(index: number): void {
    const block = this.#blocks.get(index);
    if (block?.kind !== 'call' || !block.open) return;
    block.open = false;
    const ids = { item_id: block.itemId, output_index: block.outputIndex };
    if (block.call.unwrap) {
      block.payload = unwrapCustomInput(block.payload);
      if (block.payload !== '') this.#emit('response.custom_tool_call_input.delta', { ...ids, delta: block.payload });
    }
    if (block.call.kind === 'custom') this.#emit('response.custom_tool_call_input.done', { ...ids, input: block.payload });
    else this.#emit('response.function_call_arguments.done', { ...ids, arguments: block.payload });
    this.#itemDone(block, callItem(block.itemId, { ...block.call, callId: block.callId }, block.payload, 'completed'));
  }

  #itemDone(block: Block, item: WireOutputItem): void {
    this.#items[block.outputIndex] = item;
    this.#emit('response.output_item.done', { output_index: block.outputIndex, item });
  }

  /** The current state of an item that has not finished (for a failed response). */
  #snapshot(outputIndex: number): WireOutputItem {
    for (const block of this.#blocks.values()) {
      if (block.outputIndex !== outputIndex) continue;
      const status: WireItemStatus = 'incomplete';
      if (block.kind === 'text') return { ...messageItem(block.itemId, block.text, 'completed'), status };
      if (block.kind === 'reasoning') return { ...reasoningItem(block.itemId, block.text, block.opaque), status };
      return callItem(block.itemId, { ...block.call, callId: block.callId }, block.payload, status);
    }
    return {};
  }

  #closeOpenBlocks(): void {
    for (const [index, block] of this.#blocks) {
      if (!block.open) continue;
      if (block.kind === 'text') this.#textEnd(index);
      else if (block.kind === 'reasoning') this.#reasoningEnd(index);
      else this.#callEnd(index);
    }
  }

  #finish(event: Of<'finish'>): void {
    if (event.reason === 'error') {
      this.#fail({ status: 502, code: 'SEKISHO_ERR_UPSTREAM_STATUS', kind: 'upstream', message: 'The model backend reported an error' }, event.usage);
      return;
    }
    this.#closeOpenBlocks();
    const outcome = fromFinishReason(event.reason);
    const type = outcome.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
    this.#emit(type, { response: this.#response({ status: outcome.status, usage: event.usage, finishReason: event.reason }) });
    this.#ended = true;
  }

  /** response.failed with the items so far and `error` set, then an `error` event. */
  #fail(error: GatewayErrorInfo, usage?: Usage): void {
    const code = streamErrorCode(error);
    const message = messageOf(error);
    const response = this.#response({ status: 'failed', error: { code, message }, ...(usage && { usage }) });
    this.#emit('response.failed', { response });
    this.#emit('error', { code, message, param: null });
    this.#ended = true;
  }
}

function textPart(text: string): Record<string, unknown> {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}
