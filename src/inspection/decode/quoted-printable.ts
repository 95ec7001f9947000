import { byteMappedLayer } from './bytes-to-text.ts';
import type { Budget, Layer, Span } from './types.ts';

/**
 * Quoted-printable (RFC 2045: mail bodies, `.eml` files, MIME parts). Its soft line break `=` + newline
 * cuts a token anywhere (`ghp_R8mN2p=\nQ7aB…`), which no rule reads across; a mail reader and a model
 * join it. A soft break qualifies when the line after it does not start blank and the character
 * before `=` is not another `=`: code continues an assignment on an indented line (`const x =\n  y`),
 * and base64 lines end in `==`. A region is a chain of lines joined by qualifying soft breaks, and
 * chains on consecutive lines are one region (a PEM key or a `.env` file, every line cut). Inside a region
 * soft breaks are dropped and `=XX` (upper-case hex) decoded; a hard line break stays.
 */

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c);
}

/** Length of the soft break (`=\n` or `=\r\n`) at `i`, or 0 when there is none that qualifies. */
function softBreakAt(text: string, i: number): number {
  if (text.charCodeAt(i) !== 61) return 0;
  const len = text.charCodeAt(i + 1) === 10 ? 2 : text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10 ? 3 : 0;
  if (len === 0 || i === 0) return 0;
  if (text.charCodeAt(i - 1) === 61) return 0;
  return isBlank(text.charCodeAt(i + len)) ? 0 : len;
}

/** Appends regions worth decoding to `out`, in order, non-overlapping. */
export function findQuotedPrintableRegions(text: string, out: Span[]): void {
  let from = 0;
  for (;;) {
    let p = text.indexOf('=\n', from);
    const q = text.indexOf('=\r\n', from);
    if (p < 0 || (q >= 0 && q < p)) p = q;
    if (p < 0) return;
    const len = softBreakAt(text, p);
    if (len === 0) {
      from = p + 1;
      continue;
    }
    const start = text.lastIndexOf('\n', p - 1) + 1;
    // Follow the chain: each next line that also ends in a qualifying soft break.
    let end = p + len;
    for (;;) {
      const nl = text.indexOf('\n', end);
      const lineEnd = nl < 0 ? text.length : nl > 0 && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      const eq = lineEnd - 1;
      const more = eq >= end ? softBreakAt(text, eq) : 0;
      if (more === 0) {
        end = lineEnd;
        break;
      }
      end = eq + more;
    }
    const last = out[out.length - 1];
    // A chain starting on the line right after the previous one continues its region.
    if (last !== undefined && !/[^\r\n]/.test(text.slice(last.end, start)) && start - last.end <= 2) last.end = end;
    else out.push({ start, end });
    from = end;
  }
}

/** Decodes one region; decoded byte b maps to its `=XX` triplet or its literal character. */
export function decodeQuotedPrintable(text: string, region: Span, budget: Budget): Layer | null {
  const granted = budget.take(region.end - region.start);
  if (granted === 0) return null;
  const bytes = new Uint8Array(granted);
  const from = new Uint32Array(granted + 1);
  let o = 0;
  let p = region.start;
  while (p < region.end && o < granted) {
    const soft = softBreakAt(text, p);
    if (soft > 0) {
      p += soft;
      continue;
    }
    const c = text.charCodeAt(p);
    from[o] = p;
    const v = c === 61 ? upperHexByteAt(text, p + 1) : -1;
    if (v >= 0) {
      bytes[o++] = v;
      p += 3;
    } else if (c < 128) {
      bytes[o++] = c;
      p++;
    } else {
      // Not QP text (raw non-ASCII): read the region as it is.
      budget.refund(granted);
      return null;
    }
  }
  from[o] = p;
  budget.refund(granted - o);
  return byteMappedLayer('quoted-printable', bytes, o, from);
}

function upperHexByteAt(text: string, i: number): number {
  let v = 0;
  for (let k = i; k < i + 2; k++) {
    const c = text.charCodeAt(k);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return -1;
    v = (v << 4) | d;
  }
  return v;
}
