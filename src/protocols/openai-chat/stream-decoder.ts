import type { GatewayErrorInfo, StreamEvent, Usage } from '../../conversation/index.ts';
import { gatewayError } from '../../errors.ts';
import type { SseEvent } from '../../sse/sse-event.ts';
import type { StreamDecoder } from '../protocol.ts';
import { fromChatFinishReason } from './map-finish-reason.ts';
import { fromChatUsage } from './map-usage.ts';
import { ToolCallTracker } from './tool-call-tracker.ts';
import type { ToolCallFragment, ToolCallSlot } from './tool-call-tracker.ts';
import { isObject } from './wire.ts';
import type { JsonObject } from './wire.ts';

/** The upstream said something went wrong, or stopped talking: always the last event. */
function failure(code: 'SEKISHO_ERR_UPSTREAM_ABORTED' | 'SEKISHO_ERR_UPSTREAM_PROTOCOL' | 'SEKISHO_ERR_UPSTREAM_REPORTED', detail: string): GatewayErrorInfo {
  return gatewayError(code, { detail }).info;
}

function upstreamErrorMessage(error: unknown): string {
  if (isObject(error) && typeof error.message === 'string') return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/**
 * Chat Completions chunks from a backend → canonical stream events. Text, reasoning and each tool
 * call get their own canonical block index in order of first appearance. The `finish` event waits
 * for `[DONE]` (or the end of the stream) so the trailing usage-only chunk is included; a stream
 * that ends before any `finish_reason` is reported as an error, never as a complete answer.
 */
class ChatStreamDecoder implements StreamDecoder {
  #started = false;
  #terminated = false;
  #nextIndex = 0;
  #text: number | undefined;
  #reasoning: number | undefined;
  #tools = new ToolCallTracker();
  #finishReason: unknown;
  #sawFinish = false;
  #usage: Usage | undefined;

  push(event: SseEvent): StreamEvent[] {
    if (this.#terminated) return [];
    const out: StreamEvent[] = [];
    const data = event.data.trim();
    if (data === '') return out;
    if (data === '[DONE]') return this.#complete(out);
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      if (event.event === 'error') return this.#fail(out, failure('SEKISHO_ERR_UPSTREAM_REPORTED', data));
      return this.#fail(out, failure('SEKISHO_ERR_UPSTREAM_PROTOCOL', `stream chunk is not JSON: ${data.slice(0, 200)}`));
    }
    if (!isObject(chunk)) return this.#fail(out, failure('SEKISHO_ERR_UPSTREAM_PROTOCOL', 'stream chunk is not a JSON object'));
    if (chunk.error !== undefined || event.event === 'error') {
      const detail = upstreamErrorMessage(chunk.error ?? chunk);
      return this.#fail(out, failure('SEKISHO_ERR_UPSTREAM_REPORTED', detail));
    }
    this.#chunk(chunk, out);
    return out;
  }

  end(): StreamEvent[] {
    if (this.#terminated) return [];
    // Some servers stop after the finish chunk without `[DONE]`: complete, since the answer was.
    if (this.#sawFinish) return this.#complete([]);
    return this.#fail([], failure('SEKISHO_ERR_UPSTREAM_ABORTED', 'the stream ended before a finish_reason'));
  }

  #start(out: StreamEvent[], chunk?: JsonObject): void {
    if (this.#started) return;
    this.#started = true;
    const id = typeof chunk?.id === 'string' ? chunk.id : '';
    const model = typeof chunk?.model === 'string' ? chunk.model : '';
    out.push({ type: 'start', id, model });
  }

  #chunk(chunk: JsonObject, out: StreamEvent[]): void {
    this.#start(out, chunk);
    const usage = fromChatUsage(chunk.usage);
    if (usage) this.#usage = usage;
    // vLLM sends `choices: null` on the usage chunk; other choices than 0 (n > 1) are not forwarded.
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const choice = choices.find((c) => isObject(c) && (c.index === 0 || c.index === undefined));
    if (!isObject(choice)) return;
    const delta = isObject(choice.delta) ? choice.delta : isObject(choice.message) ? choice.message : {};
    const reasoning = typeof delta.reasoning_content === 'string' ? delta.reasoning_content : delta.reasoning;
    if (typeof reasoning === 'string' && reasoning !== '') this.#reasoningDelta(reasoning, out);
    if (typeof delta.content === 'string' && delta.content !== '') this.#textDelta(delta.content, out);
    if (Array.isArray(delta.tool_calls)) {
      for (const entry of delta.tool_calls) if (isObject(entry)) this.#toolDelta(this.#tools.accept(entry), out);
    }
    if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '') {
      this.#sawFinish = true;
      this.#finishReason = choice.finish_reason;
    }
  }

  #reasoningDelta(text: string, out: StreamEvent[]): void {
    this.#closeText(out);
    this.#closeTools(out);
    if (this.#reasoning === undefined) {
      this.#reasoning = this.#nextIndex++;
      out.push({ type: 'reasoning-start', index: this.#reasoning });
    }
    out.push({ type: 'reasoning-delta', index: this.#reasoning, text });
  }

  #textDelta(text: string, out: StreamEvent[]): void {
    this.#closeReasoning(out);
    this.#closeTools(out);
    if (this.#text === undefined) {
      this.#text = this.#nextIndex++;
      out.push({ type: 'text-start', index: this.#text });
    }
    out.push({ type: 'text-delta', index: this.#text, text });
  }

  #toolDelta({ slot, args }: ToolCallFragment, out: StreamEvent[]): void {
    if (slot.closed) return; // fragments after the block was closed by later text: nothing can carry them
    this.#closeText(out);
    this.#closeReasoning(out);
    if (slot.index === undefined) {
      slot.pending += args;
      if (slot.name !== '') this.#startTool(slot, out);
      return;
    }
    if (args !== '') out.push({ type: 'tool-call-delta', index: slot.index, delta: args });
  }

  #startTool(slot: ToolCallFragment['slot'], out: StreamEvent[]): void {
    const index = this.#nextIndex++;
    slot.index = index;
    if (slot.id === '') slot.id = `call_${index}`; // some servers (Ollama with gpt-oss) send no id
    out.push({ type: 'tool-call-start', index, id: slot.id, name: slot.name, kind: slot.kind });
    if (slot.pending !== '') out.push({ type: 'tool-call-delta', index, delta: slot.pending });
    slot.pending = '';
  }

  #closeText(out: StreamEvent[]): void {
    if (this.#text === undefined) return;
    out.push({ type: 'text-end', index: this.#text });
    this.#text = undefined;
  }

  #closeReasoning(out: StreamEvent[]): void {
    if (this.#reasoning === undefined) return;
    out.push({ type: 'reasoning-end', index: this.#reasoning });
    this.#reasoning = undefined;
  }

  #closeTools(out: StreamEvent[]): void {
    for (const slot of this.#tools.slots) {
      if (slot.closed) continue;
      // A call whose name never came is still a call: start it so its arguments are not lost.
      if (slot.index === undefined) this.#startTool(slot, out);
      out.push({ type: 'tool-call-end', index: slot.index ?? 0 });
      slot.closed = true;
    }
  }

  #complete(out: StreamEvent[]): StreamEvent[] {
    // TGI ends a tool call with `[DONE]` and no finish_reason at all: see `completeToolCalls`.
    if (!this.#sawFinish && !completeToolCalls(this.#tools.slots)) {
      return this.#fail(out, failure('SEKISHO_ERR_UPSTREAM_ABORTED', 'the stream ended ([DONE]) without a finish_reason'));
    }
    this.#start(out);
    this.#closeText(out);
    this.#closeReasoning(out);
    this.#closeTools(out);
    const hasToolCalls = this.#tools.slots.length > 0;
    const usage = this.#usage ?? { inputTokens: 0, outputTokens: 0 };
    out.push({ type: 'finish', reason: fromChatFinishReason(this.#finishReason, hasToolCalls), usage });
    this.#terminated = true;
    return out;
  }

  #fail(out: StreamEvent[], error: GatewayErrorInfo): StreamEvent[] {
    this.#start(out);
    out.push({ type: 'error', error });
    this.#terminated = true;
    return out;
  }
}

/**
 * The one case where a missing finish_reason still reads as a finished answer (TGI's tool-call
 * streams): the backend closed the stream cleanly with `[DONE]`, at least one tool call was streamed,
 * and every call has a name and arguments that parse as a whole JSON object. Such a turn can only have
 * ended in a tool call, so it finishes as `tool-calls`. Anything else without a finish_reason — text
 * only, a custom (freeform) call, arguments cut mid-JSON, or a stream that stopped without `[DONE]` —
 * is still reported as an upstream error, never as a complete answer.
 */
function completeToolCalls(slots: readonly ToolCallSlot[]): boolean {
  if (slots.length === 0) return false;
  return slots.every((slot) => {
    if (slot.name === '' || slot.kind !== 'function') return false;
    try {
      const args: unknown = JSON.parse(slot.arguments);
      return isObject(args);
    } catch {
      return false;
    }
  });
}

/** A fresh decoder for one backend stream. */
export function createStreamDecoder(): StreamDecoder {
  return new ChatStreamDecoder();
}
