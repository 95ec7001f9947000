/**
 * The pieces a message is made of. Every client protocol's content blocks map onto these; anything a
 * protocol carries that has no canonical meaning rides along in `extensions` so a same-dialect round
 * trip loses nothing.
 */

/** Vendor fields we do not model (e.g. Anthropic `cache_control`, `citations`). Kept verbatim. */
export type Extensions = Record<string, unknown>;

export interface TextPart {
  type: 'text';
  text: string;
  extensions?: Extensions;
}

/**
 * An image. Not inspected by text detectors; reported as uninspected content so policy can decide.
 * `source` keeps the wire shape of the client (base64 data or a URL) so it can be rendered back.
 */
export interface ImagePart {
  type: 'image';
  /** Media type when known, e.g. `image/png`. */
  mediaType?: string;
  /** Either inline base64 data or a URL (http(s) or data:). */
  data?: string;
  url?: string;
  extensions?: Extensions;
}

/** A document (PDF, file reference). Not inspected; reported as uninspected. */
export interface DocumentPart {
  type: 'document';
  mediaType?: string;
  data?: string;
  url?: string;
  /** File id or name when the client refers to an uploaded file. */
  fileId?: string;
  filename?: string;
  extensions?: Extensions;
}

/**
 * A tool invocation by the model. `kind: 'function'` carries JSON arguments as text (exactly as
 * streamed, so it can be restored and re-emitted byte-faithfully); `kind: 'custom'` (OpenAI freeform
 * grammar tools) carries raw input text.
 */
export interface ToolCallPart {
  type: 'tool-call';
  /** The id that pairs this call with its result (`tool_use.id`, `call_id`, `tool_calls[].id`). */
  id: string;
  name: string;
  kind: 'function' | 'custom';
  /** JSON text for function tools, raw text for custom tools. */
  arguments: string;
  /** Responses API namespace of the tool, when it was declared inside a `namespace` tool. */
  namespace?: string;
  extensions?: Extensions;
}

/** The outcome of a tool call, sent back by the client. Content is text and/or images. */
export interface ToolResultPart {
  type: 'tool-result';
  /** The id of the tool call this answers. */
  callId: string;
  /** The tool's name when the protocol carries it (Chat does not; Responses/Anthropic derive it). */
  name?: string;
  kind?: 'function' | 'custom';
  content: Array<TextPart | ImagePart | DocumentPart>;
  isError?: boolean;
  extensions?: Extensions;
}

/**
 * Model reasoning. Anthropic `thinking` blocks carry a `signature` and `redacted_thinking` blocks
 * opaque `data`: both must be sent back byte-for-byte, never edited. Responses `reasoning` items carry
 * `encrypted_content`.
 */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  /** Anthropic thinking signature. */
  signature?: string;
  /** Anthropic `redacted_thinking.data` or Responses `encrypted_content`: opaque, pass back as is. */
  opaque?: string;
  /** Which dialect produced the opaque/signed data; other dialects cannot verify it and drop it. */
  origin?: 'anthropic' | 'openai';
  extensions?: Extensions;
}

/**
 * A block or item of a type Sekisho does not model (e.g. Anthropic `server_tool_use`,
 * `web_search_tool_result`, Responses `web_search_call`, `item_reference`). Kept verbatim so a backend
 * of the same dialect receives it unchanged; dropped when translating to another dialect. Inspection
 * reads every string inside `raw`.
 */
export interface OpaquePart {
  type: 'opaque';
  dialect: 'anthropic-messages' | 'openai-chat' | 'openai-responses';
  raw: Record<string, unknown>;
}

export type ContentPart =
  | TextPart
  | OpaquePart
  | ImagePart
  | DocumentPart
  | ToolCallPart
  | ToolResultPart
  | ReasoningPart;
