import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import type { ConversationRequest } from '../../conversation/index.ts';
import type { ParseResult } from '../../protocols/protocol.ts';
import { protocols } from '../../protocols/index.ts';
import { parseCountTokensRequest } from '../../protocols/anthropic-messages/index.ts';
import { parseCompletionsRequest, parseEmbeddingsRequest } from '../../protocols/openai-completions/parse-completions.ts';
import { readBody } from '../../server/read-body.ts';
import { gatewayError } from '../../errors.ts';

/**
 * Protocol adapter stage: reads the body, parses JSON, and turns it into the canonical conversation
 * with the client's protocol module. Bad input stops here with a clear error in the client's format.
 */
export function parseStage(runtime: Runtime): Stage<RequestContext> {
  return async (ctx, next) => {
    const type = String(ctx.req.headers['content-type'] ?? 'application/json').toLowerCase();
    if (!type.includes('json')) throw gatewayError('SEKISHO_ERR_UNSUPPORTED_MEDIA_TYPE', { detail: type });
    const raw = await readBody(ctx.req, runtime.config.server.bodyLimitBytes);
    ctx.bodyText = raw.toString('utf8');
    ctx.bodyBytes = raw;
    let json: unknown;
    try {
      json = JSON.parse(ctx.bodyText);
    } catch (err) {
      throw gatewayError('SEKISHO_ERR_INVALID_JSON', { detail: (err as Error).message });
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw gatewayError('SEKISHO_ERR_INVALID_REQUEST', { detail: 'Request body must be a JSON object' });
    }
    ctx.json = json as Record<string, unknown>;
    const parsed = parseFor(ctx, json);
    if (!parsed.ok) {
      throw gatewayError('SEKISHO_ERR_INVALID_REQUEST', { detail: parsed.param ? `${parsed.param}: ${parsed.message}` : parsed.message });
    }
    ctx.conversation = parsed.value;
    ctx.model = parsed.value.model;
    ctx.stream = parsed.value.stream;
    await next();
  };
}

function parseFor(ctx: RequestContext, json: unknown): ParseResult<ConversationRequest> {
  switch (ctx.endpoint.api) {
    case 'count_tokens':
      return parseCountTokensRequest(json);
    case 'completions':
      return parseCompletionsRequest(json);
    case 'embeddings':
      return parseEmbeddingsRequest(json);
    default:
      return protocols[ctx.endpoint.dialect].parseRequest(json);
  }
}
