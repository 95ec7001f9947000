import { mix32 } from './hash32.ts';
import { TokenKind, type TokenStream } from './tokenize/token-stream.ts';

/**
 * k-gram hashing and winnowing (Schleimer, Wilkerson, Aiken, "Winnowing: Local Algorithms for Document
 * Fingerprinting", SIGMOD 2003). Every k consecutive tokens get a hash; in every window of w consecutive
 * hashes the minimum is kept. Guarantee (the paper's): if two token sequences share a run of at least
 * t = k + w − 1 tokens, that run holds a whole window of k-grams, both sides pick the same minimum, and
 * they share at least one fingerprint. Below the noise threshold k nothing is ever matched.
 *
 * Robust winnowing (same paper): on a tie the minimum already chosen for the previous window is kept if
 * it is still inside, else the rightmost minimum wins; a position is recorded only when the choice
 * changes, so low-entropy runs (`}}}}`) do not flood the index. Ties are between equal hash values, so
 * the guarantee (stated over values) is unaffected.
 *
 * Hash width. Each k-gram hash is 64 bits as two 32-bit lanes: two polynomial rolling hashes mod 2^32
 * with different odd bases over two different per-token values (the second a bijective remix of the
 * first), each finished with MurmurHash3's fmix32. Why 64: at 10^8 indexed fingerprints a 32-bit hash
 * gives a prompt of 10^4 fingerprints about 10^12 / 2^32 ≈ 230 spurious hits; with 64 bits that is
 * 10^12 / 2^64 ≈ 5·10^-8 per prompt, and a finding needs several chained hits besides. Two `Math.imul`
 * lanes cost about as much as one and avoid BigInt, which is several times slower.
 *
 * Defaults: structure channel k = 24, w = 10, so any shared run of ≥ 33 normalised tokens (3–5 lines of
 * code) is found, 2/(w+1) ≈ 18% of positions become fingerprints (~1.3 per line), and 24 tokens are long
 * enough that one-line idioms (a `for` header is ~15 tokens) never form a fingerprint on their own.
 * Identifier channel (raw names only, punctuation-free so reformatting leaves it intact) k = 8, w = 8:
 * a shared run of 15 names, a few lines of code, is guaranteed.
 */

export interface FingerprintOptions {
  k: number;
  w: number;
  identifierK: number;
  identifierW: number;
}

/**
 * What the exact ("identifier") channel holds; part of the state store's params key, so fingerprints
 * stored by an older build are re-lexed from disk on the next rebuild. 2: literals and line hashes added;
 * 3: shape k-grams (fingerprint-shape.ts) added.
 */
export const EXACT_CHANNEL_VERSION = 3;

export const DEFAULT_FINGERPRINT_OPTIONS: FingerprintOptions = { k: 24, w: 10, identifierK: 8, identifierW: 8 };

export interface Fingerprints {
  count: number;
  hi: Uint32Array;
  lo: Uint32Array;
  /** Token-stream index of the k-gram's first and last token. */
  first: Uint32Array;
  last: Uint32Array;
}

export const BASE_A = 0x9e3779b1;
export const BASE_B = 0x7feb352d;
export const LANE_B_SALT = 0x5bd1e995;

/** Winnows `symbols[0..n)`; returns the start position of each selected k-gram, in order. */
export function winnow(symbols: Uint32Array, n: number, k: number, w: number): { count: number; hi: Uint32Array; lo: Uint32Array; pos: Uint32Array } {
  const r = winnowScratchResult(symbols, n, k, w);
  const hi = new Uint32Array(r.count);
  const lo = new Uint32Array(r.count);
  for (let i = 0; i < r.count; i++) {
    const p = r.pos[i] ?? 0;
    hi[i] = r.ha[p] ?? 0;
    lo[i] = r.hb[p] ?? 0;
  }
  return { count: r.count, hi, lo, pos: r.pos.slice(0, r.count) };
}

/** `winnow` without copying: the lanes of every k-gram and the selected starts, as views of scratch (valid until the next call). */
function winnowScratchResult(symbols: Uint32Array, n: number, k: number, w: number): { count: number; ha: Uint32Array; hb: Uint32Array; pos: Uint32Array } {
  const grams = n - k + 1;
  if (grams <= 0 || k < 1 || w < 1) return { count: 0, ha: new Uint32Array(0), hb: new Uint32Array(0), pos: new Uint32Array(0) };
  // Scratch for the hashes, the deque and the selections, reused across calls.
  const scratch = winnowScratch(grams);
  const ha = scratch.subarray(0, grams);
  const hb = scratch.subarray(grams, 2 * grams);
  let powA = 1;
  let powB = 1;
  for (let j = 1; j < k; j++) {
    powA = Math.imul(powA, BASE_A);
    powB = Math.imul(powB, BASE_B);
  }
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    const s = symbols[i] ?? 0;
    const t = mix32(s ^ LANE_B_SALT);
    if (i >= k) {
      const so = symbols[i - k] ?? 0;
      a = (a - Math.imul(so, powA)) | 0;
      b = (b - Math.imul(mix32(so ^ LANE_B_SALT), powB)) | 0;
    }
    a = (Math.imul(a, BASE_A) + s) | 0;
    b = (Math.imul(b, BASE_B) + t) | 0;
    if (i >= k - 1) {
      ha[i - k + 1] = mix32(a);
      hb[i - k + 1] = mix32(b ^ 0x27d4eb2f);
    }
  }
  const deque = new Int32Array(scratch.buffer, scratch.byteOffset + 8 * grams, grams);
  const pos = scratch.subarray(3 * grams, 4 * grams);
  const count = selectMinima(ha, hb, grams, w, deque, pos);
  return { count, ha, hb, pos };
}

