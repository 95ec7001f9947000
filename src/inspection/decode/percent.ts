import { byteMappedLayer } from './bytes-to-text.ts';
import { CLASS, DIGIT, LOWER, UPPER, URLCHAR, hexByteAt } from './char-classes.ts';
import type { Budget, Layer, Span } from './types.ts';

/**
 * Percent-encoding (`%41%42…`). A region is a maximal run of URL characters holding valid `%XX`
 * escapes; it is worth decoding when it has ≥ 3 escapes, or any escape of a letter or digit — those
 * never need escaping, so such an escape is obfuscation (`AKIA%49OSFODNN7EXAMPLE`) — or any escape
 * directly followed by a word character: in the raw text the escape's hex digits glue onto the next
 * word (`state=GITHUB_TOKEN%3Dghp_…` has no word boundary before `ghp_`), so every rule anchored on
 * `\b` would miss a token there; decoded, the token starts after `=` as written. `printf("%d%%")`
 * and `100%` do not qualify. `+` is left as is: it is a space only in form bodies, and a literal `+`
 * is part of base64 inside URLs.
 */

const MIN_ESCAPES = 3;
const ALNUM = UPPER | LOWER | DIGIT;

/** A regex word character (`\w`): what the hex digits of an escape would glue onto. */
function isWordChar(c: number): boolean {
  return c === 95 || (c < 128 && ((CLASS[c] as number) & ALNUM) !== 0);
}

function isUrlChar(c: number): boolean {
  return c < 128 && ((CLASS[c] as number) & URLCHAR) !== 0;
}

/** Appends regions worth percent-decoding to `out`, in order, non-overlapping. */
export function findPercentRegions(text: string, out: Span[]): void {
  const n = text.length;
  let from = 0;
  let prevEnd = 0;
  for (;;) {
    const p = text.indexOf('%', from);
    if (p < 0) return;
    if (hexByteAt(text, p + 1) < 0) {
      from = p + 1;
      continue;
    }
    let start = p;
    while (start > prevEnd && isUrlChar(text.charCodeAt(start - 1))) start--;
    let end = p;
    let escapes = 0;
    let obfuscating = 0;
    let glued = 0;
    while (end < n) {
      const c = text.charCodeAt(end);
      if (c === 37) {
        const v = hexByteAt(text, end + 1);
        if (v >= 0) {
          escapes++;
          if (v < 128 && ((CLASS[v] as number) & ALNUM) !== 0) obfuscating++;
          end += 3;
          if (end < n && isWordChar(text.charCodeAt(end))) glued++;
          continue;
        }
      }
      if (!isUrlChar(c)) break;
      end++;
    }
    from = end;
    prevEnd = end;
    if (escapes >= MIN_ESCAPES || obfuscating > 0 || glued > 0) out.push({ start, end });
  }
}

/** Decodes one region; decoded byte b maps to its `%XX` triplet or its literal char. */
export function decodePercent(text: string, region: Span, budget: Budget): Layer | null {
  const wanted = region.end - region.start;
  const granted = budget.take(wanted);
  if (granted === 0) return null;
  const bytes = new Uint8Array(granted);
  const from = new Uint32Array(granted + 1);
  let o = 0;
  let p = region.start;
  while (p < region.end && o < granted) {
    const c = text.charCodeAt(p);
    from[o] = p;
    const v = c === 37 ? hexByteAt(text, p + 1) : -1;
    if (v >= 0) {
      bytes[o++] = v;
      p += 3;
    } else {
      bytes[o++] = c; // region chars are ASCII
      p++;
    }
  }
  from[o] = p;
  budget.refund(granted - o);
  return byteMappedLayer('percent', bytes, o, from);
}
