import type { ContentPart, ConversationRequest } from '../../conversation/index.ts';
import type { ParseResult } from '../protocol.ts';
import { parseRequestBody } from './parse-request.ts';

/** Bytes per token of the estimate: ~4 UTF-8 bytes per token for English text and code. */
const BYTES_PER_TOKEN = 4;
/** Role markers and separators around each message. */
const PER_MESSAGE_TOKENS = 4;
/** Per tool definition, for the wrapper the model sees around each schema. */
const PER_TOOL_TOKENS = 8;
/** An image or document is counted as a flat ~1600 tokens (roughly a full-size image). */
const PER_MEDIA_TOKENS = 1600;

const encoder = new TextEncoder();

function bytes(text: string): number {
  return encoder.encode(text).length;
}

function partBytes(part: ContentPart): { bytes: number; media: number } {
  switch (part.type) {
    case 'text':
      return { bytes: bytes(part.text), media: 0 };
    case 'reasoning':
      return { bytes: bytes(part.text), media: 0 };
    case 'tool-call':
      return { bytes: bytes(part.name) + bytes(part.arguments), media: 0 };
    case 'tool-result': {
      let b = 0;
      let m = 0;
      for (const inner of part.content) {
        const r = partBytes(inner);
        b += r.bytes;
        m += r.media;
      }
      return { bytes: b, media: m };
    }
    case 'image':
    case 'document':
      return { bytes: 0, media: 1 };
    case 'opaque':
      return { bytes: bytes(JSON.stringify(part.raw)), media: 0 };
  }
}

/**
 * A documented estimate of prompt tokens, used to answer `count_tokens` when the backend has no such
 * endpoint: ceil(UTF-8 bytes of all text, reasoning, tool names/arguments and tool schemas / 4),
 * plus 4 tokens per message, 8 per tool and a flat 1600 per image or document. It is an estimate,
 * not the backend tokenizer's count.
 */
export function countTokensEstimate(request: ConversationRequest): number {
  let totalBytes = 0;
  let overhead = 0;
  for (const message of [...request.system, ...request.messages]) {
    overhead += PER_MESSAGE_TOKENS;
    for (const part of message.content) {
      const r = partBytes(part);
      totalBytes += r.bytes;
      overhead += r.media * PER_MEDIA_TOKENS;
    }
  }
  for (const tool of request.tools) {
    overhead += PER_TOOL_TOKENS;
    totalBytes += tool.type === 'hosted' ? bytes(JSON.stringify(tool.raw)) : bytes(tool.name) + bytes(tool.description ?? '');
    if (tool.type === 'function' && tool.parameters) totalBytes += bytes(JSON.stringify(tool.parameters));
    if (tool.type === 'custom' && tool.format) totalBytes += bytes(JSON.stringify(tool.format));
  }
  return Math.ceil(totalBytes / BYTES_PER_TOKEN) + overhead;
}

/** `POST /v1/messages/count_tokens` body -> canonical request: the Messages shape without `max_tokens`. */
export function parseCountTokensRequest(body: unknown): ParseResult<ConversationRequest> {
  return parseRequestBody(body, { requireMaxTokens: false });
}
