/**
 * The `id` Chat clients see. OpenAI ids start with `chatcmpl-`; ids from other backends (`msg_...`,
 * `resp_...`) get that prefix so clients that sniff it are not surprised, and an empty id falls back
 * to the Sekisho request id.
 */
export function chatCompletionId(id: string, requestId: string): string {
  const base = id !== '' ? id : requestId;
  return base.startsWith('chatcmpl-') ? base : `chatcmpl-${base}`;
}
