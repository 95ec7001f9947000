import type { FinishReason, GatewayErrorInfo, StreamEvent, Usage } from '../../conversation/index.ts';
import type { SseEvent } from '../../sse/sse-event.ts';
import type { EncoderOptions, StreamEncoder } from '../protocol.ts';
import { chatCompletionId } from './chat-completion-id.ts';
import { toChatFinishReason } from './map-finish-reason.ts';
import { toChatUsage } from './map-usage.ts';
import { renderStreamError } from './render-error.ts';
import type { ChatCompletionChunk, ChatDelta, ChatFinishReason, ChatToolCallDelta } from './wire.ts';
import { isObject } from './wire.ts';

/** Per-stream state shared by the event handlers below. */
interface State {
  options: EncoderOptions;
  id: string;
  created: number;
  includeUsage: boolean;
  started: boolean;
  done: boolean;
  /** Whether some text was already sent: a later text block is set off by a blank line. */
  sentText: boolean;
  textBlockHasText: Set<number>;
  /** Canonical block index → Chat `tool_calls[].index` (0-based among tool calls) and kind. */
  tools: Map<number, { ordinal: number; kind: 'function' | 'custom' }>;
}

function chunk(state: State, delta: ChatDelta, finishReason: ChatFinishReason | null = null): SseEvent {
  const body: ChatCompletionChunk = {
    id: state.id,
    object: 'chat.completion.chunk',
    created: state.created,
    model: state.options.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
  // With include_usage, every chunk but the last carries `usage: null`, as OpenAI sends it.
  if (state.includeUsage) body.usage = null;
  return { data: JSON.stringify(body) };
}

function onStart(state: State, id: string): SseEvent[] {
  if (state.started) return [];
  state.started = true;
  state.id = chatCompletionId(id, state.options.requestId);
  // The role chunk: the OpenAI SDK stream helper refuses a stream without it.
  return [chunk(state, { role: 'assistant', content: '' })];
}

function onTextDelta(state: State, index: number, text: string): SseEvent[] {
  if (text === '') return [];
  let content = text;
  if (!state.textBlockHasText.has(index)) {
    state.textBlockHasText.add(index);
    if (state.sentText) content = `\n\n${text}`;
  }
  state.sentText = true;
  return [chunk(state, { content })];
}

function onReasoningDelta(state: State, text: string): SseEvent[] {
  return text === '' ? [] : [chunk(state, { reasoning_content: text })];
}

function onToolCallStart(state: State, index: number, id: string, name: string, kind: 'function' | 'custom'): SseEvent[] {
  const ordinal = state.tools.size;
  state.tools.set(index, { ordinal, kind });
  const call: ChatToolCallDelta =
    kind === 'custom'
      ? { index: ordinal, id, type: 'custom', custom: { name, input: '' } }
      : { index: ordinal, id, type: 'function', function: { name, arguments: '' } };
  return [chunk(state, { tool_calls: [call] })];
}

function onToolCallDelta(state: State, index: number, delta: string): SseEvent[] {
  const tool = state.tools.get(index);
  if (!tool || delta === '') return [];
  const call: ChatToolCallDelta =
    tool.kind === 'custom' ? { index: tool.ordinal, custom: { input: delta } } : { index: tool.ordinal, function: { arguments: delta } };
  return [chunk(state, { tool_calls: [call] })];
}

function onFinish(state: State, reason: FinishReason, usage: Usage): SseEvent[] {
  state.done = true;
  let finish = toChatFinishReason(reason);
  if (state.tools.size > 0 && finish === 'stop') finish = 'tool_calls';
  const events = [chunk(state, {}, finish)];
  if (state.includeUsage) {
    const last: ChatCompletionChunk = {
      id: state.id,
      object: 'chat.completion.chunk',
      created: state.created,
      model: state.options.model,
      choices: [],
      usage: toChatUsage(usage),
    };
    events.push({ data: JSON.stringify(last) });
  }
  events.push({ data: '[DONE]' });
  return events;
}

function onError(state: State, error: GatewayErrorInfo): SseEvent[] {
  state.done = true;
  return renderStreamError(error);
}

function wantsUsage(options: EncoderOptions): boolean {
  const streamOptions = options.request?.extensions.stream_options;
  return isObject(streamOptions) && streamOptions.include_usage === true;
}

/**
 * Canonical events → the Chat Completions chunk sequence clients and the OpenAI SDK helpers expect:
 * role chunk, content / `reasoning_content` / `tool_calls` deltas, a finish chunk with an empty
 * delta, the usage chunk (`choices: []`) when the request asked for it, then `[DONE]`.
 */
export function createStreamEncoder(options: EncoderOptions): StreamEncoder {
  const state: State = {
    options,
    id: chatCompletionId('', options.requestId),
    created: Math.floor(Date.now() / 1000),
    includeUsage: wantsUsage(options),
    started: false,
    done: false,
    sentText: false,
    textBlockHasText: new Set(),
    tools: new Map(),
  };
  return {
    push(event: StreamEvent): SseEvent[] {
      if (state.done) return [];
      if (event.type === 'error') return onError(state, event.error);
      const out = event.type === 'start' ? [] : onStart(state, '');
      switch (event.type) {
        case 'start':
          return onStart(state, event.id);
        case 'text-delta':
          return [...out, ...onTextDelta(state, event.index, event.text)];
        case 'reasoning-delta':
          return [...out, ...onReasoningDelta(state, event.text)];
        case 'tool-call-start':
          return [...out, ...onToolCallStart(state, event.index, event.id, event.name, event.kind)];
        case 'tool-call-delta':
          return [...out, ...onToolCallDelta(state, event.index, event.delta)];
        case 'finish':
          return [...out, ...onFinish(state, event.reason, event.usage)];
        case 'text-start':
        case 'text-end':
        case 'reasoning-start':
        case 'reasoning-signature':
        case 'reasoning-end':
        case 'tool-call-end':
          return out; // Chat has no block boundaries on the wire
      }
    },
  };
}
