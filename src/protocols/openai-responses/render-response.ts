import type { ConversationResponse } from '../../conversation/index.ts';
import type { EncoderOptions } from '../protocol.ts';
import { fromFinishReason } from './map-finish-reason.ts';
import { outputItems } from './output-items.ts';
import { buildResponseObject, responseIdFor } from './response-object.ts';
import type { WireResponse } from './wire.ts';

/**
 * Canonical answer → the non-stream body of `POST /v1/responses`. The status follows the finish reason
 * (length/content filter → `incomplete` with its reason, error → `failed`).
 */
export function renderResponse(response: ConversationResponse, options: EncoderOptions): WireResponse {
  const id = responseIdFor(response.id, options.requestId);
  const outcome = fromFinishReason(response.finishReason);
  return buildResponseObject(
    {
      id,
      createdAt: Math.floor(Date.now() / 1000),
      model: options.model,
      status: outcome.status,
      output: outputItems(response.content, id, options.request),
      usage: response.usage,
      finishReason: response.finishReason,
      ...(outcome.status === 'failed' && { error: { code: 'server_error', message: 'The model backend failed to produce an answer' } }),
    },
    options.request,
  );
}
