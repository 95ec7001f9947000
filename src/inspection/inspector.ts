import type { IncomingHttpHeaders } from 'node:http';
import { createHash, createHmac } from 'node:crypto';
import type { ConversationRequest } from '../conversation/index.ts';
import type { Detector } from './detector.ts';
import type { Detection, Finding, Location } from './finding.ts';
import { collectSurfaces, type Uninspected } from './surfaces.ts';

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
  readonly #hashKey: Buffer;
  readonly #cache = new Map<string, Detection[]>();
  readonly #cacheEntries: number;

  constructor(options: InspectorOptions) {
    this.#detectors = options.detectors;
    this.#hashKey = options.hashKey;
    this.#cacheEntries = options.cacheEntries ?? 20_000;
  }

  get detectorNames(): string[] {
    return this.#detectors.map((d) => d.name);
  }

  inspect(request: ConversationRequest, headers?: IncomingHttpHeaders): InspectionResult {
    const surfaces = collectSurfaces(request, headers);
    const detections: PlacedDetection[] = [];
    let cached = 0;
    for (const segment of surfaces.segments) {
      const key = this.#cacheEntries > 0 && segment.text.length >= 64 ? createHash('sha256').update(segment.text).digest('base64') : undefined;
      let found = key === undefined ? undefined : this.#cache.get(key);
      if (found) {
        cached++;
        this.#cache.delete(key!);
        this.#cache.set(key!, found); // most recently used last
      } else {
        found = [];
        for (const detector of this.#detectors) found.push(...detector.scan(segment.text));
        if (key !== undefined) this.#remember(key, found);
      }
      for (const detection of found) detections.push({ detection, location: segment.location, text: segment.text });
    }
    const findings = detections.map(({ detection, location }) => this.#finding(detection, location));
    return { findings, detections, uninspected: surfaces.uninspected, segments: surfaces.segments.length, cached };
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
