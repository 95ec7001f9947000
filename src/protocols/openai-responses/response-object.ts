import type { ConversationRequest, FinishReason, Usage } from '../../conversation/index.ts';
import { fromFinishReason } from './map-finish-reason.ts';
import { renderToolChoice, renderTools } from './render-tools.ts';
import type { JsonObject, WireOutputItem, WireResponse, WireResponseStatus, WireUsage } from './wire.ts';

/**
 * The `resp_` id shown to the client. A backend id that already is a Responses id is kept; otherwise
 * (a translated Chat/Anthropic answer) it is derived from the Sekisho request id, so every event of
 * one answer — including a late `response.failed` from `renderStreamError` — names the same response.
 */
export function responseIdFor(backendId: string | undefined, requestId: string): string {
  if (backendId !== undefined && backendId.startsWith('resp_')) return backendId;
  return `resp_${requestId.replace(/^req_/, '')}`;
}

/** Output item ids (`msg_`, `fc_`, `ctc_`, `rs_`), unique within the response and stable for a given position. */
export function itemIdFor(prefix: 'msg' | 'fc' | 'ctc' | 'rs', responseId: string, outputIndex: number): string {
  return `${prefix}_${responseId.replace(/^resp_/, '')}_${outputIndex}`;
}

/** Canonical usage → Responses usage (all detail fields present: clients read them unguarded). */
export function wireUsage(usage: Usage): WireUsage {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** Everything a response object needs besides the request echo. */
export interface ResponseState {
  id: string;
  createdAt: number;
  model: string;
  status: WireResponseStatus;
  output: WireOutputItem[];
  usage?: Usage;
  finishReason?: FinishReason;
  error?: { code: string; message: string };
}

/**
 * Builds a full `response` object: the non-stream body and the payload of response.created /
 * in_progress / completed / incomplete / failed. Request fields are echoed as the real API does, with
 * its defaults when the client did not set them.
 */
export function buildResponseObject(state: ResponseState, request: ConversationRequest | undefined): WireResponse {
  const incompleteReason = state.finishReason === undefined ? undefined : fromFinishReason(state.finishReason).incompleteReason;
  return {
    id: state.id,
    object: 'response',
    created_at: state.createdAt,
    status: state.status,
    error: state.error ?? null,
    incomplete_details: state.status === 'incomplete' && incompleteReason !== undefined ? { reason: incompleteReason } : null,
    ...echo(request),
    model: state.model,
    output: state.output,
    usage: state.usage === undefined ? null : wireUsage(state.usage),
  };
}

function echo(request: ConversationRequest | undefined): JsonObject {
  const ext = request?.extensions ?? {};
  const instructions = request?.system
    .flatMap((m) => m.content.map((p) => (p.type === 'text' ? p.text : '')))
    .join('\n\n');
  return {
    instructions: instructions === undefined || instructions === '' ? null : instructions,
    max_output_tokens: request?.maxOutputTokens ?? null,
    metadata: ext['metadata'] ?? {},
    parallel_tool_calls: request?.parallelToolCalls ?? true,
    previous_response_id: ext['previous_response_id'] ?? null,
    reasoning: ext['reasoning'] ?? { effort: request?.reasoning?.effort ?? null, summary: request?.reasoning?.summary ?? null },
    service_tier: ext['service_tier'] ?? 'default',
    store: ext['store'] ?? false,
    temperature: request?.temperature ?? 1,
    text: ext['text'] ?? { format: { type: 'text' } },
    tool_choice: ext['tool_choice'] ?? (request?.toolChoice ? renderToolChoice(request.toolChoice, request.tools) : 'auto'),
    tools: request ? renderTools(request.tools, true) : [],
    top_p: request?.topP ?? 1,
    truncation: ext['truncation'] ?? 'disabled',
    user: request?.user ?? null,
  };
}
