import { createHash } from 'node:crypto';
import { DEFAULT_FINGERPRINT_OPTIONS, fingerprintIdentifiers, fingerprintStructure, type FingerprintOptions, type Fingerprints } from './fingerprint.ts';
import { encodeIndex } from './index-file.ts';
import { fingerprintShape } from './fingerprint-shape.ts';
import type { IndexedFile, OwnCodeIndex } from './own-code-index.ts';
import { hashLines, packLineHashes } from './line-hashes.ts';
import { radixOrder } from './radix-order.ts';
import { CommonsSet } from './commons-set.ts';
import { languageForPath, tokenize, type LanguageFamily } from './tokenize/language-for.ts';
import type { TokenStream } from './tokenize/token-stream.ts';

/**
 * Builds an own-code index. Files are registered as (repository, path, content hash) and fingerprinted
 * once; the builder keeps each file's fingerprints so re-adding a repository re-reads only files whose
 * content changed, and `build()` re-derives document frequencies and pruning over the current set.
 *
 * Noise control (why): a fingerprint found in many files is an idiom of the language or the codebase,
 * not evidence that a prompt holds a particular file, so fingerprints in more than
 * max(maxFiles, maxFileFraction × files) files are dropped. Fingerprints of the commons corpus (open-source
 * dependencies, generated code, license texts) are subtracted outright, so public code is never called
 * proprietary just because the company also vendors it.
 */

export interface IndexBuildOptions extends FingerprintOptions {
  maxFiles: number;
  maxFileFraction: number;
  /** The same for the exact channel (names, literals, lines): generated siblings share more of it. */
  maxExactFileFraction: number;
  /** Occurrences of one fingerprint kept per file (repetitive files would otherwise flood postings). */
  maxPerFile: number;
}

export const DEFAULT_BUILD_OPTIONS: IndexBuildOptions = { ...DEFAULT_FINGERPRINT_OPTIONS, maxFiles: 10, maxFileFraction: 0.01, maxExactFileFraction: 0.05, maxPerFile: 8 };

interface FileState extends IndexedFile {
  /** Per channel: [hi, lo, lines] per fingerprint (the exact channel: name/literal k-grams, then line hashes). */
  structure: Uint32Array;
  identifiers: Uint32Array;
}

export type AddResult = 'added' | 'updated' | 'unchanged';

export function contentHash(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 32);
}

export class OwnCodeIndexBuilder {
  readonly options: IndexBuildOptions;
  private readonly files = new Map<string, FileState>();
  private readonly commons: CommonsSet;

  constructor(options: Partial<IndexBuildOptions> = {}) {
    this.options = { ...DEFAULT_BUILD_OPTIONS, ...options };
    this.commons = new CommonsSet();
  }

  addFile(repository: string, path: string, content: string, family: LanguageFamily = languageForPath(path)): AddResult {
    const key = `${repository}\0${path}`;
    const hash = contentHash(content);
    const old = this.files.get(key);
    if (old && old.contentHash === hash) return 'unchanged';
    this.files.set(key, { repository, path, ...fingerprintFile(content, family, this.options) });
    return old ? 'updated' : 'added';
  }

  /**
   * Registers a file from fingerprints computed earlier (`fingerprintFile`, e.g. kept in the state
   * store), so an index can be rebuilt without lexing anything. The caller vouches that they were made
   * with this builder's k / w options.
   */
  addFingerprintedFile(repository: string, path: string, file: FileFingerprints): AddResult {
    const key = `${repository}\0${path}`;
    const old = this.files.get(key);
    if (old && old.contentHash === file.contentHash) return 'unchanged';
    this.files.set(key, { repository, path, ...file });
    return old ? 'updated' : 'added';
  }

  removeFile(repository: string, path: string): boolean {
    return this.files.delete(`${repository}\0${path}`);
  }

  /** Makes `repository` hold exactly `files`: changed files are re-read, unchanged skipped, missing removed. */
  syncRepository(repository: string, files: Iterable<{ path: string; content: string }>): Record<AddResult | 'removed', number> {
    const counts = { added: 0, updated: 0, unchanged: 0, removed: 0 };
    const seen = new Set<string>();
    for (const f of files) {
      seen.add(f.path);
      counts[this.addFile(repository, f.path, f.content)]++;
    }
    for (const state of [...this.files.values()]) {
      if (state.repository === repository && !seen.has(state.path)) {
        this.removeFile(repository, state.path);
        counts.removed++;
      }
    }
    return counts;
  }

  /** Adds a file of the commons corpus: its fingerprints (both channels) will never be reported. */
  addCommons(path: string, content: string, family: LanguageFamily = languageForPath(path)): void {
    const tokens = tokenize(content, family);
    const { k, w, identifierK, identifierW } = this.options;
    this.commons.add(fingerprintStructure(tokens, k, w));
    this.commons.add(fingerprintIdentifiers(tokens, identifierK, identifierW));
    this.commons.add(fingerprintShape(tokens));
    this.commons.add({ ...hashLines(content), first: new Uint32Array(0), last: new Uint32Array(0) });
  }

  /** Adds commons fingerprints computed earlier (the packed form of `fingerprintFile`). */
  addCommonsFingerprints(file: Pick<FileFingerprints, 'structure' | 'identifiers'>): void {
    for (const packed of [file.structure, file.identifiers]) this.commons.add(unpackKeys(packed));
  }

  get fileCount(): number {
    return this.files.size;
  }

