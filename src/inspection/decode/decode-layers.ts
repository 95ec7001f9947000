import { decodeBase64 } from './base64.ts';
import { decodeEscapes, findEscapeRegions } from './escapes.ts';
import { decodeHex } from './hex.ts';
import { decodePercent, findPercentRegions } from './percent.ts';
import { type RunCandidate, findRuns } from './runs.ts';
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
 * caps, `stats.exhausted` is set: the caller decides whether undecoded content is acceptable.
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
      for (const layer of decodeAll(parent.text, budget, inEscaped)) {
        const view = nest(parent, layer.layer, layer.span);
        views.push(view);
        next.push(view);
      }
    }
    frontier = next;
  }
  budget.stats.views = views.length;
  return { views, stats: budget.stats };
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
function decodeAll(text: string, budget: Budget, inEscaped: boolean): { layer: Layer; span: Span }[] {
  const out: { layer: Layer; span: Span }[] = [];
  const runs: RunCandidate[] = [];
  findRuns(text, runs);
  for (const run of runs) {
    if (!budget.candidate()) return out;
    const layers = run.kind === 'hex' ? decodeHex(text, run, budget) : decodeBase64(text, run, budget);
    for (const layer of layers) out.push({ layer, span: run });
  }
  const regions: Span[] = [];
  findPercentRegions(text, regions);
  for (const region of regions) {
    if (!budget.candidate()) return out;
    const layer = decodePercent(text, region, budget);
    if (layer !== null) out.push({ layer, span: region });
  }
  regions.length = 0;
  findEscapeRegions(text, regions, inEscaped);
  for (const region of regions) {
    if (!budget.candidate()) return out;
    const layer = decodeEscapes(text, region, budget);
    if (layer !== null) out.push({ layer, span: region });
  }
  return out;
}
