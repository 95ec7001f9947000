import type { ConversationRequest, ContentPart } from '../../conversation/index.ts';
import { itemIdFor } from './response-object.ts';
import { resolveCall, unwrapCustomInput } from './tool-lookup.ts';
import type {
  WireCustomToolCallItem,
  WireFunctionCallItem,
  WireItemStatus,
  WireMessageItem,
  WireOutputItem,
  WireReasoningItem,
} from './wire.ts';

/** An assistant message item holding one output_text part. */
export function messageItem(id: string, text: string, status: WireItemStatus): WireMessageItem {
  return {
    id,
    type: 'message',
    status,
    role: 'assistant',
    content: status === 'in_progress' ? [] : [{ type: 'output_text', text, annotations: [], logprobs: [] }],
  };
}

/** A function_call or custom_tool_call item, depending on the resolved kind. */
export function callItem(
  id: string,
  call: { callId: string; name: string; namespace?: string; kind: 'function' | 'custom' },
  payload: string,
  status: WireItemStatus,
): WireFunctionCallItem | WireCustomToolCallItem {
  const namespace = call.namespace !== undefined ? { namespace: call.namespace } : undefined;
  if (call.kind === 'custom') {
    return { id, type: 'custom_tool_call', status, call_id: call.callId, name: call.name, input: payload, ...namespace };
  }
  return { id, type: 'function_call', status, call_id: call.callId, name: call.name, arguments: payload, ...namespace };
}

/** A reasoning item; the summary holds the visible text, `encrypted_content` only OpenAI's own data. */
export function reasoningItem(id: string, text: string, encrypted: string | undefined): WireReasoningItem {
  return {
    id,
    type: 'reasoning',
    summary: text === '' ? [] : [{ type: 'summary_text', text }],
    ...(encrypted !== undefined && { encrypted_content: encrypted }),
  };
}

/**
 * A finished answer's content → Responses output items, one per part (text, call, reasoning).
 * Calls are shaped by the client's tool list (custom tools, namespaces); opaque items of this dialect
 * are passed through; content of other dialects that Responses cannot show is dropped.
 */
export function outputItems(content: readonly ContentPart[], responseId: string, request: ConversationRequest | undefined): WireOutputItem[] {
  const out: WireOutputItem[] = [];
  for (const part of content) {
    const index = out.length;
    switch (part.type) {
      case 'text':
        out.push(messageItem(itemIdFor('msg', responseId, index), part.text, 'completed'));
        break;
      case 'tool-call': {
        const resolved = resolveCall(part, request);
        const prefix = resolved.kind === 'custom' ? 'ctc' : 'fc';
        const payload = resolved.unwrap ? unwrapCustomInput(part.arguments) : part.arguments;
        out.push(callItem(itemIdFor(prefix, responseId, index), { ...resolved, callId: part.id }, payload, 'completed'));
        break;
      }
      case 'reasoning': {
        const encrypted = part.origin === 'openai' ? part.opaque : undefined;
        out.push(reasoningItem(itemIdFor('rs', responseId, index), part.text, encrypted));
        break;
      }
      case 'opaque':
        if (part.dialect === 'openai-responses') out.push(part.raw);
        break;
      default:
        break;
    }
  }
  return out;
}
