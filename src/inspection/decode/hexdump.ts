import type { Budget, Layer, Span } from './types.ts';

/**
 * Hex dumps as terminals print them: `hexdump -C` / `od -A x -t x1z` (`00000000  41 57 53 5f … |AWS_|`)
 * and `xxd` (`00000000: 4157 535f …  AWS_`). An agent that inspects a binary or an `.env` file this way
 * sends the file back as a tool result: each line holds 16 bytes as hex plus an ASCII gutter, so a key
 * is cut at every line end in both columns, and no other layer reads it (the hex runs are 2 or 4 digits).
 *
 * A region is two or more consecutive dump lines (offset, then byte groups of 2 or 4 hex digits); the
 * layer is the bytes of all its lines in order (UTF-8 when they are, else Latin-1), so a value split over
 * lines is whole again. A decoded character maps to its hex digits; a range's end is extended to the end
 * of its last line, so the ASCII gutter that repeats the range is redacted with it (the gutters of the
 * earlier lines lie inside the range already).
 */

/** Offset (6–8 hex digits, optional colon) then at least one byte group: the start of a dump line. */
const LINE = /^[0-9a-fA-F]{6,8}:?[ \t]+[0-9a-fA-F]{2}/;
/** Any dump line in a text (the cheap pre-check; `(?:^|\n)` costs half of a multiline `^`: 1 ms per MB). */
export const HEXDUMP_LINE = /(?:^|\n)[0-9a-fA-F]{6,8}:?[ \t]+[0-9a-fA-F]{2}(?:[0-9a-fA-F]{2})? [0-9a-fA-F]{2}/;
const MAX_BYTES_PER_LINE = 32;

interface DumpLine {
  start: number;
  end: number;
  /** Original index of each byte's first hex digit. */
  at: number[];
  bytes: number[];
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** Parses the dump line text[start, end), or null when it is not one. */
function parseLine(text: string, start: number, end: number): DumpLine | null {
  const line = text.slice(start, end);
  const head = LINE.exec(line);
  if (head === null) return null;
  let i = line.search(/[ \t]/);
  const at: number[] = [];
  const bytes: number[] = [];
  let groupSize = 0;
  while (i < line.length && bytes.length < MAX_BYTES_PER_LINE) {
    let gap = 0;
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) {
      gap++;
      i++;
    }
    // xxd puts two spaces before its gutter; hexdump -C two in the middle of 2-digit groups.
    if (gap >= 2 && bytes.length > 0 && !(groupSize === 2 && bytes.length === 8 && gap === 2)) break;
    let j = i;
    while (j < line.length && isHex(line.charCodeAt(j))) j++;
    const len = j - i;
    const next = line.charCodeAt(j);
    if ((len !== 2 && len !== 4) || (j < line.length && next !== 0x20 && next !== 0x09)) break;
    if (groupSize === 0) groupSize = len;
    // xxd ends an odd-length dump with a 2-digit group; any other change of group size ends the bytes.
    const tail = groupSize === 4 && len === 2;
    if (len !== groupSize && !tail) break;
    for (let k = i; k < j; k += 2) {
      at.push(start + k);
      bytes.push(parseInt(line.slice(k, k + 2), 16));
    }
    i = j;
    if (tail) break;
  }
  return bytes.length > 0 ? { start, end, at, bytes } : null;
}

/** Adds the dump regions of `text` (runs of ≥ 2 dump lines) to `out`. */
export function findHexdumpRegions(text: string, out: Span[]): void {
  if (!HEXDUMP_LINE.test(text)) return;
  let runStart = -1;
  let lines = 0;
  let prevEnd = 0;
  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const lineEnd = end > pos && text[end - 1] === '\r' ? end - 1 : end;
    const ok = LINE.test(text.slice(pos, Math.min(lineEnd, pos + 16)));
    if (ok) {
      if (runStart < 0) {
        runStart = pos;
        lines = 0;
      }
      lines++;
      prevEnd = lineEnd;
    } else if (runStart >= 0) {
      if (lines >= 2) out.push({ start: runStart, end: prevEnd });
      runStart = -1;
    }
    pos = end + 1;
  }
  if (runStart >= 0 && lines >= 2) out.push({ start: runStart, end: prevEnd });
}

/** The bytes of a dump region as a layer, or null when it holds too few. */
export function decodeHexdump(text: string, region: Span, budget: Budget): Layer | null {
  const byteAt: number[] = [];
  const byteLineEnd: number[] = [];
  const bytes: number[] = [];
  let pos = region.start;
  while (pos < region.end) {
    let end = text.indexOf('\n', pos);
    if (end < 0 || end > region.end) end = region.end;
    const lineEnd = end > pos && text[end - 1] === '\r' ? end - 1 : end;
    const line = parseLine(text, pos, lineEnd);
    if (line !== null) {
      for (let k = 0; k < line.bytes.length; k++) {
        byteAt.push(line.at[k] as number);
        byteLineEnd.push(lineEnd);
        bytes.push(line.bytes[k] as number);
      }
    }
    pos = end + 1;
  }
  // UTF-8 when the bytes are (names and addresses in Japanese), else Latin-1: one character per byte.
  // Per decoded UTF-16 unit: the index of its first and last byte.
  const first: number[] = [];
  const last: number[] = [];
  let decoded = '';
  let utf8: string | undefined;
  try {
    utf8 = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    utf8 = undefined;
  }
  if (utf8 === undefined) {
    for (let b = 0; b < bytes.length; b++) {
      first.push(b);
      last.push(b);
    }
    decoded = String.fromCharCode(...bytes);
  } else {
    decoded = utf8;
    let b = 0;
    for (const ch of utf8) {
      const n = Buffer.byteLength(ch);
      for (let u = 0; u < ch.length; u++) {
        first.push(b);
        last.push(b + n - 1);
      }
      b += n;
    }
  }
  const at = first.map((b) => byteAt[b] as number);
  const lineEnds = last.map((b) => byteLineEnd[b] as number);
  if (decoded.length < 8) return null;
  const granted = budget.take(decoded.length);
  if (granted < decoded.length) {
    budget.refund(granted);
    return null;
  }
  return {
    encoding: 'hex',
    text: decoded,
    toParent(start: number, end: number): Span {
      const s = at[Math.min(start, at.length - 1)] as number;
      const e = end <= start ? s : (lineEnds[Math.min(end, at.length) - 1] as number);
      return { start: s, end: Math.max(e, s) };
    },
  };
}
