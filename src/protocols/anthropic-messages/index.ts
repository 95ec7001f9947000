import type { Protocol } from '../protocol.ts';
import { parseRequest } from './parse-request.ts';
import { parseResponse } from './parse-response.ts';
import { renderError, renderStreamError } from './render-error.ts';
import { renderRequest } from './render-request.ts';
import { renderResponse } from './render-response.ts';
import { createStreamDecoder } from './stream-decoder.ts';
import { createStreamEncoder } from './stream-encoder.ts';

/** The Anthropic Messages dialect (`POST /v1/messages`), client and backend side. */
export const anthropicMessagesProtocol: Protocol = {
  dialect: 'anthropic-messages',
  parseRequest,
  renderRequest,
  parseResponse,
  renderResponse,
  createStreamDecoder,
  createStreamEncoder,
  renderError,
  renderStreamError,
};

export { countTokensEstimate, parseCountTokensRequest } from './count-tokens.ts';
