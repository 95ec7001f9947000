import type { ContentPart, ConversationRequest } from '../conversation/index.ts';
import type { PlacedDetection } from '../inspection/inspector.ts';
import { isDecodedPayload } from '../inspection/payloads.ts';

/**
 * Whether redaction would leave a found value in what is forwarded, decided before redacting (policy
 * matches on it: `unredactable`). A value cannot be replaced where the bytes may not change or are not
 * the value's text:
 * - inside signed reasoning (Anthropic `thinking` with a signature, `redacted_thinking`, Responses
 *   `encrypted_content`): editing breaks the signature, so redaction leaves these blocks alone — and
 *   redaction replaces a value everywhere, so a value found elsewhere that also occurs there stays too;
 * - inside an encoded payload (base64 / data URL attachment decoded for inspection): the forwarded bytes
 *   are the encoding, which cannot be rewritten piecewise.
 * Own-code findings are never redacted and do not count.
 */
export function predictUnredactable(conversation: ConversationRequest | undefined, detections: readonly PlacedDetection[]): boolean {
  const redactable = detections.filter((d) => d.detection.type !== 'own-code');
  if (redactable.length === 0 || !conversation) return false;
  if (redactable.some((d) => isDecodedPayload(d.location))) return true;
  const signed = signedStrings(conversation);
  if (signed.length === 0) return false;
  return redactable.some(({ detection, text }) => {
    const value = text.slice(detection.valueStart, detection.valueEnd);
    return value !== '' && signed.some((s) => s.includes(value) || s.includes(detection.value));
  });
}

/** Every string of every signed or opaque reasoning part. */
function signedStrings(conversation: ConversationRequest): string[] {
  const out: string[] = [];
  const visit = (part: ContentPart): void => {
    if (part.type === 'reasoning' && (part.signature !== undefined || part.opaque !== undefined)) {
      out.push(part.text);
      if (part.signature) out.push(part.signature);
      if (part.opaque) out.push(part.opaque);
      if (part.extensions) collect(part.extensions, out);
    }
  };
  for (const m of [...conversation.system, ...conversation.messages]) m.content.forEach(visit);
  return out;
}

/**
 * After redaction, whether any original still appears in a string that will be forwarded: the raw body
 * (passthrough) or the canonical conversation (translation). The truth behind the prediction above:
 * whatever skipped a value, it is caught here and the request fails closed.
 */
export function valuesRemain(originals: readonly string[], bodyText: string, conversation: ConversationRequest | undefined): boolean {
  const values = [...new Set(originals)].filter((v) => v !== '');
  if (values.length === 0) return false;
  const strings: string[] = [];
  try {
    collect(JSON.parse(bodyText), strings);
  } catch {
    // Not JSON (cannot happen after parsing succeeded): check the text as is.
    strings.push(bodyText);
  }
  if (conversation) collect(conversation, strings);
  return strings.some((s) => values.some((v) => s.includes(v)));
}

function collect(value: unknown, out: string[], depth = 0): void {
  if (depth > 512) return;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, out, depth + 1);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      collect(v, out, depth + 1);
    }
  }
}
