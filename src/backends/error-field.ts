/**
 * llama.cpp's server reports a failure in a Chat stream as a non-standard SSE field, `error: {json}`,
 * followed by `data: [DONE]`. SSE clients (the OpenAI SDKs among them) ignore unknown fields, so the
 * developer would see an empty answer. On passthrough such a line becomes the event OpenAI itself sends
 * for a failed stream, `data: {"error": {...}}`, which the SDKs raise as an API error. Whole events only
 * (the relay cuts at event boundaries); every other byte is unchanged.
 */
const ERROR_FIELD = /(^|\n)error: ?([^\r\n]*)/g;

export function errorFieldToData(bytes: Buffer): Buffer {
  if (!bytes.includes('error:')) return bytes;
  const text = bytes.toString('utf8');
  let changed = false;
  const out = text.replace(ERROR_FIELD, (whole, start: string, value: string) => {
    let error: unknown;
    try {
      error = JSON.parse(value);
    } catch {
      error = { message: value };
    }
    changed = true;
    const inner = typeof error === 'object' && error !== null && 'error' in error ? (error as { error: unknown }).error : error;
    return `${start}data: ${JSON.stringify({ error: inner })}`;
  });
  return changed ? Buffer.from(out, 'utf8') : bytes;
}