  build(shared = false): OwnCodeIndex {
    const states = [...this.files.values()].sort((a, b) => (a.repository === b.repository ? (a.path < b.path ? -1 : 1) : a.repository < b.repository ? -1 : 1));
    const o = this.options;
    const maxDf = Math.max(o.maxFiles, Math.ceil(o.maxFileFraction * states.length));
    const commons = this.commons.freeze();
    const s = mergeChannel(states.map((f) => f.structure), maxDf, o.maxPerFile, commons);
    const id = mergeChannel(states.map((f) => f.identifiers), Math.max(o.maxFiles, Math.ceil(o.maxExactFileFraction * states.length)), o.maxPerFile, commons);
    return encodeIndex(
      {
        options: { k: o.k, w: o.w, identifierK: o.identifierK, identifierW: o.identifierW },
        files: states.map(({ repository, path, contentHash: h, lines }) => ({ repository, path, contentHash: h, lines })),
        structure: s.table,
        identifiers: id.table,
        stats: {
          totalLines: states.reduce((n, f) => n + f.lines, 0),
          prunedStructure: s.pruned,
          prunedIdentifiers: id.pruned,
          commonsSubtracted: s.commons + id.commons,
        },
      },
      shared,
    );
  }
}

/**
 * One file's fingerprints in the builder's packed form: per channel a Uint32Array of [hi, lo, lines]
 * triples (`lines` = `startLine << 8 | min(255, endLine − startLine)`, as in the index file). This is
 * what the state store keeps per file, so re-indexing lexes only files whose content changed.
 */
export interface FileFingerprints {
  /** First 16 bytes of the content's SHA-256, hex (see `contentHash`). */
  contentHash: string;
  lines: number;
  structure: Uint32Array;
  identifiers: Uint32Array;
}

export function fingerprintFile(content: string, family: LanguageFamily, options: FingerprintOptions = DEFAULT_FINGERPRINT_OPTIONS): FileFingerprints {
  const tokens = tokenize(content, family);
  const { k, w, identifierK, identifierW } = options;
  return {
    contentHash: contentHash(content),
    lines: countLines(content),
    structure: pack(fingerprintStructure(tokens, k, w), tokens),
    identifiers: concat(concat(pack(fingerprintIdentifiers(tokens, identifierK, identifierW), tokens), pack(fingerprintShape(tokens), tokens)), packLineHashes(hashLines(content))),
  };
}

/** Packed triples → the (hi, lo) lanes the commons set takes. */
function unpackKeys(packed: Uint32Array): Fingerprints {
  const count = Math.floor(packed.length / 3);
  const hi = new Uint32Array(count);
  const lo = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    hi[i] = packed[3 * i] ?? 0;
    lo[i] = packed[3 * i + 1] ?? 0;
  }
  return { count, hi, lo, first: new Uint32Array(count), last: new Uint32Array(count) };
}

function concat(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function countLines(text: string): number {
  let n = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function pack(fp: Fingerprints, tokens: TokenStream): Uint32Array {
  const out = new Uint32Array(3 * fp.count);
  for (let i = 0; i < fp.count; i++) {
    const a = tokens.line[fp.first[i] ?? 0] ?? 0;
    const b = tokens.line[fp.last[i] ?? 0] ?? a;
    out[3 * i] = fp.hi[i] ?? 0;
    out[3 * i + 1] = fp.lo[i] ?? 0;
    out[3 * i + 2] = (Math.min(a, 0xffffff) << 8) | Math.min(255, b - a);
  }
  return out;
}

function mergeChannel(perFile: Uint32Array[], maxDf: number, maxPerFile: number, commons: CommonsSet) {
  const total = perFile.reduce((n, a) => n + a.length / 3, 0);
  const hi = new Uint32Array(total);
  const lo = new Uint32Array(total);
  const file = new Uint32Array(total);
  const lines = new Uint32Array(total);
  let e = 0;
  perFile.forEach((a, f) => {
    for (let i = 0; i < a.length; i += 3, e++) {
      hi[e] = a[i] ?? 0;
      lo[e] = a[i + 1] ?? 0;
      lines[e] = a[i + 2] ?? 0;
      file[e] = f;
    }
  });
  const order = radixOrder(hi, lo, total);
  const out = { hi: new Uint32Array(total), lo: new Uint32Array(total), file: new Uint32Array(total), lines: new Uint32Array(total) };
  let count = 0;
  let pruned = 0;
  let common = 0;
  for (let g = 0; g < total; ) {
    const first = order[g] ?? 0;
    const h = hi[first] ?? 0;
    const l = lo[first] ?? 0;
    let end = g + 1;
    let df = 1;
    for (; end < total && hi[order[end] ?? 0] === h && lo[order[end] ?? 0] === l; end++) {
      if (file[order[end] ?? 0] !== file[order[end - 1] ?? 0]) df++;
    }
    if (df > maxDf) pruned++;
    else if (commons.has(h, l)) common++;
    else {
      let run = 0;
      for (let i = g; i < end; i++) {
        const e2 = order[i] ?? 0;
        run = i > g && file[e2] === file[order[i - 1] ?? 0] ? run + 1 : 0;
        if (run >= maxPerFile) continue;
        out.hi[count] = h;
        out.lo[count] = l;
        out.file[count] = file[e2] ?? 0;
        out.lines[count] = lines[e2] ?? 0;
        count++;
      }
    }
    g = end;
  }
  return { table: { count, hi: out.hi, lo: out.lo, file: out.file, lines: out.lines }, pruned, commons: common };
}
