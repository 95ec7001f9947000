import type { Extensions } from './content-part.ts';

/**
 * A tool the model may call. `function` tools have a JSON Schema; `custom` tools (OpenAI freeform)
 * have an optional grammar/format. `hosted` tools (e.g. Responses `web_search`, Anthropic server tools)
 * run at the provider; they are kept in `raw` and only forwarded to a backend of the same dialect.
 */
export interface FunctionTool {
  type: 'function';
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters?: Record<string, unknown>;
  strict?: boolean;
  /** Responses `namespace` tool this belongs to, if any. */
  namespace?: string;
  extensions?: Extensions;
}

export interface CustomTool {
  type: 'custom';
  name: string;
  description?: string;
  /** Responses custom tool `format` (e.g. `{type: "grammar", syntax: "lark", definition}`). */
  format?: Record<string, unknown>;
  namespace?: string;
  extensions?: Extensions;
}

export interface HostedTool {
  type: 'hosted';
  /** The wire `type`, e.g. `web_search`, `web_search_20250305`. */
  name: string;
  /** Which dialect declared it; only forwarded to that dialect. */
  origin: 'anthropic' | 'openai-responses' | 'openai-chat';
  raw: Record<string, unknown>;
}

export type ToolDefinition = FunctionTool | CustomTool | HostedTool;

export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; name: string };
