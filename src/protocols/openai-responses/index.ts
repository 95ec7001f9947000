import type { Protocol } from '../protocol.ts';
import { parseRequest } from './parse-request.ts';
import { parseResponse } from './parse-response.ts';
import { renderError, renderStreamError } from './render-error.ts';
import { renderRequest } from './render-request.ts';
import { renderResponse } from './render-response.ts';
import { createStreamDecoder } from './stream-decoder.ts';
import { createStreamEncoder } from './stream-encoder.ts';

/**
 * The OpenAI Responses dialect (`POST /v1/responses`): what Codex CLI speaks exclusively, and what
 * opencode and the `openai` SDK use for GPT-style models.
 */
export const openaiResponsesProtocol: Protocol = {
  dialect: 'openai-responses',
  parseRequest,
  renderRequest,
  parseResponse,
  renderResponse,
  createStreamDecoder,
  createStreamEncoder,
  renderError,
  renderStreamError,
};
