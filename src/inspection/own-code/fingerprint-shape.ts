import { mix32 } from './hash32.ts';
import { BASE_A, BASE_B, LANE_B_SALT, fingerprintStructure, outputLanes, selectMinima, winnow, type Fingerprints } from './fingerprint.ts';
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

let fusedWords = new Uint32Array(0);

/**
 * `fingerprintStructure(tokens, k, w)` and `fingerprintShape(tokens)` from one pass over the token
 * stream (the lookup needs both for every block): both streams' rolling hashes and the shape filter's
 * prefix sums are computed in the same loop, then each is winnowed. Identical to the two calls (same
 * hashes, same selection; tested against them). `reuse`: both results live in output scratch
 * (`outputLanes` slots 0 and 1), valid until the next reusing call — for the lookup, block by block.
 */
export function fingerprintStructureAndShape(tokens: TokenStream, k: number, w: number, reuse = false): { structure: Fingerprints; shape: Fingerprints } {
  const n = tokens.length;
  const sk = SHAPE_K;
  if (n < k || n < sk || k < 1 || w < 1 || n > 1 << 18) return { structure: fingerprintStructure(tokens, k, w), shape: fingerprintShape(tokens) };
  // Scratch: lanes of both streams (4n), the deque (n), the selections (2n), two prefix sums (2n + 2),
  // and per token its shape symbol and both symbols' lane-B values (3n), so a token leaving the window
  // is not mixed again.
  const words = 12 * n + 2;
  if (fusedWords.length < words) fusedWords = new Uint32Array(Math.max(words, 2 * fusedWords.length, 4096));
  const ha = fusedWords.subarray(0, n);
  const hb = fusedWords.subarray(n, 2 * n);
  const sa = fusedWords.subarray(2 * n, 3 * n);
  const sb = fusedWords.subarray(3 * n, 4 * n);
  const deque = new Int32Array(fusedWords.buffer, 16 * n, n);
  const pos = fusedWords.subarray(5 * n, 6 * n);
  const spos = fusedWords.subarray(6 * n, 7 * n);
  const lit = fusedWords.subarray(7 * n, 8 * n + 1);
  const names = fusedWords.subarray(8 * n + 1, 9 * n + 2);
  const tb = fusedWords.subarray(9 * n + 2, 10 * n + 2);
  const xv = fusedWords.subarray(10 * n + 2, 11 * n + 2);
  const xb = fusedWords.subarray(11 * n + 2, 12 * n + 2);
  let powA = 1;
  let powB = 1;
  for (let j = 1; j < k; j++) {
    powA = Math.imul(powA, BASE_A);
    powB = Math.imul(powB, BASE_B);
  }
  let spowA = 1;
  let spowB = 1;
  for (let j = 1; j < sk; j++) {
    spowA = Math.imul(spowA, BASE_A);
    spowB = Math.imul(spowB, BASE_B);
  }
  const norm = tokens.norm;
  const raw = tokens.raw;
  const kind = tokens.kind;
  const start = tokens.start;
  const end = tokens.end;
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  lit[0] = 0;
  names[0] = 0;
  for (let i = 0; i < n; i++) {
    const s = norm[i] ?? 0;
    const ki = kind[i];
    const literal = ki === TokenKind.string || ki === TokenKind.number;
    const x = literal ? (raw[i] ?? 0) : s;
    const sB = mix32(s ^ LANE_B_SALT);
    const xB = literal ? mix32(x ^ LANE_B_SALT) : sB;
    tb[i] = sB;
    xv[i] = x;
    xb[i] = xB;
    lit[i + 1] = (lit[i] ?? 0) + (literal ? Math.max(0, (end[i] ?? 0) - (start[i] ?? 0) - 2) : 0);
    names[i + 1] = (names[i] ?? 0) + (ki === TokenKind.identifier ? 1 : 0);
    if (i >= k) {
      const so = norm[i - k] ?? 0;
      a = (a - Math.imul(so, powA)) | 0;
      b = (b - Math.imul(tb[i - k] ?? 0, powB)) | 0;
    }
    if (i >= sk) {
      const o = i - sk;
      c = (c - Math.imul(xv[o] ?? 0, spowA)) | 0;
      d = (d - Math.imul(xb[o] ?? 0, spowB)) | 0;
    }
    a = (Math.imul(a, BASE_A) + s) | 0;
    b = (Math.imul(b, BASE_B) + sB) | 0;
    c = (Math.imul(c, BASE_A) + x) | 0;
    d = (Math.imul(d, BASE_B) + xB) | 0;
    if (i >= k - 1) {
      ha[i - k + 1] = mix32(a);
      hb[i - k + 1] = mix32(b ^ 0x27d4eb2f);
    }
    if (i >= sk - 1) {
      sa[i - sk + 1] = mix32(c);
      sb[i - sk + 1] = mix32(d ^ 0x27d4eb2f);
    }
  }
  // Structure: as fingerprintStructure.
  const grams = n - k + 1;
  const count = selectMinima(ha, hb, grams, w, deque, pos);
  const lanes = (slot: number, c: number): [Uint32Array, Uint32Array, Uint32Array, Uint32Array] =>
    reuse ? outputLanes(slot, c) : [new Uint32Array(c), new Uint32Array(c), new Uint32Array(c), new Uint32Array(c)];
  const [shi, slo, sfirst, slast] = lanes(0, count);
  const structure: Fingerprints = { count, hi: shi, lo: slo, first: sfirst, last: slast };
  for (let i = 0; i < count; i++) {
    const p = pos[i] ?? 0;
    shi[i] = ha[p] ?? 0;
    slo[i] = hb[p] ?? 0;
    sfirst[i] = p;
    slast[i] = p + k - 1;
  }
  // Shape: as fingerprintShape (winnowed, then filtered, then salted).
  const sgrams = n - sk + 1;
  const scount = selectMinima(sa, sb, sgrams, SHAPE_W, deque, spos);
  let kept = 0;
  for (let i = 0; i < scount; i++) {
    const p = spos[i] ?? 0;
    if ((lit[p + sk] ?? 0) - (lit[p] ?? 0) >= MIN_LITERAL_CHARS && (names[p + sk] ?? 0) !== (names[p] ?? 0)) kept++;
  }
  const [hhi, hlo, hfirst, hlast] = lanes(1, kept);
  const shape: Fingerprints = { count: kept, hi: hhi, lo: hlo, first: hfirst, last: hlast };
  let j = 0;
  for (let i = 0; i < scount; i++) {
    const p = spos[i] ?? 0;
    if ((lit[p + sk] ?? 0) - (lit[p] ?? 0) < MIN_LITERAL_CHARS || (names[p + sk] ?? 0) === (names[p] ?? 0)) continue;
    shape.hi[j] = ((sa[p] ?? 0) ^ SALT_HI) >>> 0;
    shape.lo[j] = ((sb[p] ?? 0) ^ SALT_LO) >>> 0;
    shape.first[j] = p;
    shape.last[j] = p + sk - 1;
    j++;
  }
  return { structure, shape };
}
