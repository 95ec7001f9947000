import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import type { ConversationRequest } from '../../conversation/index.ts';
import type { ParseResult } from '../../protocols/protocol.ts';
import { protocols } from '../../protocols/index.ts';
import { parseCountTokensRequest } from '../../protocols/anthropic-messages/index.ts';
import { parseCompletionsRequest, parseEmbeddingsRequest } from '../../protocols/openai-completions/parse-completions.ts';
import { readBody } from '../read-body.ts';
import { gatewayError } from '../../errors.ts';
import { checkCharset } from '../../util/strict-json.ts';
import { PieceCache, readJsonBody } from '../read-json.ts';

/**
 * Protocol adapter stage: reads the body, parses it as strict JSON (util/strict-json.ts: no duplicate
 * keys, `__proto__`, lone surrogates, non-UTF-8 bytes or charset, BOM, excessive nesting), and turns it
 * into the canonical conversation with the client's protocol module. Bad input stops here with a clear
 * error in the client's format, for every endpoint.
 */
export function parseStage(runtime: Runtime): Stage<RequestContext> {
  // Messages already parsed from byte-identical pieces of earlier requests (read-json.ts PieceCache).
  const pieces = new PieceCache();
  return async (ctx, next) => {
    // In a function of its own: this stage's frame stays suspended until the answer ends, and would keep
    // the received bytes and the parsed body alive with it (release.ts drops them from the context).
    await readRequest(ctx, runtime, pieces);
    await next();
  };
}

async function readRequest(ctx: RequestContext, runtime: Runtime, pieces: PieceCache): Promise<void> {
  const type = String(ctx.req.headers['content-type'] ?? 'application/json').toLowerCase();
  if (!type.includes('json')) throw gatewayError('SEKISHO_ERR_UNSUPPORTED_MEDIA_TYPE', { detail: type });
  const charset = checkCharset(type);
  if (charset) throw gatewayError('SEKISHO_ERR_BODY_NOT_UTF8', { detail: charset.message });
  const raw = await readBody(ctx.req, runtime.config.server.bodyLimitBytes);
  // Strict: what is inspected (the parsed value) and what is forwarded (these bytes) must be read the
  // same way by every parser, or the request is refused here, before anything is sent.
  // A large body is read in pieces, never as one string (read-json.ts: V8's large-object space).
  const read = readJsonBody(raw, undefined, pieces);
  if (!read.ok) {
    const { problem, message } = read.error;
    if (problem === 'syntax') throw gatewayError('SEKISHO_ERR_INVALID_JSON', { detail: message });
    throw gatewayError(problem === 'bom' || problem === 'invalid-utf8' ? 'SEKISHO_ERR_BODY_NOT_UTF8' : 'SEKISHO_ERR_AMBIGUOUS_JSON', { detail: message });
  }
  setBodyText(ctx, raw, read.text);
  ctx.bodyBytes = raw;
  const json = read.value;
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
}

/**
 * `ctx.bodyText` is the body as text, decoded from the bytes only when a stage asks for it (a routed
 * model name spliced in, redaction, a transcript): most requests never need the whole body as one
 * string. Assigning it (redaction's rewritten body) replaces it as before.
 */
function setBodyText(ctx: RequestContext, bytes: Buffer, text: string | undefined): void {
  let value = text;
  Object.defineProperty(ctx, 'bodyText', {
    configurable: true,
    enumerable: true,
    get: () => (value ??= bytes.toString('utf8')),
    set: (next: string) => {
      value = next;
    },
  });
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
