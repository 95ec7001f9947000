import type { ConversationRequest, CustomTool, FunctionTool } from '../../conversation/index.ts';

/** How a tool call the model made should look to a Responses client. */
export interface ResolvedCall {
  /** `custom_tool_call` or `function_call`. */
  kind: 'function' | 'custom';
  name: string;
  namespace?: string;
  /** The call arrived as a function call with `{"input": "..."}` for a custom tool: unwrap it. */
  unwrap: boolean;
}

/**
 * Decides the wire shape of a tool call by looking the name up in the client's tool list. A backend
 * without custom tools (Chat, Anthropic) sees a custom tool as a function taking `{input}` and may see
 * namespaced tools flattened (plain `name` or `namespace__name`); the client must get back the
 * custom_tool_call and the `namespace` it declared.
 */
export function resolveCall(
  call: { name: string; kind: 'function' | 'custom'; namespace?: string },
  request: ConversationRequest | undefined,
): ResolvedCall {
  const tool = findTool(call.name, call.namespace, request);
  const namespace = call.namespace ?? tool?.namespace;
  const name = tool?.name ?? call.name;
  const kind = call.kind === 'custom' || tool?.type === 'custom' ? 'custom' : 'function';
  return { kind, name, ...(namespace !== undefined && { namespace }), unwrap: call.kind === 'function' && kind === 'custom' };
}

function findTool(name: string, namespace: string | undefined, request: ConversationRequest | undefined): FunctionTool | CustomTool | undefined {
  if (request === undefined) return undefined;
  let flattened: FunctionTool | CustomTool | undefined;
  for (const tool of request.tools) {
    if (tool.type === 'hosted') continue;
    if (tool.name === name && (namespace === undefined || tool.namespace === namespace)) return tool;
    if (tool.namespace !== undefined && `${tool.namespace}__${tool.name}` === name) flattened = tool;
  }
  return flattened;
}

export { unwrapCustomInput } from '../custom-tool-wrapper.ts';
