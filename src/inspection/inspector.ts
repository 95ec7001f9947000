import type { IncomingHttpHeaders } from 'node:http';
import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { ConversationRequest } from '../conversation/index.ts';
import type { Detector } from './detector.ts';
import type { Detection, Finding, Location } from './finding.ts';
import { collectSurfaces, type Segment, type Uninspected } from './surfaces.ts';

/** Surfaces whose adjacent segments are read as one by the model, so a value can be split across them. */
const JOINABLE = new Set(['system', 'message-text', 'tool-result', 'tool-call-arguments', 'prompt', 'reasoning']);

/** Characters on each side of a boundary scanned for split values: far above any secret's length. */
const BOUNDARY_WINDOW = 512;

/**
 * The cache key of a scanned string: short strings are their own key (hashing them costs more than it
 * saves, and most segments of a request are short); longer ones are keyed by SHA-256.
 */
function cacheKey(text: string): string {
  return text.length < 128 ? `s\0${text}` : `h\0${createHash('sha256').update(text).digest('base64')}`;
}

/** A detection with where it was made; holds the plaintext value, so it never leaves the process. */
export interface PlacedDetection {
  detection: Detection;
  location: Location;
  /** The scanned string the detection's spans refer to. */
  text: string;
}

export interface InspectionResult {
  /** Safe to log and persist: values replaced by keyed hashes. */
  findings: Finding[];
  /** In-process only: what redaction needs. */
  detections: PlacedDetection[];
  uninspected: Uninspected[];
  /** Segments scanned and how many came from the cache (coding agents resend the whole history each turn). */
  segments: number;
  cached: number;
}

export interface InspectorOptions {
  detectors: Detector[];
  /** Key of the HMAC that stands in for values in findings (per installation). */
  hashKey: Buffer;
  /** Segments whose results are remembered (by content hash); 0 disables the cache. */
  cacheEntries?: number;
}

/**
 * Runs every detector over every content surface of a request. Results are cached per segment content
 * (SHA-256 of the text), so a follow-up turn that resends 150 KB of history costs only its new content.
 * A detector that throws propagates: the pipeline blocks the request (fail closed).
 */
export class Inspector {
  readonly #detectors: Detector[];
  /** Imported once: importing the raw key on every HMAC cost ~9 µs per finding. */
  readonly #hashKey: KeyObject;
  readonly #cache = new Map<string, Detection[]>();
  readonly #cacheEntries: number;

  constructor(options: InspectorOptions) {
    this.#detectors = options.detectors;
    this.#hashKey = createSecretKey(options.hashKey);
    this.#cacheEntries = options.cacheEntries ?? 20_000;
  }

  get detectorNames(): string[] {
    return this.#detectors.map((d) => d.name);
  }

  inspect(request: ConversationRequest, headers?: IncomingHttpHeaders): InspectionResult {
    const surfaces = collectSurfaces(request, headers);
    const detections: PlacedDetection[] = [];
    const counter = { cached: 0 };
    const keys = new Map<Segment, string>();
    for (const segment of surfaces.segments) {
      const key = cacheKey(segment.text);
      keys.set(segment, key);
      for (const detection of this.#scanCached(key, () => segment.text, counter)) {
        detections.push({ detection, location: segment.location, text: segment.text });
      }
    }
    const findings = detections.map(({ detection, location }) => this.#finding(detection, location));
    this.#scanBoundaries(surfaces.segments, keys, detections, findings, counter);
    return { findings, detections, uninspected: surfaces.uninspected, segments: surfaces.segments.length, cached: counter.cached };
  }

  /**
   * A value split across two adjacent content segments (e.g. `AKIAIOSFOD` + `NN7EXAMPLE` in two text
   * blocks) is found by scanning a window around each boundary and keeping matches that cross it. The
   * finding points at both places; redaction gets each piece separately (each becomes a placeholder).
   * The window's result is cached under the two segments' keys, so an unchanged boundary costs a lookup.
   */
  #scanBoundaries(segments: Segment[], keys: Map<Segment, string>, detections: PlacedDetection[], findings: Finding[], counter: { cached: number }): void {
    const joinable = segments.filter((s) => JOINABLE.has(s.location.surface));
    for (let i = 0; i + 1 < joinable.length; i++) {
      const a = joinable[i]!;
      const b = joinable[i + 1]!;
      const cut = Math.min(a.text.length, BOUNDARY_WINDOW);
      const offset = a.text.length - cut;
      const window = () => a.text.slice(-BOUNDARY_WINDOW) + b.text.slice(0, BOUNDARY_WINDOW);
      for (const d of this.#scanCached(`b\0${keys.get(a)}\0${keys.get(b)}`, window, counter)) {
        if (!(d.valueStart < cut && d.valueEnd > cut)) continue;
        findings.push({ ...this.#finding(d, a.location), continuesAt: b.location });
        const first = { ...d, valueStart: offset + d.valueStart, valueEnd: a.text.length, value: a.text.slice(offset + d.valueStart) };
        const second = { ...d, valueStart: 0, valueEnd: d.valueEnd - cut, value: b.text.slice(0, d.valueEnd - cut) };
        detections.push({ detection: first, location: a.location, text: a.text }, { detection: second, location: b.location, text: b.text });
      }
    }
  }

  /** All detectors over one string, remembered under `key` (see `cacheKey`); `text` is built only on a miss. */
  #scanCached(key: string, text: () => string, counter: { cached: number }): Detection[] {
    const hit = this.#cacheEntries > 0 ? this.#cache.get(key) : undefined;
    if (hit) {
      counter.cached++;
      this.#cache.delete(key);
      this.#cache.set(key, hit); // most recently used last
      return hit;
    }
    const scanned = text();
    const found: Detection[] = [];
    for (const detector of this.#detectors) found.push(...detector.scan(scanned));
    if (this.#cacheEntries > 0) this.#remember(key, found);
    return found;
  }

  /** The keyed hash that stands in for a value in findings. */
  hashValue(value: string): string {
    return createHmac('sha256', this.#hashKey).update(value).digest('hex');
  }


  #finding(detection: Detection, location: Location): Finding {
    const { value, ...rest } = detection;
    return { ...rest, location, valueHash: this.hashValue(value) };
  }

  #remember(key: string, detections: Detection[]): void {
    this.#cache.set(key, detections);
    if (this.#cache.size > this.#cacheEntries) this.#cache.delete(this.#cache.keys().next().value as string);
  }
}
