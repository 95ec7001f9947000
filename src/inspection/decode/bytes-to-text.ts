import { Buffer } from 'node:buffer';
import type { EncodingName, Layer, Span } from './types.ts';

/**
 * Decoded bytes become text for detectors. Why filter: base64-looking identifiers, hashes and binary
 * blobs decode to noise; scanning noise costs time and breeds false positives. Text that is mostly
 * printable UTF-8 is kept whole (control bytes and invalid UTF-8 become spaces, so one char still maps
 * to its bytes); mostly-binary output keeps only printable runs of ≥ MIN_BINARY_RUN chars (a key inside
 * a protobuf or a serialized object is still seen) and is dropped when it has none.
 */

/** Share of printable bytes above which decoded output is treated as text. */
const TEXT_RATIO = 0.8;
/** Shortest printable run kept from binary output (shorter than any secret worth a detector). */
export const MIN_BINARY_RUN = 16;
const SPACE = 0x20;

export interface BytesText {
  text: string;
  /** Byte span `[start, end)` of decoded chars `[start, end)` (a surrogate pair maps to its 4 bytes). */
  toBytes(start: number, end: number): Span;
  /** Every byte was printable ASCII (nothing else to look for in these bytes). */
  ascii?: boolean;
}

function isPrintableAscii(b: number): boolean {
  return (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d;
}

/** Decodes `bytes[0, n)` as UTF-8 for scanning, or returns null when nothing printable is worth scanning. */
export function bytesToText(bytes: Uint8Array, n: number): BytesText | null {
  let i = 0;
  while (i < n && isPrintableAscii(bytes[i] as number)) i++;
  if (i === n) {
    // Fast path, the common case for encoded secrets: printable ASCII maps one char to one byte.
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, n).toString('latin1');
    return { text, toBytes: (start, end) => ({ start, end }), ascii: true };
  }
  return decodeMixed(bytes, n);
}

function decodeMixed(bytes: Uint8Array, n: number): BytesText | null {
  const units = new Uint16Array(n);
  const unitByte = new Uint32Array(n + 1);
  const printable = new Uint8Array(n);
  let m = 0;
  let printableBytes = 0;
  let p = 0;
  while (p < n) {
    const b = bytes[p] as number;
    if (b < 0x80) {
      const ok = isPrintableAscii(b);
      units[m] = ok ? b : SPACE;
      printable[m] = ok ? 1 : 0;
      unitByte[m++] = p++;
      if (ok) printableBytes++;
      continue;
    }
    const cp = readUtf8(bytes, p, n);
    const len = cp < 0x80 ? 0 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (cp < 0xa0) {
      // Invalid sequence or a C1 control: one placeholder per byte keeps the mapping exact.
      units[m] = SPACE;
      printable[m] = 0;
      unitByte[m++] = p++;
      continue;
    }
    printableBytes += len;
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      units[m] = 0xd800 | (v >> 10);
      printable[m] = 1;
      unitByte[m++] = p;
      units[m] = 0xdc00 | (v & 0x3ff);
      printable[m] = 1;
      unitByte[m++] = p;
    } else {
      units[m] = cp;
      printable[m] = 1;
      unitByte[m++] = p;
    }
    p += len;
  }
  unitByte[m] = n;
  if (printableBytes < TEXT_RATIO * n && !keepPrintableRuns(units, printable, m)) return null;
  const text = Buffer.from(units.buffer, 0, m * 2).toString('utf16le');
  const toBytes = (start: number, end: number): Span => {
    const s = start < m ? (unitByte[start] as number) : n;
    let e = n;
    if (end < m) {
      const at = unitByte[end] as number;
      // An end between the halves of a surrogate pair still covers the pair's 4 bytes.
      e = end > 0 && at === unitByte[end - 1] ? (unitByte[end + 1] as number) : at;
    }
    return { start: s, end: e > s ? e : s };
  };
  return { text, toBytes };
}

/** Blanks printable runs shorter than MIN_BINARY_RUN; false when no run survives. */
function keepPrintableRuns(units: Uint16Array, printable: Uint8Array, m: number): boolean {
  let kept = false;
  let i = 0;
  while (i < m) {
    if (!printable[i]) {
      i++;
      continue;
    }
    const start = i;
    while (i < m && printable[i]) i++;
    if (i - start >= MIN_BINARY_RUN) kept = true;
    else units.fill(SPACE, start, i);
  }
  return kept;
}

/** Code point of a valid UTF-8 sequence at `p`, or -1. Rejects overlongs, surrogates and > U+10FFFF. */
function readUtf8(bytes: Uint8Array, p: number, n: number): number {
  const b = bytes[p] as number;
  let need: number;
  let cp: number;
  let min: number;
  if (b >= 0xc2 && b <= 0xdf) {
    need = 1;
    cp = b & 0x1f;
    min = 0x80;
  } else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    cp = b & 0x0f;
    min = 0x800;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    cp = b & 0x07;
    min = 0x10000;
  } else {
    return -1;
  }
  if (p + need >= n) return -1;
  for (let k = 1; k <= need; k++) {
    const c = bytes[p + k] as number;
    if ((c & 0xc0) !== 0x80) return -1;
    cp = (cp << 6) | (c & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return -1;
  return cp;
}

/**
 * The layer of an escape decoder that turns each escape or literal char of its region into bytes:
 * `bytes[0, n)` decoded as text, spans mapped back through `from` (`from[b]`: the region offset where
 * decoded byte `b` came from; `from[n]`: the region's end). Null when nothing is worth scanning.
 */
export function byteMappedLayer(encoding: EncodingName, bytes: Uint8Array, n: number, from: ArrayLike<number>): Layer | null {
  const decoded = bytesToText(bytes, n);
  if (decoded === null) return null;
  const toParent = (start: number, end: number): Span => {
    const b = decoded.toBytes(start, end);
    return { start: from[b.start] as number, end: from[b.end > b.start ? b.end : b.start] as number };
  };
  return { encoding, text: decoded.text, toParent };
}
