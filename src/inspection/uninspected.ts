import type { ContentPart, ConversationRequest, Message } from '../conversation/index.ts';
import type { Location } from './finding.ts';

/** Content that carries data but is not text (images, documents): reported so policy can decide. */
export interface Uninspected {
  location: Location;
  kind: 'image' | 'document';
  mediaType?: string;
}

/**
 * Everything in a request that carries data the detectors cannot read (images, non-text documents),
 * with where it sits. Text is inspected elsewhere (surfaces.ts); this list is what policy sees as
 * uninspected.
 */
export function collectUninspected(request: ConversationRequest): Uninspected[] {
  const out: Uninspected[] = [];
  request.system.forEach((m, i) => collectMessage(m, i, 'system', out));
  request.messages.forEach((m, i) => collectMessage(m, i, m.role === 'system' || m.role === 'developer' ? 'system' : 'message', out));
  return out;
}

function collectMessage(message: Message, index: number, kind: 'system' | 'message', out: Uninspected[]): void {
  message.content.forEach((part, p) => {
    const at = { message: index, part: p };
    if (part.type === 'tool-result') {
      part.content.forEach((inner, i) => {
        if (inner.type !== 'text' && !isTextDocument(inner)) {
          out.push({ location: { surface: 'tool-result', ...at, path: `content[${i}]` }, kind: inner.type, ...(inner.mediaType ? { mediaType: inner.mediaType } : {}) });
        }
      });
    } else if ((part.type === 'document' && !isTextDocument(part)) || part.type === 'image') {
      out.push({ location: { surface: kind === 'system' ? 'system' : 'message-text', ...at }, kind: part.type, ...(part.mediaType ? { mediaType: part.mediaType } : {}) });
    }
  });
}

/** A document whose data is text (not a binary format only a model-side parser reads). */
export function isTextDocument(part: ContentPart): boolean {
  return part.type === 'document' && typeof part.data === 'string' && (part.mediaType ?? '').toLowerCase().startsWith('text/');
}
