import type { Segment } from './surfaces.ts';

/**
 * Split values: a value can be cut at any boundary between joinable segments, into any number of pieces.
 * Each segment contributes its whole text when it is at most 2 × EDGE characters, else its first and its
 * last EDGE characters, which end one run of joined text and start the next. A run is scanned in blocks
 * of BLOCK characters that overlap by EDGE, anchored at the run's start (so blocks of an unchanged history
 * stay the same when a turn appends). EDGE is far above any secret's length.
 */
export const EDGE = 512;
export const BLOCK = 4096;
export const STRIDE = BLOCK - EDGE;

/**
 * Values made of whole segments (`sk-ant-…` / `…` / `…AA`, each a message of its own) can have text glued
 * on both ends in the joined run (`…ok` + `sk-ant` …), which breaks the detectors' word boundaries. So
 * consecutive "bare" segments (no whitespace) are also scanned as every sequence of 2 to PAIR_PIECES
 * of them up to PAIR_CHARS characters, between line breaks. Ordinary requests have few bare segments in a
 * row (compact tool-call arguments, one-word answers); at most MAX_PAIR_SCANS such scans per request: a
 * request made of more bare pieces than that is refused (the inspector fails closed).
 */
export const PAIR_PIECES = 24;
export const PAIR_CHARS = 256;
export const MAX_PAIR_SCANS = 2048;
/** Shorter concatenations hold no credential worth a scan. */
export const MIN_VALUE = 8;
export const WHITESPACE = /\s/;

/** A stretch of one segment inside a joined run. */
export interface RunPiece {
  segment: Segment;
  /** Span of `segment.text` taken. */
  from: number;
  to: number;
  /** Where it starts in the run's joined text. */
  base: number;
}

/** Runs of joined text across the joinable segments (only runs with a boundary: two pieces or more). */
export function joinedRuns(segments: Segment[], joinable: (segment: Segment) => boolean): RunPiece[][] {
  const spans: Span[] = [];
  for (const segment of segments) if (joinable(segment)) spans.push({ segment, from: 0, to: segment.text.length });
  return joinedSpanRuns(spans);
}

/** Index of the piece holding run offset `at` (last piece whose base is <= at). */
export function pieceAt(run: RunPiece[], at: number): number {
  let lo = 0;
  let hi = run.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((run[mid] as RunPiece).base <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** A span of one segment's text that a joined view takes (whole segments, or string values inside one). */
export interface Span {
  segment: Segment;
  from: number;
  to: number;
  /** For a string value inside tool-call arguments: its key path and the value (see `jsonLeaves`). */
  path?: string;
  leaf?: JsonLeaf;
}

/** How a span can take part in a chain (see CHAIN_SKIPS). */
export interface Edges {
  /** Its last word could begin a value. */
  tail: boolean;
  /** Its first word could continue one. */
  head: boolean;
  /** It could be a whole piece: short, no whitespace, value-like. */
  middle: boolean;
}

/** Runs of joined text over spans of segments: a long span gives its first and last EDGE characters (a run ends after the first and starts again with the last); only runs with a boundary (two pieces or more). */
export function joinedSpanRuns(spans: Span[]): RunPiece[][] {
  const runs: RunPiece[][] = [];
  let run: RunPiece[] = [];
  let base = 0;
  const close = (): void => {
    if (run.length > 1) runs.push(run);
    run = [];
    base = 0;
  };
  for (const { segment, from, to } of spans) {
    const n = to - from;
    if (n <= 0) continue;
    if (n <= 2 * EDGE) {
      run.push({ segment, from, to, base });
      base += n;
      continue;
    }
    run.push({ segment, from, to: from + EDGE, base });
    close();
    run.push({ segment, from: to - EDGE, to, base: 0 });
    base = EDGE;
  }
  close();
  return runs;
}

/** A string value inside a JSON text: where its characters sit (between the quotes, as written) and its key path. */
export interface JsonLeaf {
  /** Keys from the top, array positions as `[]` (`edits.[].new_string`): the same argument of every call shares it. */
  path: string;
  from: number;
  to: number;
  /** Remembered with the leaves (which are cached with the segment's result). */
  edges?: Edges;
}

/** Deeper JSON is not split into values (its text is still scanned whole, like any segment). */
const MAX_LEAF_DEPTH = 64;

/**
 * The string values (not the keys) of a JSON object or array written as text — a tool call's arguments
 * — with their raw spans, so pieces of a value written over several calls (`Append {content: …}` three
 * times) can be joined without the JSON punctuation between them. One pass, no allocation per
 * character; text that is not JSON (or too deep) gives no values, never an error: it is scanned as text
 * anyway.
 */
export function jsonLeaves(text: string): JsonLeaf[] {
  let i = 0;
  const n = text.length;
  while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13 || text.charCodeAt(i) === 9)) i++;
  const first = text.charCodeAt(i);
  if (first !== 123 /* { */ && first !== 91 /* [ */) return [];
  const leaves: JsonLeaf[] = [];
  // Per open container: its key (objects) or '[]' (arrays), and whether a key is expected next.
  const keys: string[] = [];
  const isObject: boolean[] = [];
  let expectKey = false;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = i + 1;
      let escaped = false;
      for (i = start; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) {
          escaped = true;
          i++;
        } else if (d === 34) break;
      }
      if (i >= n) return leaves; // unterminated: keep what was read
      const depth = keys.length;
      if (depth === 0) continue;
      if (isObject[depth - 1] === true && expectKey) {
        let key = text.slice(start, i);
        if (escaped) {
          try {
            key = JSON.parse(text.slice(start - 1, i + 1)) as string;
          } catch {
            return leaves;
          }
        }
        keys[depth - 1] = key;
        expectKey = false;
      } else {
        leaves.push({ path: keys.join('.'), from: start, to: i });
      }
    } else if (c === 123 || c === 91) {
      if (keys.length >= MAX_LEAF_DEPTH) return leaves;
      keys.push(c === 123 ? '' : '[]');
      isObject.push(c === 123);
      expectKey = c === 123;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      keys.pop();
      isObject.pop();
      expectKey = false;
      if (keys.length === 0) return leaves;
    } else if (c === 44 /* , */) {
      expectKey = isObject[isObject.length - 1] === true;
    }
  }
  return leaves;
}

