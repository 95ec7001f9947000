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
  }

  /** Entries `[start, end)` of `table` holding the fingerprint (hi, lo); empty when absent. */
  find(table: PostingTable, hi: number, lo: number): [number, number] {
    const start = this.findStart(table, hi, lo);
    return [start, this.findEnd(table, start, hi, lo)];
  }

  /** First entry of `table` whose key is ≥ (hi, lo): where the postings of (hi, lo) start when it is indexed. */
  findStart(table: PostingTable, hi: number, lo: number): number {
    const b = hi >>> 16;
    let low = table.buckets[b] ?? 0;
    let high = table.buckets[b + 1] ?? 0;
    const his = table.hi;
    const los = table.lo;
    // Lower bound of (hi, lo) inside the bucket.
    while (low < high) {
      const mid = (low + high) >>> 1;
      const h = his[mid] ?? 0;
      if (h < hi || (h === hi && (los[mid] ?? 0) < lo)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

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

export function buildBuckets(hi: Uint32Array, count: number): Uint32Array {
  const buckets = new Uint32Array(65537);
  let e = 0;
  for (let b = 0; b <= 65536; b++) {
    while (e < count && (hi[e] ?? 0) >>> 16 < b) e++;
    buckets[b] = e;
  }
  return buckets;
}
