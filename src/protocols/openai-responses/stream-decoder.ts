import type { GatewayErrorInfo, StreamEvent } from '../../conversation/index.ts';
import { gatewayError } from '../../errors.ts';
import type { SseEvent } from '../../sse/sse-event.ts';
import type { StreamDecoder } from '../protocol.ts';
import { toFinishReason } from './map-finish-reason.ts';
import { messageTexts, reasoningText, toolCallOf, usageOf } from './parse-output-item.ts';
import { isObject, num, str } from './wire.ts';
import type { JsonObject } from './wire.ts';

/** A canonical block being filled from one output item (or one content part of a message). */
interface Block {
  index: number;
  kind: 'text' | 'reasoning' | 'call';
  /** Whether any delta arrived; if not, the `.done`/item text is emitted as one delta. */
  gotDelta: boolean;
  open: boolean;
  /** Reasoning: the last summary part index seen, to separate parts with a blank line. */
  part: number;
}

/**
 * A Responses backend stream (e.g. vLLM `/v1/responses`) → canonical events. Items are taken from
 * output_item.added, falling back to output_item.done and finally to the terminal response's
 * `output`, so backends that skip optional events still yield the whole answer. Canonical block
 * indexes are assigned 0, 1, 2... in order of first appearance.
 */
export function createStreamDecoder(): StreamDecoder {
  return new ResponsesStreamDecoder();
}

class ResponsesStreamDecoder implements StreamDecoder {
  #started = false;
  #ended = false;
  #nextIndex = 0;
  #hasToolCalls = false;
  /** Blocks keyed by `output_index` (items) or `output_index:content_index` (message parts). */
  readonly #blocks = new Map<string, Block>();
  /** Output indexes whose item has been fully emitted. */
  readonly #doneItems = new Set<number>();
  #out: StreamEvent[] = [];

  push(event: SseEvent): StreamEvent[] {
    if (this.#ended) return [];
    this.#out = [];
    if (event.data === '[DONE]') return [];
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      this.#error(gatewayError('SEKISHO_ERR_UPSTREAM_PROTOCOL', { detail: 'a stream event is not valid JSON' }).info);
      return this.#out;
    }
    if (!isObject(data)) return [];
    this.#dispatch(str(data, 'type') ?? event.event ?? '', data);
    return this.#out;
  }

  end(): StreamEvent[] {
    if (this.#ended) return [];
    this.#out = [];
    this.#error(gatewayError('SEKISHO_ERR_UPSTREAM_ABORTED', { detail: 'no response.completed event' }).info);
    return this.#out;
  }

  #dispatch(type: string, data: JsonObject): void {
    switch (type) {
      case 'response.created':
      case 'response.queued':
      case 'response.in_progress': return this.#start(data['response']);
      case 'response.output_item.added': return this.#itemAdded(data);
      case 'response.content_part.added': return this.#partAdded(data);
      case 'response.output_text.delta':
      case 'response.refusal.delta': return this.#textDelta(data);
      case 'response.output_text.done': return this.#textDone(data, str(data, 'text'));
      case 'response.refusal.done': return this.#textDone(data, str(data, 'refusal'));
      case 'response.content_part.done': return this.#partDone(data);
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta': return this.#callDelta(data);
      case 'response.function_call_arguments.done': return this.#callDone(data, str(data, 'arguments'));
      case 'response.custom_tool_call_input.done': return this.#callDone(data, str(data, 'input'));
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta': return this.#reasoningDelta(data);
      case 'response.reasoning_summary_text.done':
      case 'response.reasoning_text.done': return this.#reasoningDone(data);
      case 'response.output_item.done': return this.#itemDone(data);
      case 'response.completed':
      case 'response.incomplete': return this.#finish(data['response'], type === 'response.completed' ? 'completed' : 'incomplete');
      case 'response.failed': return this.#failed(data['response']);
      case 'error': return this.#inStreamError(data);
      default: return undefined; // keep-alives, annotations, hosted-tool progress: nothing canonical
    }
  }

