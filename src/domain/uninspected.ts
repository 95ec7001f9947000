/**
 * Kinds of content Sekisho cannot read, as policy names them (`when: { uninspected: [...] }`):
 * inline `image`, `pdf`, `document` (other binary documents) and `audio`; `file-ref` for content named
 * by an uploaded file's id; `url` for content the model server fetches from a remote URL; `encoded` for
 * text encoded more deeply or in more pieces than the decoders' budget reads (decode/decode-layers.ts).
 */
export const UNINSPECTED_KINDS = ['image', 'pdf', 'document', 'audio', 'file-ref', 'url', 'encoded'] as const;
export type UninspectedKind = (typeof UNINSPECTED_KINDS)[number];
