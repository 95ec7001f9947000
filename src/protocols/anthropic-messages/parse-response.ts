import type { ContentPart, ConversationResponse } from '../../conversation/index.ts';
import type { ParseResult } from '../protocol.ts';
import { finishReasonFromWire } from './map-finish-reason.ts';
import { usageFromWire } from './map-usage.ts';
import { parseBlock } from './parse-block.ts';
import { isObject } from './wire.ts';

function fail(param: string, message: string): { ok: false; message: string; param: string } {
  return { ok: false, message: `${param}: ${message}`, param };
}

/**
 * Backend non-stream body (`type: "message"`) -> canonical response. An error body
 * (`type: "error"`) is reported as a failed parse carrying the backend's message.
 */
export function parseResponse(body: unknown): ParseResult<ConversationResponse> {
  if (!isObject(body)) return fail('body', 'must be a JSON object');
  if (body['type'] === 'error') {
    const err = isObject(body['error']) ? body['error'] : {};
    const type = typeof err['type'] === 'string' ? err['type'] : 'error';
    const message = typeof err['message'] === 'string' ? err['message'] : 'unknown error';
    return { ok: false, message: `backend error ${type}: ${message}`, param: 'error' };
  }
  if (!Array.isArray(body['content'])) return fail('content', 'must be an array');
  const content: ContentPart[] = [];
  const names = new Map<string, string>();
  for (let i = 0; i < body['content'].length; i++) {
    const r = parseBlock(body['content'][i], `content[${i}]`, names);
    if (!r.ok) return r;
    content.push(r.value);
  }
  const response: ConversationResponse = {
    id: typeof body['id'] === 'string' ? body['id'] : '',
    model: typeof body['model'] === 'string' ? body['model'] : '',
    content,
    finishReason: finishReasonFromWire(body['stop_reason']),
    usage: usageFromWire(isObject(body['usage']) ? body['usage'] : undefined),
  };
  if (typeof body['stop_sequence'] === 'string') response.stopSequence = body['stop_sequence'];
  return { ok: true, value: response };
}
