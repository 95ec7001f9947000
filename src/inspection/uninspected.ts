import type { ContentPart, ConversationRequest } from '../conversation/index.ts';
import type { Location } from './finding.ts';
import { mediaOf, type MediaItem } from './media.ts';
import { decodeMedia } from './payloads.ts';
import type { UninspectedKind } from '../domain/uninspected.ts';

export { UNINSPECTED_KINDS, type UninspectedKind } from '../domain/uninspected.ts';

/** Content that carries data but could not be read: reported so policy can decide. */
export interface Uninspected {
  location: Location;
  /** How it arrives: inline content is its content kind; by reference `file-ref`; remote `url`. */
  kind: UninspectedKind;
  /** What it is (for a `file-ref` or `url`: what the part says it is; `encoded` for text left undecoded). */
  content: MediaItem['content'] | 'encoded';
  mediaType?: string;
}

/** The kinds a rule can name for one entry: what it is and how it arrives (`[image, url]` for a remote image). */
export function kindsOf(u: Pick<Uninspected, 'kind' | 'content'>): UninspectedKind[] {
  return u.kind === u.content ? [u.kind] : [u.content, u.kind];
}

/**
 * Everything in a request that carries data the detectors cannot read, with where it sits: images,
 * PDFs and other binary documents, audio, file references and remote URLs — in messages, tool results,
 * parts Sekisho does not model and vendor extensions (media.ts finds them). Inline payloads that decode
 * to text are not listed: payloads.ts turns them into scan segments instead.
 */
export function collectUninspected(request: ConversationRequest): Uninspected[] {
  const out: Uninspected[] = [];
  for (const item of mediaOf(request)) {
    const entry = (kind: UninspectedKind): void => {
      out.push({ location: item.location, kind, content: item.content, ...(item.mediaType ? { mediaType: item.mediaType } : {}) });
    };
    if (item.fileRef) entry('file-ref');
    else if (item.remote) entry('url');
    else if (item.inline) {
      const decoded = decodeMedia(item);
      // Decoded text is inspected, and so is a document field that holds plain text.
      if (decoded.text === undefined && !decoded.plain) entry(item.content);
    }
  }
  return out;
}

/** A document whose data is text (not a binary format only a model-side parser reads). */
export function isTextDocument(part: ContentPart): boolean {
  return part.type === 'document' && typeof part.data === 'string' && (part.mediaType ?? '').toLowerCase().startsWith('text/');
}
