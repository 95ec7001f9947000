import type { ConversationResponse, StreamEvent } from '../conversation/index.ts';

/**
 * Turns a complete response into the event stream that would have produced it, for a streaming client
 * served by a backend that answered with a plain JSON body.
 */
export function responseToEvents(response: ConversationResponse): StreamEvent[] {
  const events: StreamEvent[] = [{ type: 'start', id: response.id, model: response.model }];
  response.content.forEach((part, index) => {
    switch (part.type) {
      case 'text':
        events.push({ type: 'text-start', index }, { type: 'text-delta', index, text: part.text }, { type: 'text-end', index });
        break;
      case 'reasoning':
        events.push({ type: 'reasoning-start', index, ...(part.origin ? { origin: part.origin } : {}) });
        if (part.text) events.push({ type: 'reasoning-delta', index, text: part.text });
        if (part.signature !== undefined || part.opaque !== undefined) {
          events.push({
            type: 'reasoning-signature',
            index,
            ...(part.signature !== undefined ? { signature: part.signature } : {}),
            ...(part.opaque !== undefined ? { opaque: part.opaque } : {}),
          });
        }
        events.push({ type: 'reasoning-end', index });
        break;
      case 'tool-call':
        events.push(
          { type: 'tool-call-start', index, id: part.id, name: part.name, kind: part.kind, ...(part.namespace ? { namespace: part.namespace } : {}) },
          { type: 'tool-call-delta', index, delta: part.arguments },
          { type: 'tool-call-end', index },
        );
        break;
      default:
        break; // assistant output never carries tool results, images or opaque parts in the canonical answer
    }
  });
  events.push({
    type: 'finish',
    reason: response.finishReason,
    usage: response.usage,
    ...(response.stopSequence !== undefined ? { stopSequence: response.stopSequence } : {}),
  });
  return events;
}
