import type { ContentPart } from './content-part.ts';
import type { FinishReason } from './finish-reason.ts';
import type { Usage } from './usage.ts';

/** A complete (non-streamed, or accumulated from a stream) model answer. */
export interface ConversationResponse {
  id: string;
  /** The model that served it (as the client should see it). */
  model: string;
  /** Assistant output in order: reasoning, text and tool calls. */
  content: ContentPart[];
  finishReason: FinishReason;
  /** The stop sequence that ended generation, when the backend reports it. */
  stopSequence?: string;
  usage: Usage;
}
