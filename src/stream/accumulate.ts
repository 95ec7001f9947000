import type {
  ContentPart,
  ConversationResponse,
  FinishReason,
  GatewayErrorInfo,
  StreamEvent,
  Usage,
} from '../conversation/index.ts';

/**
 * Folds a canonical event stream into one response, for clients that asked for a non-streamed answer
 * from a backend that was streamed to (translation always streams upstream). An `error` event ends
 * accumulation with that error.
 */
export class StreamAccumulator {
  #id = '';
  #model = '';
  #parts = new Map<number, ContentPart>();
  #finish: FinishReason | undefined;
  #stopSequence: string | undefined;
  #usage: Usage = { inputTokens: 0, outputTokens: 0 };
  #error: GatewayErrorInfo | undefined;

  push(event: StreamEvent): void {
    switch (event.type) {
      case 'start':
        this.#id = event.id;
        this.#model = event.model;
        if (event.usage) this.#usage = { ...this.#usage, ...event.usage };
        return;
      case 'text-start':
        this.#parts.set(event.index, { type: 'text', text: '' });
        return;
      case 'text-delta': {
        const part = this.#parts.get(event.index);
        if (part?.type === 'text') part.text += event.text;
        return;
      }
      case 'reasoning-start':
        this.#parts.set(event.index, { type: 'reasoning', text: '', ...(event.origin ? { origin: event.origin } : {}) });
        return;
      case 'reasoning-delta': {
        const part = this.#parts.get(event.index);
        if (part?.type === 'reasoning') part.text += event.text;
        return;
      }
      case 'reasoning-signature': {
        const part = this.#parts.get(event.index);
        if (part?.type === 'reasoning') {
          if (event.signature !== undefined) part.signature = (part.signature ?? '') + event.signature;
          if (event.opaque !== undefined) part.opaque = event.opaque;
        }
        return;
      }
      case 'tool-call-start':
        this.#parts.set(event.index, {
          type: 'tool-call',
          id: event.id,
          name: event.name,
          kind: event.kind,
          arguments: '',
          ...(event.namespace ? { namespace: event.namespace } : {}),
        });
        return;
      case 'tool-call-delta': {
        const part = this.#parts.get(event.index);
        if (part?.type === 'tool-call') part.arguments += event.delta;
        return;
      }
      case 'finish':
        this.#finish = event.reason;
        this.#usage = event.usage;
        if (event.stopSequence !== undefined) this.#stopSequence = event.stopSequence;
        return;
      case 'error':
        this.#error = event.error;
        return;
      case 'text-end':
      case 'reasoning-end':
      case 'tool-call-end':
        return;
    }
  }

  /** The failure the stream ended with, if any. */
  get error(): GatewayErrorInfo | undefined {
    return this.#error;
  }

  /** The finished response; undefined when the stream had no `finish` (an error or a truncated stream). */
  result(): ConversationResponse | undefined {
    if (this.#finish === undefined || this.#error) return undefined;
    const content = [...this.#parts.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
    const response: ConversationResponse = {
      id: this.#id,
      model: this.#model,
      content,
      finishReason: this.#finish,
      usage: this.#usage,
    };
    if (this.#stopSequence !== undefined) response.stopSequence = this.#stopSequence;
    return response;
  }
}
