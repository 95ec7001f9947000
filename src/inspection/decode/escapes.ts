import { Buffer } from 'node:buffer';
import { STRONG, WEAK, isNestedEscape, parseEscape } from './escape-parse.ts';
import type { Budget, Layer, Span } from './types.ts';

/**
 * JSON/JS string escapes inside text (`AKIA\u0049OSFODNN7EXAMPLE`, `\x73\x6b\x5f…`, a PEM key with
 * `\n`). Escapes closer than MAX_GAP chars, with no quote or line break between them, form a cluster;
 * the region to decode is the cluster widened to the enclosing string (up to the nearest quote or line
 * break, at most MAX_GAP chars each side) so literal parts of a half-escaped secret come along.
 * Worth decoding: ≥ 1 strong escape, or ≥ 2 `\n`/`\r`/`\t` over ≥ 64 chars, or ≥ 1 nested escape
 * (`\\\"`, `\\n`: text escaped twice or more). Inside text that is itself the decoding of escapes,
 * any escape is worth decoding (`anyEscape`): one level of JSON-in-JSON was peeled, and the next level
 * may be nothing but `\"` around a password. So each nesting level costs one decode depth, and a view
 * per level is scanned. `\xHH` runs that form valid UTF-8 decode as bytes (Python/C style), otherwise
 * each is one code unit (JS style).
 */

const MAX_GAP = 256;
const MIN_WEAK_ESCAPES = 2;
const MIN_WEAK_SPAN = 64;

function isBoundary(c: number): boolean {
  return c === 34 || c === 39 || c === 96 || c === 10 || c === 13;
}

/** Appends escape regions worth decoding to `out`, in order, non-overlapping. */
export function findEscapeRegions(text: string, out: Span[], anyEscape = false): void {
  const n = text.length;
  let from = 0;
  let prevEnd = 0;
  for (;;) {
    const first = text.indexOf('\\', from);
    if (first < 0) return;
    const esc = parseEscape(text, first);
    if (esc === null) {
      from = first + 1;
      continue;
    }
    let strong = esc.strength === STRONG || anyEscape || isNestedEscape(text, first) ? 1 : 0;
    let weak = esc.strength === WEAK ? 1 : 0;
    let last = first + esc.length;
    let j = last;
    for (;;) {
      const limit = Math.min(n, last + MAX_GAP);
      while (j < limit) {
        const c = text.charCodeAt(j);
        if (c === 92 || isBoundary(c)) break;
        j++;
      }
      if (j >= limit || text.charCodeAt(j) !== 92) break;
      const next = parseEscape(text, j);
      if (next === null) {
        j++;
        continue;
      }
      if (next.strength === STRONG || isNestedEscape(text, j)) strong++;
      else if (next.strength === WEAK) weak++;
      last = j + next.length;
      j = last;
    }
    const end = j; // a boundary, the gap limit, or the end of text: no escape in [last, end)
    from = end > last ? end : last;
    if (strong === 0 && (weak < MIN_WEAK_ESCAPES || last - first < MIN_WEAK_SPAN)) continue;
    let start = first;
    while (start > prevEnd && first - start < MAX_GAP && !isBoundary(text.charCodeAt(start - 1))) start--;
    prevEnd = from;
    out.push({ start, end: from });
  }
}

/** Decodes one region; each decoded char maps to the escape (or literal char) that produced it. */
export function decodeEscapes(text: string, region: Span, budget: Budget): Layer | null {
  const granted = budget.take(region.end - region.start);
  if (granted === 0) return null;
  const units = new Uint16Array(granted + 1);
  const srcStart = new Uint32Array(granted + 1);
  const srcEnd = new Uint32Array(granted + 1);
  let m = 0;
  let p = region.start;
  const push = (unit: number, s: number, e: number): void => {
    units[m] = unit;
    srcStart[m] = s;
    srcEnd[m++] = e;
  };
  while (p < region.end && m < granted) {
    const c = text.charCodeAt(p);
    const esc = c === 92 ? parseEscape(text, p) : null;
    if (esc === null) {
      push(c, p, p + 1);
      p++;
      continue;
    }
    let value = esc.value;
    let length = esc.length;
    if (text.charCodeAt(p + 1) === 120 && value >= 0xc2) {
      const utf8 = readEscapedUtf8(text, p, value, region.end);
      if (utf8 !== null) [value, length] = utf8;
    }
    if (value >= 0x10000) {
      const v = value - 0x10000;
      push(0xd800 | (v >> 10), p, p + length);
      if (m < granted) push(0xdc00 | (v & 0x3ff), p, p + length);
    } else {
      push(value, p, p + length);
    }
    p += length;
  }
  budget.refund(granted - m);
  const decoded = Buffer.from(units.buffer, 0, m * 2).toString('utf16le');
  const regionEnd = region.end;
  const toParent = (start: number, end: number): Span => {
    const s = start < m ? (srcStart[start] as number) : regionEnd;
    const e = end > start && end - 1 < m ? (srcEnd[end - 1] as number) : s;
    return { start: s, end: e };
  };
  return { encoding: 'escape', text: decoded, toParent };
}

/** A UTF-8 sequence spelled as consecutive `\xHH` escapes from `p`: [code point, chars], or null. */
function readEscapedUtf8(text: string, p: number, lead: number, limit: number): [number, number] | null {
  const need = lead < 0xe0 ? 1 : lead < 0xf0 ? 2 : lead < 0xf5 ? 3 : -1;
  if (need < 0) return null;
  let cp = lead & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
  for (let k = 1; k <= need; k++) {
    const q = p + 4 * k;
    if (q + 4 > limit || text.charCodeAt(q) !== 92 || text.charCodeAt(q + 1) !== 120) return null;
    const esc = parseEscape(text, q);
    if (esc === null || (esc.value & 0xc0) !== 0x80) return null;
    cp = (cp << 6) | (esc.value & 0x3f);
  }
  const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  return [cp, 4 * (need + 1)];
}
