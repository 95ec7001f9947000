/**
 * `JSON.stringify(value)` as UTF-8 bytes, built from pieces so that no string of the whole body is ever
 * made: V8 puts strings over ~128 KB in its large-object space, at ~1 ms each (pipeline/read-json.ts
 * says why). A translated 150 KB request was rendered to one such string, re-encoded to bytes to send,
 * and parsed again by the egress check.
 *
 * The bytes are exactly those of `JSON.stringify(value)`: members in the same order (own enumerable
 * string keys), a member whose value serialises to nothing (undefined, a function) left out, an array
 * element that serialises to nothing written as `null`. A value with its own `toJSON` is serialised whole.
 */
export function serializeJson(value: unknown): Buffer {
  if (typeof value !== 'object' || value === null || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return Buffer.from(JSON.stringify(value) ?? 'null');
  }
  const pieces: string[] = [];
  if (Array.isArray(value)) {
    pieces.push('[');
    value.forEach((element, i) => {
      if (i > 0) pieces.push(',');
      pieces.push(JSON.stringify(element) ?? 'null');
    });
    pieces.push(']');
  } else {
    pieces.push('{');
    let first = true;
    for (const key of Object.keys(value)) {
      const member = (value as Record<string, unknown>)[key];
      const text = Array.isArray(member) ? arrayPieces(member) : JSON.stringify(member);
      if (text === undefined) continue;
      pieces.push(first ? '' : ',', JSON.stringify(key), ':');
      if (typeof text === 'string') pieces.push(text);
      else for (const t of text) pieces.push(t);
      first = false;
    }
    pieces.push('}');
  }
  let size = 0;
  for (const p of pieces) size += Buffer.byteLength(p);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const p of pieces) at += out.write(p, at);
  return out;
}

/** An array member as pieces (one per element); a whole string when the array has its own toJSON. */
function arrayPieces(array: unknown[]): string | string[] {
  if (typeof (array as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(array);
  const out: string[] = ['['];
  array.forEach((element, i) => {
    if (i > 0) out.push(',');
    out.push(JSON.stringify(element) ?? 'null');
  });
  out.push(']');
  return out;
}
