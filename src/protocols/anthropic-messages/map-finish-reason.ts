import type { FinishReason } from '../../conversation/index.ts';
import type { WireStopReason } from './wire.ts';

/**
 * Anthropic `stop_reason` -> canonical. `model_context_window_exceeded` is a length stop (the answer
 * was cut because the context filled up); unknown or missing values become `other`.
 */
export function finishReasonFromWire(reason: unknown): FinishReason {
  switch (reason) {
    case 'end_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'stop_sequence':
      return 'stop-sequence';
    case 'tool_use':
      return 'tool-calls';
    case 'pause_turn':
      return 'pause';
    case 'refusal':
      return 'refusal';
    default:
      return 'other';
  }
}

/**
 * Canonical -> Anthropic `stop_reason`. Anthropic has no content-filter stop: a filtered answer is a
 * `refusal`. `error`/`other` have no wire equivalent and are reported as a normal `end_turn`.
 */
export function finishReasonToWire(reason: FinishReason): WireStopReason {
  switch (reason) {
    case 'stop':
      return 'end_turn';
    case 'length':
      return 'max_tokens';
    case 'stop-sequence':
      return 'stop_sequence';
    case 'tool-calls':
      return 'tool_use';
    case 'pause':
      return 'pause_turn';
    case 'refusal':
    case 'content-filter':
      return 'refusal';
    case 'error':
    case 'other':
      return 'end_turn';
  }
}
