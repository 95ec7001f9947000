import { winnow, type Fingerprints } from './fingerprint.ts';
import { TokenKind, type TokenStream } from './tokenize/token-stream.ts';

/**
 * Shape channel: k-grams over the structure stream (keywords and operators by their text, every
 * identifier as one symbol) with **literal values kept** (string bodies, number digits — the exact
 * channel's values). Renaming changes no literal and reformatting no token, so a renamed and
 * reformatted copy keeps every shape k-gram; the literals make them specific where the structure
 * channel's are not: a renamed data table (`NAME [ NAME [ "Unknown" ] = 0 ] = "Unknown"`), an
 * options list, an event-overload block, a lexer's rule table all look alike as structure and differ
 * here. Only k-grams whose literals hold at least `MIN_LITERAL_CHARS` characters (a number counts its
 * digits beyond two: `0`…`99` are counters and enum values in every file) and that hold at least one
 * name are kept: a k-gram of operators and names with at most a `0` or `''` in it is a finer structure
 * fingerprint, not evidence, and a run of literals alone (a tuple of exception names, a numeric table)
 * is unchanged by renaming, so the exact channel already sees it — with its own, stricter k
 * (eval:owncode: Python's builtin-name tables and sequential constants matched across unrelated files).
 *
 * Stored in the exact table (the builder prunes it at the exact channel's document frequency), salted
 * so a shape value can never equal a name/literal k-gram or a line hash.
 */
export const SHAPE_K = 12;
export const SHAPE_W = 6;
export const MIN_LITERAL_CHARS = 6;
const SALT_HI = 0x2f6b1d35;
const SALT_LO = 0x7a3c90e1;

export function fingerprintShape(tokens: TokenStream, k = SHAPE_K, w = SHAPE_W): Fingerprints {
  const n = tokens.length;
  const symbols = new Uint32Array(n);
  // Prefix sums of literal characters, so a k-gram's literal weight is one subtraction.
  const lit = new Uint32Array(n + 1);
  const names = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const kind = tokens.kind[i];
    let chars = 0;
    if (kind === TokenKind.string) {
      symbols[i] = tokens.raw[i] ?? 0;
      chars = Math.max(0, (tokens.end[i] ?? 0) - (tokens.start[i] ?? 0) - 2);
    } else if (kind === TokenKind.number) {
      symbols[i] = tokens.raw[i] ?? 0;
      chars = Math.max(0, (tokens.end[i] ?? 0) - (tokens.start[i] ?? 0) - 2);
    } else symbols[i] = tokens.norm[i] ?? 0;
    lit[i + 1] = (lit[i] ?? 0) + chars;
    names[i + 1] = (names[i] ?? 0) + (kind === TokenKind.identifier ? 1 : 0);
  }
  const r = winnow(symbols, n, k, w);
  const hi = new Uint32Array(r.count);
  const lo = new Uint32Array(r.count);
  const first = new Uint32Array(r.count);
  const last = new Uint32Array(r.count);
  let count = 0;
  for (let i = 0; i < r.count; i++) {
    const p = r.pos[i] ?? 0;
    if ((lit[p + k] ?? 0) - (lit[p] ?? 0) < MIN_LITERAL_CHARS || (names[p + k] ?? 0) === (names[p] ?? 0)) continue;
    hi[count] = ((r.hi[i] ?? 0) ^ SALT_HI) >>> 0;
    lo[count] = ((r.lo[i] ?? 0) ^ SALT_LO) >>> 0;
    first[count] = p;
    last[count] = p + k - 1;
    count++;
  }
  return { count, hi: hi.subarray(0, count), lo: lo.subarray(0, count), first: first.subarray(0, count), last: last.subarray(0, count) };
}
