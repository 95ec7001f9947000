import type { Match } from './chain-matches.ts';
import type { Fingerprints } from './fingerprint.ts';
import { MatchList } from './match-list.ts';
import type { OwnCodeIndex, PostingTable } from './own-code-index.ts';

/**
 * Probing the index: every prompt fingerprint looked up in one channel's posting table, each posting a
 * match. This is the lookup's inner loop, so it works on typed scratch arrays and writes the matches as
 * typed lanes (`collectList`, match-list.ts); `collect` gives them as `Match` objects (tests, callers
 * outside the lookup). A fingerprint whose bit in the table's probe filter is clear is not indexed and
 * skips the binary search (own-code-index.ts `filter`).
 *
 * With `distinct`, a fingerprint value is taken once, at its first position: a periodic run (a table of
 * numbers, `NUM , NUM , …`) repeats the same few values all along, and counting each repeat as a new
 * match let any two numeric tables "match" with coverage 1.00 (eval:owncode: 7.2% of unrelated snippets
 * flagged; 1.8% with this, most of those real copies).
 *
 * Order: the matches are appended grouped by indexed file (files ascending), in prompt order inside a
 * file — the order `chainMatches` / `chainMatchList` sort them into (file, position, line), so the sort
 * finds the input already sorted and costs one comparison per match instead of n log n. Nothing depends on this order
 * for correctness: the chaining's sort is stable, and a stable regrouping by file keeps equal keys in
 * the order they were probed.
 */
export function collect(index: OwnCodeIndex, table: PostingTable, fp: Fingerprints, into: Match[], distinct = false): void {
  const list = collectList(index, table, fp, adapterList, distinct);
  for (let k = 0; k < list.length; k++) {
    into.push({ fp: list.fp[k] ?? 0, pos: list.pos[k] ?? 0, file: list.file[k] ?? 0, line: list.line[k] ?? 0, span: list.span[k] ?? 0, weight: 1 });
  }
}
const adapterList = new MatchList();

/**
 * `collect` into typed arrays: `into` is emptied and filled with the matches, in the same order, every
 * weight 1. Returns `into`.
 */
