import type { Dialect, Protocol } from './protocol.ts';
import { anthropicMessagesProtocol } from './anthropic-messages/index.ts';
import { openaiChatProtocol } from './openai-chat/index.ts';
import { openaiResponsesProtocol } from './openai-responses/index.ts';

/** The protocol adapter for each dialect. */
export const protocols: Record<Dialect, Protocol> = {
  'anthropic-messages': anthropicMessagesProtocol,
  'openai-chat': openaiChatProtocol,
  'openai-responses': openaiResponsesProtocol,
};

export type { Dialect, Protocol } from './protocol.ts';
