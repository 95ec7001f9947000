import { isUtf8 } from 'node:buffer';
import { checkStrictJsonText, MAX_JSON_DEPTH, readStrictJson, type StrictJsonError } from '../util/strict-json.ts';

/**
 * Reads a request body as strict JSON (util/strict-json.ts) without ever holding it as one string when
 * it is large.
 *
 * Why: V8 puts every string over ~128 KB in its large-object space, and allocating one there costs about
 * 1 ms on the machines measured (a fresh mapping, its page faults, and its release at the next GC) — 50×
 * the cost of the same bytes in pieces under that size. A 150 KB body decoded to one string, then
 * parsed, paid that millisecond on every request (bench:gateway, docs/benchmarks.md "Hot path round").
 *
 * How: the top-level object is split at its members, and a large array member (`messages`, `tools`,
 * `system`, `input`) at its elements; each piece is decoded and parsed by itself (`JSON.parse`) and
 * checked by the same strict rules (duplicate and `__proto__` keys, lone surrogates, depth, imprecise
 * numbers). The result is the value `JSON.parse` gives for the whole text, for a reason that does not
 * depend on the splitter being right: every piece must parse as one complete JSON value, the bytes
 * between pieces are walked here by the JSON grammar itself (braces, keys, colons, commas, whitespace),
 * and JSON has exactly one parse tree per text — so any cut that passes both checks is a parse of the
 * same bytes. A cut in the wrong place fails to parse, and then (as for any body this path does not
 * like: small, not an object, a duplicate or `__proto__` top-level key, anything unusual) the body is
 * read the ordinary way, whose error messages (with their JSON paths) stand.
 */

export type JsonBodyResult = { ok: true; value: unknown; text?: string } | { ok: false; error: StrictJsonError };

/** Bodies from this size on are read in pieces (well under V8's large-object threshold). */
export const PIECEWISE_FROM = 96 * 1024;
/** An array member from this size on is split at its elements. */
const SPLIT_ARRAY_FROM = 16 * 1024;

export function readJsonBody(bytes: Buffer, maxDepth = MAX_JSON_DEPTH, reuse?: PieceCache): JsonBodyResult {
  if (bytes.length >= PIECEWISE_FROM && isUtf8(bytes) && !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
    const value = readPieces(bytes, maxDepth, true, reuse);
    if (value !== undefined) return { ok: true, value };
  }
  const read = readStrictJson(bytes, maxDepth);
  return read.ok ? { ok: true, value: read.value, text: read.text } : read;
}

/**
 * Parsed array elements (a conversation's messages) kept from earlier requests, so the next turn of an
 * agent session — the same history resent plus something new — parses only what is new.
 *
 * Safe by construction: an entry is found by a cheap key (length and the bytes at both ends), and is used
 * only when its bytes are *equal* to the piece's bytes (`Buffer.equals`, every byte compared): no claim of
 * the client's (a session id, a cache hint) decides anything, and a piece differing in any byte is parsed
 * and checked afresh. Parsing and the strictness checks are functions of the bytes alone, so an equal
 * piece has an equal value. Values are deep-frozen, shared read-only between requests; a piece that
 * occurs twice in one body is parsed again for its second place (no shared identity within a request).
 * Inspection does not depend on this: every string of every request is still inspected (the inspector
 * has its own cache, keyed by content).
 */
export class PieceCache {
  readonly #entries = new Map<string, { bytes: Buffer; value: unknown }>();
  readonly #maxBytes: number;
  #bytes = 0;
  hits = 0;
  misses = 0;

  constructor(maxBytes = 12 * 1024 * 1024) {
    this.#maxBytes = maxBytes;
  }

  /** Pieces below this size are parsed every time (cheaper than keeping them). */
  static readonly MIN_PIECE = 1024;

