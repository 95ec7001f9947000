import type { FinishReason, GatewayErrorInfo, StreamEvent, Usage } from '../../conversation/index.ts';
import { gatewayError } from '../../errors.ts';
import type { SseEvent } from '../../sse/sse-event.ts';
import type { StreamDecoder } from '../protocol.ts';
import { finishReasonFromWire } from './map-finish-reason.ts';
import { usageFromWire } from './map-usage.ts';
import { isObject, type JsonObject } from './wire.ts';

type BlockKind = 'text' | 'reasoning' | 'tool';

interface OpenBlock {
  kind: BlockKind;
  index: number;
  /** tool_use `input` given in content_block_start, used when no input_json_delta follows. */
  initialInput?: string;
  sawDelta: boolean;
}

const KIND_BY_TYPE: Record<string, { kind: GatewayErrorInfo['kind']; status: number }> = {
  invalid_request_error: { kind: 'invalid_request', status: 400 },
  authentication_error: { kind: 'authentication', status: 401 },
  billing_error: { kind: 'permission', status: 402 },
  permission_error: { kind: 'permission', status: 403 },
  not_found_error: { kind: 'not_found', status: 404 },
  request_too_large: { kind: 'request_too_large', status: 413 },
  rate_limit_error: { kind: 'rate_limit', status: 429 },
  api_error: { kind: 'upstream', status: 502 },
  timeout_error: { kind: 'timeout', status: 504 },
  overloaded_error: { kind: 'overloaded', status: 529 },
};

/** An in-stream `event: error` from the backend, kept in its category so clients retry overloads. */
function upstreamError(data: JsonObject): GatewayErrorInfo {
  const err = isObject(data['error']) ? data['error'] : {};
  const type = typeof err['type'] === 'string' ? err['type'] : 'api_error';
  const message = typeof err['message'] === 'string' ? err['message'] : 'unknown error';
  const info = gatewayError('SEKISHO_ERR_UPSTREAM_STATUS', { upstreamStatus: type, detail: message }).info;
  const mapped = KIND_BY_TYPE[type];
  return mapped ? { ...info, kind: mapped.kind, status: mapped.status } : info;
}

function protocolError(detail: string): GatewayErrorInfo {
  return gatewayError('SEKISHO_ERR_UPSTREAM_PROTOCOL', { detail }).info;
}

/**
 * Decoder state for one Anthropic stream. Wire block indexes are mapped to canonical indexes assigned
 * 0, 1, 2... in order of first appearance; blocks we cannot express (server tool blocks) are skipped.
 */
class AnthropicStreamDecoder implements StreamDecoder {
  #started = false;
  #done = false;
  #next = 0;
  #blocks = new Map<number, OpenBlock>();
  #usage: Usage = { inputTokens: 0, outputTokens: 0 };
  #reason: FinishReason = 'other';
  #stopSequence: string | undefined;

  push(event: SseEvent): StreamEvent[] {
    if (this.#done) return [];
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return this.#fail(protocolError(`invalid JSON in ${event.event ?? 'unnamed'} event`));
    }
    if (!isObject(data)) return this.#fail(protocolError('event data is not an object'));
    const type = typeof data['type'] === 'string' ? data['type'] : event.event;
    if (type === 'error') return this.#fail(upstreamError(data));
    if (type === 'ping') return [];
    if (type === 'message_start') return this.#messageStart(data);
    if (!this.#started) return this.#fail(protocolError(`${String(type)} before message_start`));
    switch (type) {
      case 'content_block_start':
        return this.#blockStart(data);
      case 'content_block_delta':
        return this.#blockDelta(data);
      case 'content_block_stop':
        return this.#blockStop(data);
      case 'message_delta':
        return this.#messageDelta(data);
      case 'message_stop':
        return this.#messageStop();
      default:
        return []; // new event types may be added by the API; they carry nothing we model
    }
  }

  end(): StreamEvent[] {
    if (this.#done) return [];
    return this.#fail(gatewayError('SEKISHO_ERR_UPSTREAM_ABORTED', { detail: 'no message_stop event' }).info);
  }

  #fail(error: GatewayErrorInfo): StreamEvent[] {
    this.#done = true;
    return [{ type: 'error', error }];
  }

  #messageStart(data: JsonObject): StreamEvent[] {
    if (this.#started) return this.#fail(protocolError('second message_start'));
    this.#started = true;
    const message = isObject(data['message']) ? data['message'] : {};
    this.#usage = usageFromWire(isObject(message['usage']) ? message['usage'] : undefined);
    return [{
      type: 'start',
      id: typeof message['id'] === 'string' ? message['id'] : '',
      model: typeof message['model'] === 'string' ? message['model'] : '',
      usage: { ...this.#usage },
    }];
  }

  #blockStart(data: JsonObject): StreamEvent[] {
    const wireIndex = data['index'];
    const block = data['content_block'];
    if (typeof wireIndex !== 'number' || !isObject(block)) return this.#fail(protocolError('malformed content_block_start'));
    const index = this.#next;
    switch (block['type']) {
      case 'text': {
        this.#open(wireIndex, { kind: 'text', index, sawDelta: false });
        const out: StreamEvent[] = [{ type: 'text-start', index }];
        if (typeof block['text'] === 'string' && block['text'] !== '') out.push({ type: 'text-delta', index, text: block['text'] });
        return out;
      }
      case 'thinking': {
        this.#open(wireIndex, { kind: 'reasoning', index, sawDelta: false });
        const out: StreamEvent[] = [{ type: 'reasoning-start', index, origin: 'anthropic' }];
        if (typeof block['thinking'] === 'string' && block['thinking'] !== '') out.push({ type: 'reasoning-delta', index, text: block['thinking'] });
        if (typeof block['signature'] === 'string' && block['signature'] !== '') out.push({ type: 'reasoning-signature', index, signature: block['signature'] });
        return out;
      }
      case 'redacted_thinking': {
        this.#open(wireIndex, { kind: 'reasoning', index, sawDelta: false });
        const opaque = typeof block['data'] === 'string' ? block['data'] : '';
        return [{ type: 'reasoning-start', index, origin: 'anthropic' }, { type: 'reasoning-signature', index, opaque }];
      }
      case 'tool_use': {
        if (typeof block['id'] !== 'string' || typeof block['name'] !== 'string') return this.#fail(protocolError('tool_use block without id or name'));
        const input = isObject(block['input']) && Object.keys(block['input']).length > 0 ? JSON.stringify(block['input']) : undefined;
        this.#open(wireIndex, { kind: 'tool', index, sawDelta: false, ...(input === undefined ? {} : { initialInput: input }) });
        return [{ type: 'tool-call-start', index, id: block['id'], name: block['name'], kind: 'function' }];
      }
      default:
        return []; // server_tool_use, *_tool_result, ...: provider-side blocks with no stream form here
    }
  }

  #open(wireIndex: number, block: OpenBlock): void {
    this.#blocks.set(wireIndex, block);
    this.#next++;
  }

