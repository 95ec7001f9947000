import type { FingerprintOptions } from './fingerprint.ts';

/**
 * The read side of the own-code index: immutable typed-array views over one buffer (see index-file.ts
 * for the layout). Nothing is copied on load, so a `SharedArrayBuffer` image can be handed to worker
 * threads and each one wraps the same memory.
 */

export interface IndexedFile {
  repository: string;
  path: string;
  /** First 16 bytes of the SHA-256 of the content, hex: unchanged files are skipped on re-index. */
  contentHash: string;
  lines: number;
}

/** One channel's postings, sorted by (hi, lo); one entry per occurrence. */
export interface PostingTable {
  count: number;
  hi: Uint32Array;
  lo: Uint32Array;
  file: Uint32Array;
  /** `startLine << 8 | min(255, endLine − startLine)` of the k-gram in the indexed file. */
  lines: Uint32Array;
  /** `buckets[b]` = first entry whose `hi >>> 16` is ≥ b (65 537 entries): narrows every search to ~count/65 536. */
  buckets: Uint32Array;
}

export interface IndexStats {
  totalLines: number;
  prunedStructure: number;
  prunedIdentifiers: number;
  commonsSubtracted: number;
}

export class OwnCodeIndex {
  readonly options: FingerprintOptions;
  readonly files: readonly IndexedFile[];
  readonly structure: PostingTable;
  readonly identifiers: PostingTable;
  readonly stats: IndexStats;
  /** The whole image (header included), as written to disk. */
  readonly bytes: Uint8Array;

  constructor(init: {
    options: FingerprintOptions;
    files: IndexedFile[];
    structure: PostingTable;
    identifiers: PostingTable;
    stats: IndexStats;
    bytes: Uint8Array;
  }) {
    this.options = init.options;
    this.files = init.files;
    this.structure = init.structure;
    this.identifiers = init.identifiers;
    this.stats = init.stats;
    this.bytes = init.bytes;
    this.filter(this.structure);
    this.filter(this.identifiers);
  }

  /** Entries `[start, end)` of `table` holding the fingerprint (hi, lo); empty when absent. */
  find(table: PostingTable, hi: number, lo: number): [number, number] {
    const start = this.findStart(table, hi, lo);
    return [start, this.findEnd(table, start, hi, lo)];
  }

  /**
   * First entry of `table` whose key is ≥ (hi, lo): where the postings of (hi, lo) start when it is indexed.
   * Remembered per table in a small direct-mapped cache: the confirmation pass (confirm-regions.ts) probes
   * the same line hashes many times in one lookup — once per competing region over them, per block and
   * again over the whole text (bench:index prompts: ~93% of its ~7,700 probes per 150 KB prompt repeat
   * one) — and a probe that misses the CPU caches costs a few hundred nanoseconds while a remembered one
   * costs a few. Exact: the table never changes.
   */
  findStart(table: PostingTable, hi: number, lo: number): number {
    const memo = table === this.identifiers ? this.#identifierMemo : table === this.structure ? this.#structureMemo : undefined;
    if (memo === undefined) return searchStart(table, hi, lo);
    const slot = (Math.imul(hi ^ lo, 0x9e3779b1) >>> (32 - MEMO_BITS)) * 3;
    const words = memo.words;
    if (words[slot] === hi && words[slot + 1] === lo && memo.filled[slot / 3] === 1) return words[slot + 2] ?? 0;
    const start = searchStart(table, hi, lo);
    words[slot] = hi;
    words[slot + 1] = lo;
    words[slot + 2] = start;
    memo.filled[slot / 3] = 1;
    return start;
  }

  /** `findStart` without the cache, for probes that are rarely repeated (collect.ts: every prompt k-gram once). */
  findStartUncached(table: PostingTable, hi: number, lo: number): number {
    return searchStart(table, hi, lo);
  }

  /**
   * Per table, a bitset over the top bits of each entry's `lo` (a hash lane independent of the
   * `hi >>> 16` the buckets use; ~4 bits per entry, so at most about a quarter of the bits are set): a
   * prompt fingerprint whose bit is clear is not in the table, and the probe is answered without reading
   * `hi` at all. Most probes miss (~80% on the bench prompts: prose and unindexed code), and a miss
   * otherwise costs a binary search whose reads of `hi` mostly miss the CPU caches. No false negatives:
   * every entry's bit is set. Built when the index is wrapped (~2 ms per 1 M entries), not stored.
   */
  filter(table: PostingTable): Uint32Array {
    let f = this.#filters.get(table);
    if (f === undefined) {
      f = buildFilter(table);
      this.#filters.set(table, f);
    }
    return f;
  }

  readonly #filters = new Map<PostingTable, Uint32Array>();
  readonly #identifierMemo = newMemo();
  readonly #structureMemo = newMemo();

  /** End of the run of (hi, lo) entries starting at `start` (`start` itself when there is none). */
  findEnd(table: PostingTable, start: number, hi: number, lo: number): number {
    const his = table.hi;
    const los = table.lo;
    let end = start;
    while (end < table.count && his[end] === hi && los[end] === lo) end++;
    return end;
  }

  /** Bytes of index per indexed source line (the memory a gateway holds for it). */
  bytesPerLine(): number {
    return this.stats.totalLines === 0 ? 0 : this.bytes.byteLength / this.stats.totalLines;
  }
}

/** A table's probe filter (`OwnCodeIndex.filter`): 2^bits bits, bits = log2(4 × entries) rounded up, 10–23. */
export function buildFilter(table: PostingTable): Uint32Array {
  const bits = Math.min(23, Math.max(10, Math.ceil(Math.log2(4 * Math.max(1, table.count)))));
  const f = new Uint32Array(1 << (bits - 5));
  const los = table.lo;
  const shift = 32 - bits;
  for (let e = 0; e < table.count; e++) {
    const b = (los[e] ?? 0) >>> shift;
    f[b >>> 5]! |= 1 << (b & 31);
  }
  return f;
}

/** Slots of each table's findStart cache: 2^12 × 12 bytes, small enough to stay in the CPU's caches. */
const MEMO_BITS = 12;

interface Memo {
  /** Per slot: hi, lo, start. */
  words: Uint32Array;
  filled: Uint8Array;
}

function newMemo(): Memo {
  return { words: new Uint32Array(3 << MEMO_BITS), filled: new Uint8Array(1 << MEMO_BITS) };
}

/** Lower bound of (hi, lo) in `table`, inside its bucket. */
function searchStart(table: PostingTable, hi: number, lo: number): number {
  const b = hi >>> 16;
  let low = table.buckets[b] ?? 0;
  let high = table.buckets[b + 1] ?? 0;
  const his = table.hi;
  const los = table.lo;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const h = his[mid] ?? 0;
    if (h < hi || (h === hi && (los[mid] ?? 0) < lo)) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function buildBuckets(hi: Uint32Array, count: number): Uint32Array {
  const buckets = new Uint32Array(65537);
  let e = 0;
  for (let b = 0; b <= 65536; b++) {
    while (e < count && (hi[e] ?? 0) >>> 16 < b) e++;
    buckets[b] = e;
  }
  return buckets;
}
