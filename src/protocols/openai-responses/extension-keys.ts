/**
 * Keys this module writes into canonical `extensions` for its own bookkeeping, so that a request
 * parsed from Responses renders back into the same Responses shape. They never reach another
 * dialect: renderers only emit extensions when the source dialect is their own.
 */

/**
 * On a tool definition: the tool was declared by an `additional_tools` input item (Codex code mode),
 * not in the top-level `tools`. The item itself is kept in place as an OpaquePart, so a Responses
 * render must not repeat the tool at the top level.
 */
export const FROM_ADDITIONAL_TOOLS = 'sekisho_additional_tools';

/** On a tool definition declared inside a `namespace` tool: that namespace's `description`. */
export const NAMESPACE_DESCRIPTION = 'sekisho_namespace_description';

/**
 * On a ToolResultPart: the original `output` array when it held part types the canonical model
 * cannot express; a Responses render sends it back verbatim.
 */
export const RAW_OUTPUT = 'sekisho_raw_output';

/** On a ReasoningPart: the item carried raw `content` (reasoning_text) rather than a `summary`. */
export const REASONING_AS_CONTENT = 'sekisho_reasoning_as_content';