export function collectList(index: OwnCodeIndex, table: PostingTable, fp: Fingerprints, into: MatchList, distinct = false): MatchList {
  into.length = 0;
  const n = fp.count;
  if (n === 0 || table.count === 0) return into;
  const s = scratch(n, index.files.length);
  const { hitFp, hitStart, hitEnd, seen } = s;
  // Open addressing over `a` at load factor ≤ ½, cleared only as far as this call uses it.
  const mask = grow(2 * n) - 1;
  if (distinct) seen.fill(-1, 0, mask + 1);
  let hits = 0;
  let postings = 0;
  const his = fp.hi;
  const los = fp.lo;
  const filter = index.filter(table);
  const shift = 32 - Math.log2(filter.length * 32);
  for (let i = 0; i < n; i++) {
    const lo = los[i] ?? 0;
    const bit = lo >>> shift;
    if (((filter[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) continue;
    const hi = his[i] ?? 0;
    const a = index.findStartUncached(table, hi, lo);
    const b = index.findEnd(table, a, hi, lo);
    if (b === a) continue;
    if (distinct) {
      // `a` is the value's first posting: one number per distinct value (open addressing over `a`).
      let slot = Math.imul(a, 0x9e3779b1) & mask;
      let dup = false;
      for (;;) {
        const v = seen[slot] ?? -1;
        if (v === -1) {
          seen[slot] = a;
          break;
        }
        if (v === a) {
          dup = true;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (dup) continue;
    }
    hitFp[hits] = i;
    hitStart[hits] = a;
    hitEnd[hits] = b;
    hits++;
    postings += b - a;
  }
  if (hits === 0) return into;
  // Counting sort of the postings by file (stable), over the files actually hit: a bitmap of those
  // files gives them in ascending order without sorting them.
  const files = table.file;
  const counts = s.fileCounts;
  const bits = s.fileBits;
  let lowWord = bits.length;
  let highWord = -1;
  for (let h = 0; h < hits; h++) {
    for (let e = hitStart[h] ?? 0, end = hitEnd[h] ?? 0; e < end; e++) {
      const f = files[e] ?? 0;
      if (counts[f]!++ === 0) {
        const wd = f >>> 5;
        bits[wd]! |= 1 << (f & 31);
        if (wd < lowWord) lowWord = wd;
        if (wd > highWord) highWord = wd;
      }
    }
  }
  let offset = 0;
  for (let wd = lowWord; wd <= highWord; wd++) {
    let word = bits[wd] ?? 0;
    if (word === 0) continue;
    bits[wd] = 0;
    while (word !== 0) {
      const low = word & -word;
      const f = (wd << 5) | (31 - Math.clz32(low));
      word ^= low;
      const c = counts[f] ?? 0;
      counts[f] = offset;
      offset += c;
    }
  }
  const placedFp = s.placed(postings);
  const placedEntry = s.placedEntries;
  for (let h = 0; h < hits; h++) {
    const i = hitFp[h] ?? 0;
    for (let e = hitStart[h] ?? 0, end = hitEnd[h] ?? 0; e < end; e++) {
      const f = files[e] ?? 0;
      const at = counts[f]!++;
      placedFp[at] = i;
      placedEntry[at] = e;
    }
  }
  // Back to all zeros for the next call: each hit file's counter now holds the end of its run.
  for (let h = 0; h < hits; h++) for (let e = hitStart[h] ?? 0, end = hitEnd[h] ?? 0; e < end; e++) counts[files[e] ?? 0] = 0;
  const first = fp.first;
  const lines = table.lines;
  into.reset(postings);
  const { fp: oFp, pos: oPos, file: oFile, line: oLine, span: oSpan, weight: oWeight } = into;
  for (let k = 0; k < postings; k++) {
    const i = placedFp[k] ?? 0;
    const e = placedEntry[k] ?? 0;
    const lw = lines[e] ?? 0;
    oFp[k] = i;
    oPos[k] = first[i] ?? 0;
    oFile[k] = files[e] ?? 0;
    oLine[k] = lw >>> 8;
    oSpan[k] = lw & 0xff;
    oWeight[k] = 1;
  }
  into.length = postings;
  return into;
}

/**
 * Scratch arrays reused across calls (the lookup is synchronous and never re-enters `collect`), grown
 * to the largest prompt seen. `fileCounts` and `fileBits` are all zeros between calls.
 */
class Scratch {
  hitFp = new Int32Array(0);
  hitStart = new Int32Array(0);
  hitEnd = new Int32Array(0);
  seen = new Int32Array(0);
  fileCounts = new Uint32Array(0);
  fileBits = new Uint32Array(0);
  private placedFps = new Int32Array(0);
  placedEntries = new Int32Array(0);

  placed(n: number): Int32Array {
    if (this.placedFps.length < n) {
      this.placedFps = new Int32Array(grow(n));
      this.placedEntries = new Int32Array(this.placedFps.length);
    }
    return this.placedFps;
  }
}

const shared = new Scratch();

function grow(n: number): number {
  let c = 64;
  while (c < n) c *= 2;
  return c;
}

function scratch(fingerprints: number, files: number): Scratch {
  const s = shared;
  if (s.hitFp.length < fingerprints) {
    const c = grow(fingerprints);
    s.hitFp = new Int32Array(c);
    s.hitStart = new Int32Array(c);
    s.hitEnd = new Int32Array(c);
  }
  if (s.seen.length < 2 * fingerprints) s.seen = new Int32Array(grow(2 * fingerprints));
  if (s.fileCounts.length < files) {
    s.fileCounts = new Uint32Array(grow(files));
    s.fileBits = new Uint32Array(s.fileCounts.length >>> 5);
  }
  return s;
}
