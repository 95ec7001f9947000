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
  const runs: RunPiece[][] = [];
  let run: RunPiece[] = [];
  let base = 0;
  const close = (): void => {
    if (run.length > 1) runs.push(run);
    run = [];
    base = 0;
  };
  for (const segment of segments) {
    if (!joinable(segment)) continue;
    const n = segment.text.length;
    if (n === 0) continue;
    if (n <= 2 * EDGE) {
      run.push({ segment, from: 0, to: n, base });
      base += n;
      continue;
    }
    run.push({ segment, from: 0, to: EDGE, base });
    close();
    run.push({ segment, from: n - EDGE, to: n, base: 0 });
    base = EDGE;
  }
  close();
  return runs;
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
