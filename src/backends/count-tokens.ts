import type { BackendExchange } from './exchange.ts';
import { countTokensEstimate } from '../protocols/anthropic-messages/index.ts';
import { gatewayError } from '../errors.ts';

/**
 * Answers `/v1/messages/count_tokens` in the gateway when the backend has no such endpoint, with the
 * documented estimate (see `countTokensEstimate`). Marked with a header so clients can tell.
 */
export function answerCountTokensLocally(ctx: BackendExchange): void {
  if (!ctx.conversation) throw gatewayError('SEKISHO_ERR_INTERNAL', { detail: 'count_tokens without a parsed request' });
  ctx.reply.sendJson(200, { input_tokens: countTokensEstimate(ctx.conversation) }, { 'x-sekisho-token-count': 'estimate' });
}