/**
 * Values cut into pieces with unrelated segments between them, on either side and in any mix of sides
 * (`user: …ghp_AbC`, `assistant: dEf12`, `user: what time is it?`, `user: 3xYz`): no view by side or kind
 * follows that order. Such a chain is: the end of a segment whose last word could begin a value (a
 * `start`), then the bare segments that follow (middles: whole pieces, no whitespace), skipping any other
 * segments between them, then the start of a later segment whose first word could continue a value (an
 * `end`). Each chain that skips at least one segment is scanned (adjacent pieces are the joined views'
 * job). Skipping is bounded: a chain gives up after CHAIN_SKIPS segments skipped, so each start costs a
 * bounded scan; at most MAX_CHAINS chains per request, beyond which inspection fails closed.
 */
export const CHAIN_SKIPS = 8;
export const MAX_CHAINS = 4096;
/** Characters of a start segment's end and of an end segment's beginning put in a chain (room for `PASSWORD = "`). */
export const CHAIN_EDGE = 96;

/** A character a value can continue with across a cut (sentence punctuation, quotes and brackets cannot). */
const CONTINUES = /[A-Za-z0-9_+/=\-]/;
/** A word that reads like part of a value rather than prose: digits, token punctuation, mixed case or four capitals. */
const VALUE_LIKE = /[0-9_+/=\-]|[A-Z][a-z]|[a-z][A-Z]|[A-Z]{4}/;
/** Longest edge word looked at. */
const WORD = 64;

/** The last word of `text` when it could begin a value cut at the segment's end, else ''. */
export function openTail(text: string): string {
  const n = text.length;
  if (n === 0 || !CONTINUES.test(text[n - 1] as string)) return '';
  let i = n - 1;
  while (i > 0 && n - i < WORD && !WHITESPACE.test(text[i - 1] as string)) i--;
  const word = text.slice(i);
  return VALUE_LIKE.test(word) ? word : '';
}

/** The first word of `text` when it could continue a value cut at the segment's start, else ''. */
export function openHead(text: string): string {
  const n = text.length;
  if (n === 0 || !CONTINUES.test(text[0] as string)) return '';
  let i = 1;
  while (i < n && i < WORD && !WHITESPACE.test(text[i] as string)) i++;
  const word = text.slice(0, i);
  return VALUE_LIKE.test(word) ? word : '';
}
