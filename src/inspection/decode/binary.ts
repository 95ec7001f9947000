import { Buffer } from 'node:buffer';
import { constants, inflateSync, unzipSync } from 'node:zlib';
import { MIN_BINARY_RUN, bytesToText, type BytesText } from './bytes-to-text.ts';
import type { Budget } from './types.ts';

/**
 * Decoded bytes → the texts detectors should see. Why not skip "binary": a blob that starts like a PNG or
 * with NULs is still whatever bytes the client chose, and a model given them reads any text inside. So
 * binary output is read the way `strings` reads a file — printable UTF-8 runs (bytes-to-text.ts) and
 * UTF-16LE runs — and compressed content (a gzip or zlib stream, PNG zTXt/iTXt text chunks) is
 * inflated under a strict size cap taken from the request's decoding budget.
 *
 * Cost: linear in `n` plus the inflated bytes, which the budget bounds (an inflate that would exceed its
 * cap is abandoned and the call marked exhausted: a decompression bomb costs at most the cap).
 */

/** Largest output of one inflate (also bounded by what is left of the budget). */
export const MAX_INFLATED_BYTES = 1024 * 1024;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Every text worth scanning in `bytes[0, n)`; byte spans refer to `bytes`. */
export function bytesToTexts(bytes: Uint8Array, n: number, budget: Budget): BytesText[] {
  const out: BytesText[] = [];
  const plain = bytesToText(bytes, n);
  if (plain !== null) out.push(plain);
  if (plain !== null && plain.ascii === true) return out; // printable ASCII: nothing hidden in it
  const wide = utf16Strings(bytes, n);
  if (wide !== null) out.push(wide);
  if (isDeflateStream(bytes, n)) inflateInto(bytes, 0, n, 'auto', budget, out);
  if (startsWith(bytes, n, PNG_SIGNATURE)) pngTextChunks(bytes, n, budget, out);
  return out;
}

function startsWith(bytes: Uint8Array, n: number, magic: readonly number[]): boolean {
  if (n < magic.length) return false;
  for (let k = 0; k < magic.length; k++) if (bytes[k] !== magic[k]) return false;
  return true;
}

/** gzip (1f 8b 08), or a zlib header (deflate method, 32K window or less, header checksum). */
function isDeflateStream(bytes: Uint8Array, n: number): boolean {
  if (n < 3) return false;
  const a = bytes[0] as number;
  const b = bytes[1] as number;
  if (a === 0x1f && b === 0x8b && bytes[2] === 8) return true;
  return (a & 0x0f) === 8 && a >> 4 <= 7 && ((a << 8) | b) % 31 === 0;
}

/**
 * Inflates `bytes[from, to)` and adds its text; every char maps to the whole compressed span (a deflate
 * stream has no char-level correspondence, so redaction replaces the whole stream).
 */
function inflateInto(bytes: Uint8Array, from: number, to: number, format: 'auto' | 'zlib', budget: Budget, out: BytesText[]): void {
  const cap = budget.take(MAX_INFLATED_BYTES);
  if (cap === 0) return;
  let inflated: Buffer;
  try {
    const input = Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from);
    // Z_SYNC_FLUSH: a truncated stream still yields what it holds.
    const options = { maxOutputLength: cap, finishFlush: constants.Z_SYNC_FLUSH };
    inflated = format === 'zlib' ? inflateSync(input, options) : unzipSync(input, options);
  } catch (error) {
    budget.refund(cap);
    // Larger than the cap: content left unread, which the caller learns from `exhausted`.
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') budget.stats.exhausted = true;
    return;
  }
  budget.refund(cap - inflated.length);
  const inner = new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length);
  const whole = { start: from, end: to };
  for (const text of [bytesToText(inner, inner.length), utf16Strings(inner, inner.length)]) {
    if (text !== null) out.push({ text: text.text, toBytes: () => whole });
  }
}

/** PNG text chunks that are compressed (zTXt, iTXt with its compression flag); tEXt is read as strings. */
function pngTextChunks(bytes: Uint8Array, n: number, budget: Budget, out: BytesText[]): void {
  let p = PNG_SIGNATURE.length;
  while (p + 12 <= n) {
    const length = ((bytes[p] as number) << 24) | ((bytes[p + 1] as number) << 16) | ((bytes[p + 2] as number) << 8) | (bytes[p + 3] as number);
    if (length < 0 || p + 12 + length > n) return;
    const type = String.fromCharCode(bytes[p + 4] as number, bytes[p + 5] as number, bytes[p + 6] as number, bytes[p + 7] as number);
    const data = p + 8;
    const end = data + length;
    if (type === 'zTXt' || type === 'iTXt') {
      let q = data;
      while (q < end && bytes[q] !== 0) q++; // keyword
      q++;
      if (type === 'zTXt') inflateInto(bytes, q + 1, end, 'zlib', budget, out);
      else if (q + 1 < end && bytes[q] === 1) {
        q += 2; // compression flag, method
        for (let zeros = 0; zeros < 2 && q < end; q++) if (bytes[q] === 0) zeros++; // language, translated keyword
        inflateInto(bytes, q, end, 'zlib', budget, out);
      }
    }
    if (type === 'IEND') return;
    p = end + 4;
  }
}

/**
 * Runs of ≥ MIN_BINARY_RUN UTF-16LE characters in the printable ASCII range (`k\0e\0y\0`), as Windows
 * and Java serialisations store strings. Text is the runs joined by newlines; each char maps to its two
 * bytes.
 */
export function utf16Strings(bytes: Uint8Array, n: number): BytesText | null {
  const textStarts: number[] = [];
  const byteStarts: number[] = [];
  const parts: string[] = [];
  let length = 0;
  let p = 0;
  while (p + 1 < n) {
    if (!isWideChar(bytes, p)) {
      p++;
      continue;
    }
    const start = p;
    while (p + 1 < n && isWideChar(bytes, p)) p += 2;
    const chars = (p - start) >> 1;
    if (chars < MIN_BINARY_RUN) {
      p = start + 1;
      continue;
    }
    if (parts.length > 0) {
      parts.push('\n');
      length++;
    }
    textStarts.push(length);
    byteStarts.push(start);
    parts.push(Buffer.from(bytes.buffer, bytes.byteOffset + start, p - start).toString('utf16le'));
    length += chars;
  }
  if (parts.length === 0) return null;
  const byteAt = (offset: number, side: 'start' | 'end'): number => {
    // Last run starting at or before offset (an end offset belongs to the run it closes).
    let lo = 0;
    let hi = textStarts.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = textStarts[mid] as number;
      if (side === 'end' ? s < offset : s <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return (byteStarts[found] as number) + 2 * (offset - (textStarts[found] as number));
  };
  return {
    text: parts.join(''),
    toBytes: (start, end) => {
      const s = byteAt(start, 'start');
      return { start: s, end: end > start ? byteAt(end, 'end') : s };
    },
  };
}

function isWideChar(bytes: Uint8Array, p: number): boolean {
  const b = bytes[p] as number;
  return bytes[p + 1] === 0 && ((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d);
}