const outputSlots: Uint32Array[] = [];
/**
 * Four lanes of `n` words (hi, lo, first, last) over output scratch `slot`, for fingerprints a caller
 * is done with before it asks for that slot again (the lookup, block by block: its `reuse` option).
 * Slots: 0 structure, 1 shape, 2 exact. Fresh arrays per call were most of the lookup's typed-array garbage.
 */
export function outputLanes(slot: number, n: number): [Uint32Array, Uint32Array, Uint32Array, Uint32Array] {
  let words = outputSlots[slot];
  if (words === undefined || words.length < 4 * n) {
    words = new Uint32Array(Math.max(4 * n, 2 * (words?.length ?? 0), 1024));
    outputSlots[slot] = words;
  }
  const c = words.length >>> 2;
  return [words.subarray(0, n), words.subarray(c, c + n), words.subarray(2 * c, 2 * c + n), words.subarray(3 * c, 3 * c + n)];
}

/**
 * The winnowing selection over `grams` k-gram hashes (lanes `ha`, `hb`): the start of each selected
 * k-gram, in order, into `pos`; returns how many. `deque` is scratch of ≥ `grams` words.
 */
export function selectMinima(ha: Uint32Array, hb: Uint32Array, grams: number, w: number, deque: Int32Array, pos: Uint32Array): number {
  // Monotonic deque of k-gram indices with strictly increasing hashes: its front is the window's
  // rightmost minimum, found in O(1) amortised per position.
  let head = 0;
  let tail = 0;
  let count = 0;
  let last = -1;
  const firstFull = Math.min(w, grams) - 1;
  for (let j = 0; j < grams; j++) {
    const hj = ha[j] ?? 0;
    const lj = hb[j] ?? 0;
    while (tail > head) {
      const back = deque[tail - 1] ?? 0;
      const hbk = ha[back] ?? 0;
      if (hbk > hj || (hbk === hj && (hb[back] ?? 0) >= lj)) tail--;
      else break;
    }
    deque[tail++] = j;
    while ((deque[head] ?? 0) <= j - w) head++;
    if (j >= firstFull) {
      let sel = deque[head] ?? 0;
      // Tie with the previous choice still in the window: keep it (robust winnowing).
      if (last > j - w && last >= 0 && ha[last] === ha[sel] && hb[last] === hb[sel]) sel = last;
      if (sel !== last) {
        pos[count++] = sel;
        last = sel;
      }
    }
  }
  return count;
}

let scratchWords = new Uint32Array(0);
/** 4 × `grams` words of scratch for `winnow`: shared up to 2^18 k-grams (4 MiB), a one-off beyond. */
function winnowScratch(grams: number): Uint32Array {
  if (grams > 1 << 18) return new Uint32Array(4 * grams);
  if (scratchWords.length < 4 * grams) scratchWords = new Uint32Array(Math.max(4 * grams, 2 * scratchWords.length, 4096));
  return scratchWords;
}

let identifierWords = new Uint32Array(0);
function identifierScratch(tokens: number): Uint32Array {
  if (identifierWords.length < 2 * tokens) identifierWords = new Uint32Array(Math.max(2 * tokens, 2 * identifierWords.length, 4096));
  return identifierWords;
}

/** Structure channel: k-grams over normalised tokens (renaming- and formatting-proof). */
export function fingerprintStructure(tokens: TokenStream, k: number, w: number): Fingerprints {
  const r = winnow(tokens.norm, tokens.length, k, w);
  const last = new Uint32Array(r.count);
  for (let i = 0; i < r.count; i++) last[i] = (r.pos[i] ?? 0) + k - 1;
  return { count: r.count, hi: r.hi, lo: r.lo, first: r.pos, last };
}

/**
 * Exact channel ("identifier channel" in the API): k-grams over the raw names and literal values (string
 * bodies, number digits), in order, without punctuation or keywords. Only a verbatim (or lightly edited
 * or reformatted) copy shares them; literals make data tables and short snippets findable too.
 * `reuse`: the result lives in output scratch (`outputLanes`), valid until the next reusing call.
 */
export function fingerprintIdentifiers(tokens: TokenStream, k: number, w: number, reuse = false): Fingerprints {
  // Scratch (reused; a one-off for huge streams): which token each name is, and the names.
  const scratch = tokens.length > 1 << 18 ? new Uint32Array(2 * tokens.length) : identifierScratch(tokens.length);
  const index = scratch.subarray(0, tokens.length);
  const names = scratch.subarray(tokens.length, 2 * tokens.length);
  let n = 0;
  for (let i = 0; i < tokens.length; i++) {
    const kind = tokens.kind[i];
    if (kind === TokenKind.identifier || kind === TokenKind.string || kind === TokenKind.number) {
      index[n] = i;
      names[n++] = tokens.raw[i] ?? 0;
    }
  }
  const r = winnowScratchResult(names, n, k, w);
  const [hi, lo, first, last] = reuse ? outputLanes(2, r.count) : [new Uint32Array(r.count), new Uint32Array(r.count), new Uint32Array(r.count), new Uint32Array(r.count)];
  for (let i = 0; i < r.count; i++) {
    const p = r.pos[i] ?? 0;
    hi[i] = r.ha[p] ?? 0;
    lo[i] = r.hb[p] ?? 0;
    first[i] = index[p] ?? 0;
    last[i] = index[p + k - 1] ?? 0;
  }
  return { count: r.count, hi, lo, first, last };
}