  #blockDelta(data: JsonObject): StreamEvent[] {
    const block = typeof data['index'] === 'number' ? this.#blocks.get(data['index']) : undefined;
    const delta = data['delta'];
    if (block === undefined || !isObject(delta)) return [];
    const { index } = block;
    switch (delta['type']) {
      case 'text_delta':
        return block.kind === 'text' && typeof delta['text'] === 'string' ? [{ type: 'text-delta', index, text: delta['text'] }] : [];
      case 'thinking_delta':
        return block.kind === 'reasoning' && typeof delta['thinking'] === 'string' ? [{ type: 'reasoning-delta', index, text: delta['thinking'] }] : [];
      case 'signature_delta':
        return block.kind === 'reasoning' && typeof delta['signature'] === 'string' ? [{ type: 'reasoning-signature', index, signature: delta['signature'] }] : [];
      case 'input_json_delta': {
        if (block.kind !== 'tool' || typeof delta['partial_json'] !== 'string' || delta['partial_json'] === '') return [];
        block.sawDelta = true;
        return [{ type: 'tool-call-delta', index, delta: delta['partial_json'] }];
      }
      default:
        return []; // citations_delta and future delta types
    }
  }

  #blockStop(data: JsonObject): StreamEvent[] {
    const wireIndex = data['index'];
    const block = typeof wireIndex === 'number' ? this.#blocks.get(wireIndex) : undefined;
    if (block === undefined || typeof wireIndex !== 'number') return [];
    this.#blocks.delete(wireIndex);
    return this.#close(block);
  }

  #close(block: OpenBlock): StreamEvent[] {
    const { index } = block;
    if (block.kind === 'text') return [{ type: 'text-end', index }];
    if (block.kind === 'reasoning') return [{ type: 'reasoning-end', index }];
    const out: StreamEvent[] = [];
    if (!block.sawDelta && block.initialInput !== undefined) out.push({ type: 'tool-call-delta', index, delta: block.initialInput });
    out.push({ type: 'tool-call-end', index });
    return out;
  }

  #messageDelta(data: JsonObject): StreamEvent[] {
    const delta = isObject(data['delta']) ? data['delta'] : {};
    if (delta['stop_reason'] !== undefined && delta['stop_reason'] !== null) this.#reason = finishReasonFromWire(delta['stop_reason']);
    if (typeof delta['stop_sequence'] === 'string') this.#stopSequence = delta['stop_sequence'];
    const usage = data['usage'];
    if (isObject(usage)) {
      // message_delta counters are cumulative totals; absent ones keep the message_start values.
      const merged = { ...this.#wireUsage(), ...Object.fromEntries(Object.entries(usage).filter(([, v]) => v !== null && v !== undefined)) };
      this.#usage = usageFromWire(merged);
    }
    return [];
  }

  #wireUsage(): JsonObject {
    const read = this.#usage.cachedInputTokens ?? 0;
    const write = this.#usage.cacheWriteInputTokens ?? 0;
    return {
      input_tokens: this.#usage.inputTokens - read - write,
      output_tokens: this.#usage.outputTokens,
      cache_read_input_tokens: read,
      cache_creation_input_tokens: write,
    };
  }

  #messageStop(): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (const block of this.#blocks.values()) out.push(...this.#close(block));
    this.#blocks.clear();
    this.#done = true;
    const finish: StreamEvent = { type: 'finish', reason: this.#reason, usage: this.#usage };
    if (this.#stopSequence !== undefined) finish.stopSequence = this.#stopSequence;
    out.push(finish);
    return out;
  }
}

/** A decoder for one backend Anthropic Messages stream (see `StreamDecoder`). */
export function createStreamDecoder(): StreamDecoder {
  return new AnthropicStreamDecoder();
}