  #start(response: unknown): void {
    if (this.#started) return;
    this.#started = true;
    const r = isObject(response) ? response : {};
    this.#out.push({ type: 'start', id: str(r, 'id') ?? '', model: str(r, 'model') ?? '' });
  }

  #open(key: string, kind: Block['kind']): Block {
    this.#start(undefined);
    const block: Block = { index: this.#nextIndex++, kind, gotDelta: false, open: true, part: 0 };
    this.#blocks.set(key, block);
    return block;
  }

  #itemAdded(data: JsonObject): void {
    const oi = num(data, 'output_index');
    const item = data['item'];
    if (oi === undefined || !isObject(item) || this.#blocks.has(String(oi))) return;
    this.#startItem(oi, item);
  }

  /** Opens the block of a model-side item; messages open per content part instead. */
  #startItem(oi: number, item: JsonObject): Block | undefined {
    const type = item['type'];
    if (type === 'function_call' || type === 'custom_tool_call') {
      const call = toolCallOf(item);
      if (call === undefined) return undefined;
      const block = this.#open(String(oi), 'call');
      this.#hasToolCalls = true;
      const { id, name, kind, namespace } = call;
      this.#out.push({ type: 'tool-call-start', index: block.index, id, name, kind, ...(namespace !== undefined && { namespace }) });
      return block;
    }
    if (type === 'reasoning') {
      const block = this.#open(String(oi), 'reasoning');
      this.#out.push({ type: 'reasoning-start', index: block.index, origin: 'openai' });
      return block;
    }
    return undefined;
  }

  #textBlock(data: JsonObject): Block | undefined {
    const oi = num(data, 'output_index');
    if (oi === undefined) return undefined;
    const key = `${oi}:${num(data, 'content_index') ?? 0}`;
    const found = this.#blocks.get(key);
    if (found) return found;
    const block = this.#open(key, 'text');
    this.#out.push({ type: 'text-start', index: block.index });
    return block;
  }

  #partAdded(data: JsonObject): void {
    const part = data['part'];
    if (isObject(part) && (part['type'] === 'output_text' || part['type'] === 'refusal')) this.#textBlock(data);
  }

  #textDelta(data: JsonObject): void {
    const block = this.#textBlock(data);
    const delta = str(data, 'delta');
    if (block === undefined || !block.open || delta === undefined || delta === '') return;
    block.gotDelta = true;
    this.#out.push({ type: 'text-delta', index: block.index, text: delta });
  }

  #textDone(data: JsonObject, text: string | undefined): void {
    const block = this.#textBlock(data);
    if (block === undefined) return;
    this.#fill(block, text);
    this.#close(block);
  }

  #partDone(data: JsonObject): void {
    const part = data['part'];
    if (!isObject(part) || (part['type'] !== 'output_text' && part['type'] !== 'refusal')) return;
    this.#textDone(data, str(part, 'text') ?? str(part, 'refusal'));
  }

  #callDelta(data: JsonObject): void {
    const block = this.#blocks.get(String(num(data, 'output_index')));
    const delta = str(data, 'delta');
    if (block?.kind !== 'call' || !block.open || delta === undefined || delta === '') return;
    block.gotDelta = true;
    this.#out.push({ type: 'tool-call-delta', index: block.index, delta });
  }

  #callDone(data: JsonObject, payload: string | undefined): void {
    const block = this.#blocks.get(String(num(data, 'output_index')));
    if (block?.kind === 'call') this.#fill(block, payload);
  }

  #reasoningDelta(data: JsonObject): void {
    const block = this.#blocks.get(String(num(data, 'output_index')));
    const delta = str(data, 'delta');
    if (block?.kind !== 'reasoning' || !block.open || delta === undefined || delta === '') return;
    const part = num(data, 'summary_index') ?? num(data, 'content_index') ?? 0;
    const text = block.gotDelta && part !== block.part ? `\n\n${delta}` : delta;
    block.part = part;
    block.gotDelta = true;
    this.#out.push({ type: 'reasoning-delta', index: block.index, text });
  }

  #reasoningDone(data: JsonObject): void {
    const block = this.#blocks.get(String(num(data, 'output_index')));
    if (block?.kind === 'reasoning' && !block.gotDelta) this.#fill(block, str(data, 'text'));
  }

  /** Emits the full text of a block that got no deltas (backends may send only `.done` events). */
  #fill(block: Block, text: string | undefined): void {
    if (!block.open || block.gotDelta || text === undefined || text === '') return;
    block.gotDelta = true;
    if (block.kind === 'text') this.#out.push({ type: 'text-delta', index: block.index, text });
    else if (block.kind === 'call') this.#out.push({ type: 'tool-call-delta', index: block.index, delta: text });
    else this.#out.push({ type: 'reasoning-delta', index: block.index, text });
  }

  #close(block: Block): void {
    if (!block.open) return;
    block.open = false;
    const type = block.kind === 'text' ? 'text-end' : block.kind === 'call' ? 'tool-call-end' : 'reasoning-end';
    this.#out.push({ type, index: block.index });
  }

  #itemDone(data: JsonObject): void {
    const oi = num(data, 'output_index');
    const item = data['item'];
    if (oi !== undefined && isObject(item)) this.#completeItem(oi, item);
  }

  /** Finishes an item from its final form, emitting whatever its events did not carry. */
  #completeItem(oi: number, item: JsonObject): void {
    if (this.#doneItems.has(oi)) return;
    this.#doneItems.add(oi);
    const type = item['type'];
    if (type === 'message') {
      const texts = messageTexts(item);
      texts.forEach((text, ci) => {
        const block = this.#textBlock({ output_index: oi, content_index: ci });
        if (block) {
          this.#fill(block, text);
          this.#close(block);
        }
      });
      for (const [key, block] of this.#blocks) if (key.startsWith(`${oi}:`)) this.#close(block);
      return;
    }
    const block = this.#blocks.get(String(oi)) ?? this.#startItem(oi, item);
    if (block === undefined) return;
    if (block.kind === 'call') this.#fill(block, toolCallOf(item)?.arguments);
    if (block.kind === 'reasoning') {
      this.#fill(block, reasoningText(item));
      const encrypted = str(item, 'encrypted_content');
      if (encrypted !== undefined && block.open) this.#out.push({ type: 'reasoning-signature', index: block.index, opaque: encrypted });
    }
    this.#close(block);
  }

  #closeAll(): void {
    for (const block of this.#blocks.values()) this.#close(block);
  }

  #finish(response: unknown, status: 'completed' | 'incomplete'): void {
    const r = isObject(response) ? response : {};
    this.#start(r);
    const output = r['output'];
    if (Array.isArray(output)) output.forEach((item, oi) => isObject(item) && this.#completeItem(oi, item));
    this.#closeAll();
    const details = isObject(r['incomplete_details']) ? r['incomplete_details'] : {};
    const reason = toFinishReason(str(r, 'status') ?? status, str(details, 'reason'), this.#hasToolCalls);
    this.#out.push({ type: 'finish', reason, usage: usageOf(r['usage']) });
    this.#ended = true;
  }

  #failed(response: unknown): void {
    const r = isObject(response) ? response : {};
    const error = isObject(r['error']) ? r['error'] : {};
    this.#upstreamError(str(error, 'code'), str(error, 'message') ?? 'the backend reported response.failed');
  }

  #inStreamError(data: JsonObject): void {
    const nested = isObject(data['error']) ? data['error'] : data;
    this.#upstreamError(str(nested, 'code') ?? str(nested, 'type'), str(nested, 'message') ?? 'the backend sent an error event');
  }

  #upstreamError(code: string | undefined, message: string): void {
    const info = gatewayError('SEKISHO_ERR_UPSTREAM_STATUS', { upstreamStatus: code ?? 'an error', detail: message }).info;
    if (code === 'rate_limit_exceeded') {
      info.kind = 'rate_limit';
      info.status = 429;
    }
    this.#error(info);
  }

  #error(info: GatewayErrorInfo): void {
    this.#out.push({ type: 'error', error: info });
    this.#ended = true;
  }
}
