/**
 * Why generation stopped. Each protocol maps its own vocabulary onto this in `map-finish-reason.ts`:
 * Anthropic end_turn/max_tokens/stop_sequence/tool_use/refusal/pause_turn, Chat stop/length/tool_calls/
 * content_filter, Responses completed/incomplete(max_output_tokens|content_filter).
 */
export type FinishReason =
  | 'stop'
  | 'length'
  | 'tool-calls'
  | 'content-filter'
  | 'stop-sequence'
  | 'pause'
  | 'refusal'
  | 'error'
  | 'other';
