/** Bytes looked at for a NUL to call a file binary (git and gitleaks use the same heuristic). */
export const BINARY_SNIFF_BYTES = 8192;

export type Content = { kind: 'text'; text: string } | { kind: 'binary' } | { kind: 'too-large' };

/**
 * Bytes as text to scan, or why they are skipped. Decoded as UTF-8 (invalid bytes become U+FFFD, a
 * leading BOM is dropped so columns match what editors show).
 */
export function toContent(bytes: Uint8Array, maxSize: number): Content {
  if (bytes.length > maxSize) return { kind: 'too-large' };
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { kind: 'binary' };
  return { kind: 'text', text: UTF8.decode(bytes) };
}

/** One decoder for every file (not streaming, so it keeps no state between calls). */
const UTF8 = new TextDecoder('utf-8');
