import type { Detector } from './detector.ts';
import { createPiiScanner } from './pii/pii-scanner.ts';

/**
 * The detectors the gateway inspects with unless told otherwise.
 * TODO(inspection issue): add Sekisho's built-in secret rules, optional gitleaks TOML rules from the
 * config, company dictionaries, and decoding of encoded content, as those modules land.
 */
export function defaultDetectors(): Detector[] {
  return [createPiiScanner()];
}
