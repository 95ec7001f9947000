import type { FinishReason } from '../../conversation/index.ts';
import type { WireResponseStatus } from './wire.ts';

/**
 * Responses has no per-answer stop reason: a response is `completed`, `incomplete` (with
 * `incomplete_details.reason`) or `failed`. Tool calls are visible only as output items, so the caller
 * says whether any were produced.
 */
export function toFinishReason(
  status: string | undefined,
  incompleteReason: string | undefined,
  hasToolCalls: boolean,
): FinishReason {
  switch (status) {
    case 'completed':
      return hasToolCalls ? 'tool-calls' : 'stop';
    case 'incomplete':
      if (incompleteReason === 'max_output_tokens') return 'length';
      if (incompleteReason === 'content_filter') return 'content-filter';
      return 'other';
    case 'failed':
    case 'cancelled':
      return 'error';
    default:
      return 'other';
  }
}

/** Where a canonical finish lands in Responses terms. */
export interface ResponsesOutcome {
  status: WireResponseStatus;
  incompleteReason?: 'max_output_tokens' | 'content_filter';
}

/**
 * Canonical → Responses. Only length and content filtering make a response `incomplete`; stop,
 * tool calls, stop sequences, refusals and pauses are all a `completed` response (the client reads
 * tool calls from the items). Errors are `failed`.
 */
export function fromFinishReason(reason: FinishReason): ResponsesOutcome {
  switch (reason) {
    case 'length':
      return { status: 'incomplete', incompleteReason: 'max_output_tokens' };
    case 'content-filter':
      return { status: 'incomplete', incompleteReason: 'content_filter' };
    case 'error':
      return { status: 'failed' };
    default:
      return { status: 'completed' };
  }
}
