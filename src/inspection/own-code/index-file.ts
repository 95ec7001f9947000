import { closeSync, fstatSync, openSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { OwnCodeIndex, buildBuckets, type IndexStats, type IndexedFile, type PostingTable } from './own-code-index.ts';
import type { FingerprintOptions } from './fingerprint.ts';

/**
 * The on-disk image of an own-code index (documented in docs/own-code.md). Little-endian, every section
 * 4-byte aligned so each is a typed-array view straight over the loaded buffer:
 *
 *   header      16 × u32: magic "SKOC", version, k, w, identifierK, identifierW, repoCount, fileCount,
 *               stringBytes, structureCount, identifierCount, totalLines, prunedStructure,
 *               prunedIdentifiers, commonsSubtracted, reserved
 *   strings     UTF-8, repositories then paths, NUL-separated, padded to 4
 *   files       fileCount × 6 u32: repository index, line count, content hash (4 u32)
 *   structure   buckets (65 537 u32), hi[n], lo[n], file[n], lines[n]
 *   identifiers same layout, m entries
 */

const MAGIC = 0x434f4b53; // "SKOC" read as little-endian u32
/**
 * 2: the identifier table became the exact channel — name k-grams plus string/number literals in the
 * k-grams, plus one posting per normalised source line (line-hashes.ts). Same layout as 1.
 * 3: the exact table also holds shape k-grams (fingerprint-shape.ts). Same layout.
 */
const VERSION = 3;
const HEADER_WORDS = 16;
const FILE_WORDS = 6;
const BUCKETS = 65537;

export interface IndexParts {
  options: FingerprintOptions;
  files: IndexedFile[];
  structure: Omit<PostingTable, 'buckets'>;
  identifiers: Omit<PostingTable, 'buckets'>;
  stats: IndexStats;
}

const pad4 = (n: number): number => (n + 3) & ~3;

export function encodeIndex(parts: IndexParts, shared = false): OwnCodeIndex {
  const repos = [...new Set(parts.files.map((f) => f.repository))];
  const repoIndex = new Map(repos.map((r, i) => [r, i]));
  const strings = Buffer.from([...repos, ...parts.files.map((f) => f.path)].join('\0'), 'utf8');
  const tableWords = (t: { count: number }): number => BUCKETS + 4 * t.count;
  const size =
    4 * HEADER_WORDS + pad4(strings.length) + 4 * FILE_WORDS * parts.files.length + 4 * (tableWords(parts.structure) + tableWords(parts.identifiers));
  const buffer = shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size);
  const words = new Uint32Array(buffer);
  const { options: o, stats: s } = parts;
  words.set([MAGIC, VERSION, o.k, o.w, o.identifierK, o.identifierW, repos.length, parts.files.length, strings.length]);
  words.set([parts.structure.count, parts.identifiers.count, s.totalLines, s.prunedStructure, s.prunedIdentifiers, s.commonsSubtracted, 0], 9);
  new Uint8Array(buffer).set(strings, 4 * HEADER_WORDS);
  let w = HEADER_WORDS + pad4(strings.length) / 4;
  for (const f of parts.files) {
    words[w] = repoIndex.get(f.repository) ?? 0;
    words[w + 1] = f.lines;
    for (let j = 0; j < 4; j++) words[w + 2 + j] = Number.parseInt(f.contentHash.slice(8 * j, 8 * j + 8), 16) >>> 0;
    w += FILE_WORDS;
  }
  for (const t of [parts.structure, parts.identifiers]) {
    words.set(buildBuckets(t.hi, t.count), w);
    w += BUCKETS;
    for (const lane of [t.hi, t.lo, t.file, t.lines]) {
      words.set(lane.subarray(0, t.count), w);
      w += t.count;
    }
  }
  return decodeIndex(buffer);
}

/** Wraps an image without copying: every table is a view into `buffer`. */
export function decodeIndex(buffer: ArrayBuffer | SharedArrayBuffer): OwnCodeIndex {
  if (buffer.byteLength < 4 * HEADER_WORDS) throw new Error('own-code index: file too short');
  const words = new Uint32Array(buffer);
  const h = (i: number): number => words[i] ?? 0;
  if (h(0) !== MAGIC) throw new Error('own-code index: not an index file (bad magic)');
  if (h(1) !== VERSION) throw new Error(`own-code index: format version ${h(1)}, this build reads ${VERSION}: rebuild it (sekisho index add PATH, for any indexed repository, re-fingerprints stored files)`);
  const options = { k: h(2), w: h(3), identifierK: h(4), identifierW: h(5) };
  const [repoCount, fileCount, stringBytes, structureCount, identifierCount] = [h(6), h(7), h(8), h(9), h(10)];
  const stats = { totalLines: h(11), prunedStructure: h(12), prunedIdentifiers: h(13), commonsSubtracted: h(14) };
  const expected = 4 * HEADER_WORDS + pad4(stringBytes) + 4 * FILE_WORDS * fileCount + 4 * (2 * BUCKETS + 4 * (structureCount + identifierCount));
  if (buffer.byteLength !== expected) throw new Error(`own-code index: size ${buffer.byteLength}, header says ${expected}`);
  const names = Buffer.from(buffer, 4 * HEADER_WORDS, stringBytes).toString('utf8').split('\0');
  let w = HEADER_WORDS + pad4(stringBytes) / 4;
  const files: IndexedFile[] = [];
  for (let i = 0; i < fileCount; i++, w += FILE_WORDS) {
    let hash = '';
    for (let j = 0; j < 4; j++) hash += h(w + 2 + j).toString(16).padStart(8, '0');
    files.push({ repository: names[h(w)] ?? '', path: names[repoCount + i] ?? '', contentHash: hash, lines: h(w + 1) });
  }
  const table = (count: number): PostingTable => {
    const view = (): Uint32Array => {
      const v = new Uint32Array(buffer, 4 * w, count);
      w += count;
      return v;
    };
    const buckets = new Uint32Array(buffer, 4 * w, BUCKETS);
    w += BUCKETS;
    return { count, buckets, hi: view(), lo: view(), file: view(), lines: view() };
  };
  const structure = table(structureCount);
  const identifiers = table(identifierCount);
  return new OwnCodeIndex({ options, files, structure, identifiers, stats, bytes: new Uint8Array(buffer) });
}

/** Writes atomically (temporary file, then rename), so a gateway never loads a half-written index. */
export function writeIndexFile(path: string, index: OwnCodeIndex): void {
  const tmp = `${path}.${process.pid}.tmp`;
  // Fingerprints of company code: private to the gateway's user, like the rest of the data directory.
  writeFileSync(tmp, index.bytes, { mode: 0o600 });
  renameSync(tmp, path);
}

/**
 * Reads the file straight into one buffer (a `SharedArrayBuffer` by default, so worker threads can be
 * given the same memory) and wraps it: load cost is one read, no parsing of the tables.
 */
export function loadIndexFile(path: string, shared = true): OwnCodeIndex {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size);
    const bytes = new Uint8Array(buffer);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, bytes, off, size - off, off);
      if (n === 0) throw new Error('own-code index: file shrank while reading');
      off += n;
    }
    return decodeIndex(buffer);
  } finally {
    closeSync(fd);
  }
}
