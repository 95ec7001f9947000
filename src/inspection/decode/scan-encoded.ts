import type { Detector } from '../detector.ts';
import type { Detection } from '../finding.ts';
import { expandEncodedDetailed } from './decode-layers.ts';
import { UNDECODED_RULE_ID, type DecodeStats, type DecodedView, type ExpandOptions } from './types.ts';
import { mapSpans } from '../map-spans.ts';

export { joinForScan } from './join-for-scan.ts';
export type { JoinedText, PartOffset } from './join-for-scan.ts';

/**
 * Makes any detector see through encodings without knowing about them: the detector runs on the
 * original text and on every decoded view, and findings in views come back with ORIGINAL spans (the
 * encoded characters, which is what redaction must replace), the decoded `value`, and `encodings`.
 *
 * De-duplication: a finding with the same rule and value as one already kept, whose original span
 * overlaps it, is dropped. Direct findings come first, then views outermost first, so the plainest
 * sighting wins (a secret left untouched by an escape region is not reported twice). The same value at
 * two different places is two findings: both places need redacting.
 */

export interface DecodingOptions extends ExpandOptions {
  /** Called once per scan with what decoding did (e.g. to log, or to block when `exhausted`). */
  onStats?: (stats: DecodeStats) => void;
  /**
   * Runs on decoded views instead of `detector` (e.g. the same detectors behind normalisation: decoded
   * bytes may hold full-width or zero-width text, while the text given to `scan` is already normalised).
   */
  viewDetector?: Detector;
  /**
   * Report encoded content left undecoded (past the budget, or a layer below `maxDepth`) as one detection
   * with rule id `sekisho-undecoded` spanning it (default true: the gateway must not take it as inspected;
   * `sekisho scan` turns it off, a file is not refused for what it cannot decode).
   */
  reportUndecoded?: boolean;
}

export function withDecoding(detector: Detector, options: DecodingOptions = {}): Detector {
  return {
    name: detector.name,
    scan(text: string): Detection[] {
      const onViews = options.viewDetector ?? detector;
      const direct = detector.scan(text);
      const { views, stats } = expandEncodedDetailed(text, options);
      options.onStats?.(stats);
      if (stats.undecoded.length > 0 && options.reportUndecoded !== false) direct.push(undecodedDetection(text, stats.undecoded));
      // Nothing decoded (most texts): de-duplication keeps every direct finding, in order.
      if (views.length === 0) return direct;
      const sightings: Sighting[] = [];
      for (const d of direct) sightings.push({ d, level: 0 });
      for (const view of views) {
        for (const d of onViews.scan(view.text)) sightings.push({ d: toOriginal(view, d), level: view.encodings.length });
      }
      return dedupe(sightings);
    },
  };
}

/** One detection over everything left undecoded (the inspector lists it as uninspected content, kind `encoded`). */
function undecodedDetection(text: string, spans: readonly { start: number; end: number }[]): Detection {
  let start = text.length;
  let end = 0;
  for (const s of spans) {
    if (s.start < start) start = s.start;
    if (s.end > end) end = s.end;
  }
  if (end <= start) [start, end] = [0, text.length];
  return {
    type: 'secret',
    ruleId: UNDECODED_RULE_ID,
    confidence: 'low',
    start,
    end,
    valueStart: start,
    valueEnd: end,
    value: '',
    description: 'encoded content Sekisho did not decode (decoding budget or depth)',
  };
}

function toOriginal(view: DecodedView, d: Detection): Detection {
  const mapped = mapSpans(d, (start, end) => view.toOriginal(start, end));
  return { ...mapped, encodings: d.encodings === undefined ? [...view.encodings] : [...view.encodings, ...d.encodings] };
}

interface Sighting {
  d: Detection;
  /** 0 = found in the original text, else the number of encodings peeled. */
  level: number;
}

/**
 * Drops sightings lying inside a kept one with the same rule and value, plainest level first.
 * O(n log n) even for 100 000 copies of one value (a sort per key and level, then a merge sweep).
 */
function dedupe(all: Sighting[]): Detection[] {
  const byKey = new Map<string, Sighting[]>();
  for (const s of all) {
    const key = `${s.d.ruleId}\u0000${s.d.value}`;
    const group = byKey.get(key);
    if (group === undefined) byKey.set(key, [s]);
    else group.push(s);
  }
  const keep = new Set<Sighting>();
  for (const group of byKey.values()) {
    if (group.length === 1) {
      keep.add(group[0] as Sighting);
      continue;
    }
    group.sort((a, b) => a.level - b.level || a.d.valueStart - b.d.valueStart);
    let covered: [number, number][] = []; // union of kept spans of lower levels, sorted, disjoint
    let i = 0;
    while (i < group.length) {
      const level = (group[i] as Sighting).level;
      const accepted: [number, number][] = [];
      let c = 0;
      let lastEnd = -1;
      for (; i < group.length && (group[i] as Sighting).level === level; i++) {
        const s = group[i] as Sighting;
        const { valueStart: vs, valueEnd: ve } = s.d;
        while (c < covered.length && (covered[c] as [number, number])[1] <= vs) c++;
        // Dropped only when a kept shallower span holds it whole: a deeper sighting reaching past it (a
        // hex dump's bytes around the plain gutter that repeats them) covers encoded bytes of the value
        // that redacting the shallower span alone would leave behind.
        const inCovered = c < covered.length && (covered[c] as [number, number])[0] <= vs && ve <= (covered[c] as [number, number])[1];
        // Level 0 keeps everything the detector reported; deeper levels also drop their own repeats.
        if (level > 0 && (inCovered || vs < lastEnd)) continue;
        keep.add(s);
        accepted.push([vs, ve]);
        if (ve > lastEnd) lastEnd = ve;
      }
      covered = union(covered, accepted);
    }
  }
  return all.filter((s) => keep.has(s)).map((s) => s.d);
}

/** Sorted disjoint union of two interval lists, each sorted by start. */
function union(a: [number, number][], b: [number, number][]): [number, number][] {
  const merged = [...a, ...b].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [s, e] of merged) {
    const last = out[out.length - 1];
    if (last !== undefined && s < last[1]) {
      if (e > last[1]) last[1] = e;
    } else {
      out.push([s, e]);
    }
  }
  return out;
}
