import type { Detector } from './detector.ts';
import type { Detection } from './finding.ts';
import { SecretScanner } from './secrets/rule-engine.ts';
import { builtinRules } from './secrets/builtin-rules.ts';
import { createPiiScanner } from './pii/pii-scanner.ts';
import { withDecoding } from './decode/scan-encoded.ts';

/**
 * The detectors the gateway inspects with unless told otherwise: Sekisho's built-in secret rules and
 * the personal-data detectors, run over the text as it is and over what base64 / hex / percent / escape
 * decoding (depth 2) reveals inside it. One decoding pass serves both, so encoded content is expanded
 * once per segment.
 *
 * Not yet here (inspection issue): gitleaks TOML rules from the config (the engine loads them, see
 * secrets/load-gitleaks-toml.ts), company dictionaries from the config (dictionary/), own code.
 */
export function defaultDetectors(): Detector[] {
  const secrets = new SecretScanner(builtinRules());
  const pii = createPiiScanner();
  const both: Detector = {
    name: 'secrets+pii',
    scan(text: string): Detection[] {
      const found = secrets.scan(text);
      for (const d of pii.scan(text)) found.push(d);
      return found;
    },
  };
  return [withDecoding(both)];
}
