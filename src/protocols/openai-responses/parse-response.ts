import type { ContentPart, ConversationResponse } from '../../conversation/index.ts';
import type { ParseResult } from '../protocol.ts';
import { toFinishReason } from './map-finish-reason.ts';
import { partsOfOutputItem, usageOf } from './parse-output-item.ts';
import { isObject, str } from './wire.ts';

/**
 * A Responses backend's non-stream body → canonical answer. A `failed` response is not an answer:
 * it is reported as a parse failure carrying the backend's error message.
 */
export function parseResponse(body: unknown): ParseResult<ConversationResponse> {
  if (!isObject(body)) return { ok: false, message: 'response body must be a JSON object' };
  const output = body['output'];
  if (!Array.isArray(output)) return { ok: false, message: 'response.output must be an array', param: 'output' };
  const status = str(body, 'status');
  if (status === 'failed') {
    const error = isObject(body['error']) ? body['error'] : {};
    const detail = [str(error, 'code'), str(error, 'message')].filter((s) => s !== undefined).join(': ');
    return { ok: false, message: `backend response failed${detail === '' ? '' : `: ${detail}`}`, param: 'error' };
  }
  const content: ContentPart[] = [];
  for (let i = 0; i < output.length; i++) {
    const item = output[i];
    if (!isObject(item)) return { ok: false, message: `output[${i}] must be an object`, param: `output[${i}]` };
    content.push(...partsOfOutputItem(item));
  }
  const details = isObject(body['incomplete_details']) ? body['incomplete_details'] : undefined;
  const hasToolCalls = content.some((p) => p.type === 'tool-call');
  return {
    ok: true,
    value: {
      id: str(body, 'id') ?? '',
      model: str(body, 'model') ?? '',
      content,
      finishReason: toFinishReason(status ?? 'completed', details === undefined ? undefined : str(details, 'reason'), hasToolCalls),
      usage: usageOf(body['usage']),
    },
  };
}
