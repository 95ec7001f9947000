import type { FinishReason } from '../../conversation/index.ts';
import type { ChatFinishReason } from './wire.ts';

/**
 * Chat `finish_reason` → canonical. Local servers are loose here: many answer `stop` after emitting
 * tool calls, older TGI says `eos_token` / `stop_sequence`. `hasToolCalls` lets a `stop` that ended
 * a tool-calling turn read as what it is.
 */
export function fromChatFinishReason(reason: unknown, hasToolCalls: boolean): FinishReason {
  switch (reason) {
    case 'stop':
    case 'eos_token':
    case 'end_turn':
      return hasToolCalls ? 'tool-calls' : 'stop';
    case 'length':
    case 'max_tokens':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    case 'stop_sequence':
      return hasToolCalls ? 'tool-calls' : 'stop-sequence';
    default:
      return hasToolCalls ? 'tool-calls' : 'other';
  }
}

/**
 * Canonical → Chat `finish_reason`. Chat has no words for a stop sequence, a paused turn or an
 * error, so those become `stop`; a refusal (Anthropic's classifier stop) is the closest thing Chat
 * has to `content_filter`.
 */
export function toChatFinishReason(reason: FinishReason): ChatFinishReason {
  switch (reason) {
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
    case 'refusal':
      return 'content_filter';
    case 'stop':
    case 'stop-sequence':
    case 'pause':
    case 'error':
    case 'other':
      return 'stop';
  }
}
