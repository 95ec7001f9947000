import type { Extensions } from './content-part.ts';
import type { Message } from './message.ts';
import type { ToolChoice, ToolDefinition } from './tool.ts';

/**
 * One generation request, whatever protocol it arrived in. This is what inspection reads, what policy
 * decides on and what a translating backend renders into its own dialect.
 */
export interface ConversationRequest {
  /** The model name the client asked for (before routing maps it). */
  model: string;
  /**
   * Top-level instructions: Anthropic `system`, Responses `instructions`. Inline system/developer
   * messages stay in `messages` where the client put them (order matters to some clients).
   */
  system: Message[];
  messages: Message[];
  tools: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
  stream: boolean;
  /** Reasoning controls: OpenAI `reasoning.effort`, Anthropic `thinking.budget_tokens`. */
  reasoning?: { effort?: string; budgetTokens?: number; summary?: string; enabled?: boolean };
  /** End-user id for abuse tracking (Anthropic `metadata.user_id`, OpenAI `user`/`safety_identifier`). */
  user?: string;
  /**
   * Top-level wire fields with no canonical meaning (e.g. `context_management`, `output_config`,
   * `store`, `include`, `prompt_cache_key`). Forwarded only to a backend of the same dialect.
   */
  extensions: Extensions;
}
