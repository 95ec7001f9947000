import type { Detector } from '../detector.ts';
import type { Detection } from '../finding.ts';
import { normalizeForScan, toOriginalSpan } from './normalize-for-scan.ts';
import { mapSpans } from '../map-spans.ts';

/**
 * Makes a detector scan the normalised view of a text (normalize-for-scan.ts: invisibles removed, NFKC,
 * look-alikes folded) and report spans in the ORIGINAL text, so redaction replaces exactly the characters
 * that were sent — zero-width characters inside a value included.
 *
 * `value` stays what the detector saw: the folded form (or, through decoding, the decoded one). A secret
 * sent disguised and the same secret sent plainly therefore have one value and one keyed hash in audit.
 * Printable ASCII (almost all source code) is scanned as it is, with no copy and no map.
 */
export function withNormalization(detector: Detector): Detector {
  return {
    name: detector.name,
    scan(text: string): Detection[] {
      const scan = normalizeForScan(text);
      if (scan.text === text) return detector.scan(text);
      const found = detector.scan(scan.text);
      return found.map((d) => mapSpans(d, (start, end) => toOriginalSpan(scan, start, end)));
    },
  };
}
