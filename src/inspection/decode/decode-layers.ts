import { decodeBase64 } from './base64.ts';
import { decodeBase32 } from './base32.ts';
import { decodeEscapes, findEscapeRegions } from './escapes.ts';
import { decodeHex } from './hex.ts';
import { decodePercent, findPercentRegions } from './percent.ts';
import { decodeEntities, findEntityRegions } from './entities.ts';
import { decodeQuotedPrintable, findQuotedPrintableRegions } from './quoted-printable.ts';
import { decodeNumberList, findNumberListRegions } from './number-lists.ts';
import { MIN_BASE64_CHARS, type RunCandidate, findRuns } from './runs.ts';
import { HEXDUMP_LINE, decodeHexdump, findHexdumpRegions } from './hexdump.ts';
import { Budget } from './types.ts';
import type { DecodeStats, DecodedView, EncodingName, ExpandOptions, Layer, Span } from './types.ts';

/**
 * Peels encodings off a request text so detectors can see what a prompt smuggles inside base64, hex,
 * percent-encoding or string escapes. Breadth-first: every run of the original text is decoded before
 * anything nested, so a big nested blob cannot starve plain encoded secrets of budget.
 *
 * Cost: finders are linear scans of each text they search; depth 1 searches the input, deeper levels
 * search decoded views, whose total size is capped by `maxDecodedBytes`. So work is O(input + budget ×
 * depth) and memory O(budget), whatever the input (10 MB of base64 of base64 of … included). Past the
 * caps, `stats.exhausted` is set and `stats.undecoded` says where content was left unread (also a layer
 * of base64/hex text below `maxDepth`): the caller must not take that content as inspected.
 */

export const DEFAULT_MAX_DEPTH = 2;
export const DEFAULT_MAX_DECODED_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_CANDIDATES = 20_000;

export interface ExpandResult {
  views: DecodedView[];
  stats: DecodeStats;
}

const identity = (start: number, end: number): Span => ({ start, end });

/** Decoded views of `text` (all depths, outermost first); see `expandEncodedDetailed` for stats. */
export function expandEncoded(text: string, options?: ExpandOptions): DecodedView[] {
  return expandEncodedDetailed(text, options).views;
}

/** Like `expandEncoded`, plus what was done, so the pipeline can log or block on exhausted caps. */
export function expandEncodedDetailed(text: string, options: ExpandOptions = {}): ExpandResult {
  // Most segments of a request are short and hold nothing any finder starts from: answer those without
  // the budget, frontier and per-kind scaffolding (which cost more than the search on a short text).
  if (text.length <= QUICK_CHECK_MAX && holdsNoCandidate(text)) return { views: [], stats: { candidates: 0, decodedBytes: 0, views: 0, exhausted: false, undecoded: [] } };
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const budget = new Budget(
    options.maxDecodedBytes ?? DEFAULT_MAX_DECODED_BYTES,
    options.maxCandidates ?? DEFAULT_MAX_CANDIDATES,
  );
  const views: DecodedView[] = [];
  let frontier: DecodedView[] = [
    { text, encodings: [], start: 0, end: text.length, toOriginal: identity },
  ];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: DecodedView[] = [];
    for (const parent of frontier) {
      const inEscaped = parent.encodings[parent.encodings.length - 1] === 'escape';
      const stop = { at: -1 };
      for (const layer of decodeAll(parent.text, budget, inEscaped, stop)) {
        const view = nest(parent, layer.layer, layer.span);
        views.push(view);
        next.push(view);
      }
      // Out of budget: what this text holds from the first candidate left undecoded on was not read.
      if (stop.at >= 0) budget.stats.undecoded.push(parent.toOriginal(stop.at, parent.text.length));
    }
    frontier = next;
  }
  // Below the deepest layer: base64 or hex that still decodes to text is one more layer nobody read
  // (percent and escapes are not counted: ordinary JSON-in-JSON nests them; they cannot hide a layer
  // the next base64 or hex would not show).
  if (!budget.stats.exhausted) {
    for (const view of frontier) {
      const runs: RunCandidate[] = [];
      findRuns(view.text, runs);
      for (const run of runs) {
        if (!budget.candidate()) break;
        const layers = decodeRun(view.text, run, budget);
        if (layers.length > 0) budget.stats.undecoded.push(view.toOriginal(run.start, run.end));
      }
    }
  }
  budget.stats.views = views.length;
  return { views, stats: budget.stats };
}

/** Texts up to this length are first checked for any candidate at all (`holdsNoCandidate`). */
const QUICK_CHECK_MAX = 4096;

/**
 * True when no finder can start anywhere in `text`: every kind needs its marker (`%`, `\\`, `&`, a `=`
 * before a line break), a number list, or a run of at least 16 base64/hex characters. Then decoding finds nothing at any
 * depth and leaves nothing undecoded, whatever the options.
 */
function holdsNoCandidate(text: string): boolean {
  if (text.indexOf('%') >= 0 || text.indexOf('\\') >= 0 || text.indexOf('&') >= 0 || text.indexOf('=\n') >= 0 || text.indexOf('=\r\n') >= 0) return false;
  // A byte listing (`65, 75, 73, …`, `0x41 0x4b …`) holds none of those markers nor a long run.
  if (firstNumberList(text) < text.length) return false;
  // A hex dump (`hexdump -C`, `xxd`): byte groups of 2 or 4 digits, no long run.
  if (HEXDUMP_LINE.test(text)) return false;
  if (text.length < MIN_BASE64_CHARS) return true;
  const runs: RunCandidate[] = [];
  findRuns(text, runs);
  return runs.length === 0;
}