  static #key(bytes: Buffer, start: number, end: number, maxDepth: number): string {
    const edge = Math.min(32, (end - start) >> 1);
    return `${maxDepth}:${end - start}:${bytes.toString('latin1', start, start + edge)}\u0000${bytes.toString('latin1', end - edge, end)}`;
  }

  /** The value of the piece [start, end) of `bytes`, checked strictly under `maxDepth`, if kept. */
  get(bytes: Buffer, start: number, end: number, maxDepth: number): { value: unknown } | undefined {
    const key = PieceCache.#key(bytes, start, end, maxDepth);
    const entry = this.#entries.get(key);
    if (entry === undefined || !entry.bytes.equals(bytes.subarray(start, end))) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Most recently used last.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return { value: entry.value };
  }

  /** Keeps a piece's value, which was parsed from exactly these bytes and passed the strict checks under `maxDepth`. */
  set(bytes: Buffer, start: number, end: number, maxDepth: number, value: unknown): void {
    const size = end - start;
    if (size > Math.min(this.#maxBytes / 8, 512 * 1024)) return; // a huge single element is rare in a session
    const key = PieceCache.#key(bytes, start, end, maxDepth);
    const old = this.#entries.get(key);
    if (old) {
      this.#bytes -= old.bytes.length;
      this.#entries.delete(key);
    }
    // A copy of its own: `Buffer.from` would take a piece under 4 KB from Node's shared 8 KB pool, and
    // the entry would then keep the whole pool slab (and whatever else was cut from it) alive.
    const own = Buffer.allocUnsafeSlow(size);
    bytes.copy(own, 0, start, end);
    this.#entries.set(key, { bytes: own, value: deepFreeze(value) });
    this.#bytes += size;
    for (const [k, e] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(k);
      this.#bytes -= e.bytes.length;
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}

function deepFreeze(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Bytes the gateway serialised itself (a translated body, for the egress check), parsed in pieces when
 * large; the result is `JSON.parse` of the whole text (same argument as above). No strictness checks:
 * they were made on what the client sent. Throws as `JSON.parse` does.
 */
export function parseJsonBytes(bytes: Buffer): unknown {
  if (bytes.length >= PIECEWISE_FROM) {
    const value = readPieces(bytes, MAX_JSON_DEPTH, false);
    if (value !== undefined) return value;
  }
  return JSON.parse(bytes.toString('utf8'));
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** End (after the closing quote) of the string whose opening quote is at `start`; -1 when unterminated. */
function skipString(bytes: Buffer, start: number): number {
  let q = bytes.indexOf(QUOTE, start + 1);
  while (q > 0 && bytes[q - 1] === BACKSLASH) {
    let k = q - 1;
    while (bytes[k - 1] === BACKSLASH) k--;
    if ((q - k) % 2 === 0) break; // an even run of backslashes escapes itself, not the quote
    q = bytes.indexOf(QUOTE, q + 1);
  }
  return q < 0 ? -1 : q + 1;
}

/**
 * End of the JSON value starting at `start` (a string, a container matched bracket for bracket with
 * strings skipped, or a literal up to the next delimiter). Only a guess at the boundary: the piece is
 * proven by parsing it.
 */
function skipValue(bytes: Buffer, start: number): number {
  const c = bytes[start];
  if (c === QUOTE) return skipString(bytes, start);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    let i = start;
    while (i < bytes.length) {
      const d = bytes[i]!;
      if (d === QUOTE) {
        i = skipString(bytes, i);
        if (i < 0) return -1;
        continue;
      }
      if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  let i = start;
  while (i < bytes.length) {
    const d = bytes[i];
    if (d === 0x2c || d === 0x7d || d === 0x5d || isSpace(d)) break;
    i++;
  }
  return i > start ? i : -1;
}

function skipSpace(bytes: Buffer, i: number): number {
  while (isSpace(bytes[i])) i++;
  return i;
}

/** One piece parsed and checked strictly at `depth` (containers above it); undefined when it fails either. */
function parsePiece(bytes: Buffer, start: number, end: number, maxDepth: number, depth: number, strict: boolean): { value: unknown } | undefined {
  const text = bytes.toString('utf8', start, end);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (strict && checkStrictJsonText(text, maxDepth - depth) !== undefined) return undefined;
  return { value };
}

/** The whole body's value from its pieces, or undefined to read it the ordinary way. */
function readPieces(bytes: Buffer, maxDepth: number, strict: boolean, reuse?: PieceCache): unknown {
  if (maxDepth < 3) return undefined;
  let i = skipSpace(bytes, 0);
  if (bytes[i] !== 0x7b) return undefined;
  i = skipSpace(bytes, i + 1);
  const out: Record<string, unknown> = {};
  const keys = new Set<string>();
  if (bytes[i] === 0x7d) return skipSpace(bytes, i + 1) === bytes.length ? out : undefined;
  for (;;) {
    // key
    if (bytes[i] !== QUOTE) return undefined;
    const keyEnd = skipString(bytes, i);
    if (keyEnd < 0) return undefined;
    const keyPiece = parsePiece(bytes, i, keyEnd, maxDepth, 1, strict);
    const key = keyPiece?.value;
    if (typeof key !== 'string' || key === '__proto__' || keys.has(key)) return undefined;
    keys.add(key);
    i = skipSpace(bytes, keyEnd);
    if (bytes[i] !== 0x3a /* : */) return undefined;
    i = skipSpace(bytes, i + 1);
    // value
    const end = skipValue(bytes, i);
    if (end < 0) return undefined;
    let value: unknown;
    if (bytes[i] === 0x5b && end - i >= SPLIT_ARRAY_FROM) {
      const elements = readArray(bytes, i, end, maxDepth, strict, reuse);
      if (elements === undefined) return undefined;
      value = elements;
    } else {
      const piece = parsePiece(bytes, i, end, maxDepth, 1, strict);
      if (piece === undefined) return undefined;
      value = piece.value;
    }
    out[key] = value;
    i = skipSpace(bytes, end);
    if (bytes[i] === 0x2c) {
      i = skipSpace(bytes, i + 1);
      continue;
    }
    if (bytes[i] === 0x7d) return skipSpace(bytes, i + 1) === bytes.length ? out : undefined;
    return undefined;
  }
}

/** The elements of the array spanning [start, end), each parsed by itself; undefined when one fails. */
function readArray(bytes: Buffer, start: number, end: number, maxDepth: number, strict: boolean, reuse?: PieceCache): unknown[] | undefined {
  const out: unknown[] = [];
  const used = new Set<unknown>();
  let i = skipSpace(bytes, start + 1);
  if (bytes[i] === 0x5d) return i + 1 === end ? out : undefined;
  for (;;) {
    const elementEnd = skipValue(bytes, i);
    if (elementEnd < 0 || elementEnd > end) return undefined;
    // Only strictly checked pieces are kept and reused (readJsonBody; the egress parse passes no cache).
    const cacheable = reuse !== undefined && strict && elementEnd - i >= PieceCache.MIN_PIECE;
    let piece = cacheable ? reuse.get(bytes, i, elementEnd, maxDepth) : undefined;
    if (piece !== undefined && used.has(piece.value)) piece = undefined;
    if (piece === undefined) {
      piece = parsePiece(bytes, i, elementEnd, maxDepth, 2, strict);
      if (piece === undefined) return undefined;
      if (cacheable) reuse.set(bytes, i, elementEnd, maxDepth, piece.value);
    }
    used.add(piece.value);
    out.push(piece.value);
    i = skipSpace(bytes, elementEnd);
    if (bytes[i] === 0x2c) {
      i = skipSpace(bytes, i + 1);
      continue;
    }
    if (bytes[i] === 0x5d) return i + 1 === end ? out : undefined;
    return undefined;
  }
}
