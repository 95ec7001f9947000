import type { Protocol } from '../protocol.ts';
import { parseRequest } from './parse-request.ts';
import { parseResponse } from './parse-response.ts';
import { renderError, renderStreamError } from './render-error.ts';
import { renderRequest } from './render-request.ts';
import { renderResponse } from './render-response.ts';
import { createStreamDecoder } from './stream-decoder.ts';
import { createStreamEncoder } from './stream-encoder.ts';

/**
 * OpenAI Chat Completions: what opencode's OpenAI-compatible provider and the `openai` SDK speak as
 * clients, and what vLLM, llama.cpp, Ollama, TGI and LM Studio speak as backends.
 */
export const openaiChatProtocol: Protocol = {
  dialect: 'openai-chat',
  parseRequest,
  renderRequest,
  parseResponse,
  renderResponse,
  createStreamDecoder,
  createStreamEncoder,
  renderError,
  renderStreamError,
};

export { unwrapCustomInput, wrapCustomInput } from '../custom-tool-wrapper.ts';
