/**
 * Kinds of content Sekisho cannot read, as policy names them (`when: { uninspected: [...] }`):
 * inline `image`, `pdf`, `document` (other binary documents) and `audio`; `file-ref` for content named
 * by an uploaded file's id; `url` for content the model server fetches from a remote URL.
 */
export const UNINSPECTED_KINDS = ['image', 'pdf', 'document', 'audio', 'file-ref', 'url'] as const;
export type UninspectedKind = (typeof UNINSPECTED_KINDS)[number];