function nest(parent: DecodedView, layer: Layer, span: Span): DecodedView {
  const whole = parent.toOriginal(span.start, span.end);
  const encodings: EncodingName[] = [...parent.encodings, layer.encoding];
  return {
    text: layer.text,
    encodings,
    start: whole.start,
    end: whole.end,
    toOriginal: (start, end) => {
      const inParent = layer.toParent(start, end);
      return parent.toOriginal(inParent.start, inParent.end);
    },
  };
}

/**
 * Finds and decodes every candidate of one text, within the shared budget. `inEscaped`: the text is
 * the decoding of string escapes, so any escape left in it is a further level of JSON-in-JSON.
 */
function decodeAll(text: string, budget: Budget, inEscaped: boolean, stop: { at: number }): { layer: Layer; span: Span }[] {
  const out: { layer: Layer; span: Span }[] = [];
  // The first candidate the budget did not cover (refused, cut short or its inflate abandoned).
  const missed = (at: number): boolean => {
    if (!budget.stats.exhausted) return false;
    stop.at = stop.at < 0 ? at : Math.min(stop.at, at);
    return true;
  };
  // Runs are decoded first, then percent, then escape regions: stopping early leaves the later kinds unread too.
  const missedFrom = (at: number, percentToo: boolean): void => {
    const later: Span[] = [];
    if (percentToo) findPercentRegions(text, later);
    findEscapeRegions(text, later, inEscaped);
    findEntityRegions(text, later);
    findQuotedPrintableRegions(text, later);
    findNumberListRegions(text, later);
    missed(later.reduce((min, r) => Math.min(min, r.start), at));
  };
  const runs: RunCandidate[] = [];
  findRuns(text, runs);
  for (const run of runs) {
    if (!budget.candidate()) {
      missedFrom(run.start, true);
      return out;
    }
    const layers = decodeRun(text, run, budget);
    for (const layer of layers) out.push({ layer, span: run });
    if (budget.stats.exhausted) {
      missedFrom(run.start, true);
      return out;
    }
  }
  const regions: Span[] = [];
  findPercentRegions(text, regions);
  for (const region of regions) {
    if (!budget.candidate()) {
      missedFrom(region.start, false);
      return out;
    }
    const layer = decodePercent(text, region, budget);
    if (layer !== null) out.push({ layer, span: region });
    if (budget.stats.exhausted) {
      missedFrom(region.start, false);
      return out;
    }
  }
  regions.length = 0;
  findEscapeRegions(text, regions, inEscaped);
  for (const region of regions) {
    if (!budget.candidate()) {
      missed(Math.min(region.start, firstEntity(text)));
      return out;
    }
    const layer = decodeEscapes(text, region, budget);
    if (layer !== null) out.push({ layer, span: region });
    if (budget.stats.exhausted) {
      missed(Math.min(region.start, firstEntity(text)));
      return out;
    }
  }
  regions.length = 0;
  findEntityRegions(text, regions);
  for (const region of regions) {
    if (!budget.candidate()) {
      missed(Math.min(region.start, firstQuotedPrintable(text)));
      return out;
    }
    const layer = decodeEntities(text, region, budget);
    if (layer !== null) out.push({ layer, span: region });
    if (budget.stats.exhausted) {
      missed(Math.min(region.start, firstQuotedPrintable(text)));
      return out;
    }
  }
  regions.length = 0;
  findQuotedPrintableRegions(text, regions);
  for (const region of regions) {
    if (!budget.candidate()) {
      missed(Math.min(region.start, firstNumberList(text)));
      return out;
    }
    const layer = decodeQuotedPrintable(text, region, budget);
    if (layer !== null) out.push({ layer, span: region });
    if (budget.stats.exhausted) {
      missed(Math.min(region.start, firstNumberList(text)));
      return out;
    }
  }
  // A hex dump's byte groups also read as a number list, but only the dump layer joins its lines and
  // covers the ASCII gutter: number lists inside a dump region are left to it.
  const dumps: Span[] = [];
  findHexdumpRegions(text, dumps);
  regions.length = 0;
  findNumberListRegions(text, regions);
  for (const region of regions) {
    if (dumps.some((d) => d.start < region.end && region.start < d.end)) continue;
    if (!budget.candidate()) {
      missed(region.start);
      return out;
    }
    for (const layer of decodeNumberList(text, region, budget)) out.push({ layer, span: region });
    if (missed(region.start)) return out;
  }
  for (const region of dumps) {
    if (!budget.candidate()) {
      missed(region.start);
      return out;
    }
    const layer = decodeHexdump(text, region, budget);
    if (layer !== null) out.push({ layer, span: region });
    if (missed(region.start)) return out;
  }
  return out;
}

/** Start of the first number-list region of `text` (decoded last), or its length when there is none. */
function firstNumberList(text: string): number {
  const regions: Span[] = [];
  findNumberListRegions(text, regions);
  return regions.length > 0 ? (regions[0] as Span).start : text.length;
}

/** Start of the first HTML-entity region of `text` (decoded last), or its length when there is none. */
function firstEntity(text: string): number {
  const regions: Span[] = [];
  findEntityRegions(text, regions);
  return Math.min(regions.length > 0 ? (regions[0] as Span).start : text.length, firstQuotedPrintable(text));
}

/** Start of the first quoted-printable region of `text` (decoded after everything else), or its length. */
function firstQuotedPrintable(text: string): number {
  const regions: Span[] = [];
  findQuotedPrintableRegions(text, regions);
  return Math.min(regions.length > 0 ? (regions[0] as Span).start : text.length, firstNumberList(text));
}

function decodeRun(text: string, run: RunCandidate, budget: Budget): Layer[] {
  return run.kind === 'hex' ? decodeHex(text, run, budget) : run.kind === 'base32' ? decodeBase32(text, run, budget) : decodeBase64(text, run, budget);
}
