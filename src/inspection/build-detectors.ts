import type { InspectionConfig } from '../config/types.ts';
import type { Detector } from './detector.ts';
import type { Detection } from './finding.ts';
import type { AllowlistSpec, RuleSpec } from './secrets/rule-set.ts';
import { SecretScanner } from './secrets/rule-engine.ts';
import { builtinRules } from './secrets/builtin-rules.ts';
import { loadGitleaksTomlFile } from './secrets/load-gitleaks-toml.ts';
import { createPiiScanner } from './pii/pii-scanner.ts';
import { createDictionaryScanner } from './dictionary/dictionary-scanner.ts';
import { withDecoding } from './decode/scan-encoded.ts';
import { withNormalization } from './normalize/with-normalization.ts';
import { defaultInspection } from '../config/defaults.ts';
import { loadOwnCodeDetector, type LoadedOwnCode } from './own-code/load-own-code-detector.ts';

/** Detectors built from config, and what the rule files said that we ignored. */
export interface BuiltDetectors {
  detectors: Detector[];
  warnings: string[];
  /** Number of secret rules loaded (built-in + files). */
  secretRules: number;
  /** The own-code index loaded, when there is one. */
  ownCode?: LoadedOwnCode;
}

export interface BuildDetectorsOptions {
  /** `<dataDir>/own-code.idx`: its detector is added when the file exists and `ownCode.enabled`. */
  ownCodeIndexPath?: string;
  /** A missing index is an error (`sekisho scan --own-code` asked for it). */
  requireOwnCode?: boolean;
  /** Compile secret rules' regexes on first use (`SecretScannerOptions.lazyRegexes`: scan workers). */
  lazyRegexes?: boolean;
  /**
   * Documentation examples (a hand-typed value in a docstring or doc comment) at low instead of medium:
   * `sekisho scan` sets it to quiet source trees; the gateway and `policy test` never do (its judgement
   * reads text a prompt's author controls; see rules/context.ts ContextOptions).
   */
  documentationExamplesLow?: boolean;
  /** Report encoded content left undecoded (`DecodingOptions.reportUndecoded`); default true, `sekisho scan` sets false. */
  reportUndecoded?: boolean;
}

/**
 * The detectors an inspection config asks for: secret rules (Sekisho's built-ins, plus any gitleaks TOML
 * files; a file's `[extend] useDefault = true` extends the built-ins), personal data, the company
 * dictionary — all run over the normalised view of the text (normalize/: invisible characters removed,
 * NFKC, look-alikes folded; spans map back to the original) and over what decoding reveals
 * (`decodeDepth` layers), one normalisation and one decoding pass shared by all. Throws with a message naming the file or dictionary entry when
 * something cannot be loaded; callers stop the start (never run with fewer detectors than configured).
 *
 * The own-code detector (an index built by `sekisho index add`) is a separate entry, outside the
 * decoding wrapper: source code is not an encoded secret, and decoding layers would only re-scan it.
 */
export function buildDetectors(config: InspectionConfig = defaultInspection(), options: BuildDetectorsOptions = {}): BuiltDetectors {
  const warnings: string[] = [];
  const documentationExamplesLow = options.documentationExamplesLow === true;
  const rules: RuleSpec[] = config.rules.builtin ? builtinRules({ highEntropy: config.rules.highEntropy, documentationExamplesLow }) : [];
  const allowlists: AllowlistSpec[] = [];
  for (const file of config.rules.files) {
    let set;
    try {
      set = loadGitleaksTomlFile(file, { defaultRuleSet: () => ({ rules: builtinRules({ documentationExamplesLow }), allowlists: [], warnings: [] }) });
    } catch (err) {
      throw new Error(`inspection.rules.files: ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const known = new Set(rules.map((r) => r.id));
    for (const rule of set.rules) {
      if (known.has(rule.id)) warnings.push(`${file}: rule "${rule.id}" is already defined; the later one is ignored`);
      else rules.push(rule);
    }
    allowlists.push(...set.allowlists);
    warnings.push(...set.warnings.map((w) => `${file}: ${w}`));
  }
  const inner: Detector[] = [];
  if (rules.length > 0) inner.push(new SecretScanner(rules, allowlists, options.lazyRegexes === true ? { lazyRegexes: true } : {}));
  // Both run behind withNormalization below: they need not fold the text again.
  if (config.pii) inner.push(createPiiScanner({ normalized: true, roleAddresses: config.roleAddresses ?? [] }));
  const { terms, patterns } = config.dictionary;
  if (terms.length > 0 || patterns.length > 0) inner.push(createDictionaryScanner({ terms, patterns }, { normalized: true }));

  const combined: Detector = {
    name: inner.map((d) => d.name).join('+') || 'none',
    scan(text: string): Detection[] {
      const found: Detection[] = [];
      for (const d of inner) for (const x of d.scan(text)) found.push(x);
      return found;
    },
  };
  // Normalised first (invisibles, NFKC, look-alikes), so the decoders also see a base64 run with a
  // zero-width space inside as one run; decoded views are normalised again (they may hold full-width text).
  const normalized = withNormalization(combined);
  const detectors =
    inner.length === 0
      ? []
      : [config.decodeDepth > 0 ? withNormalization(withDecoding(combined, { maxDepth: config.decodeDepth, viewDetector: normalized, reportUndecoded: options.reportUndecoded !== false })) : normalized];
  const ownCode = options.ownCodeIndexPath === undefined ? undefined : loadOwnCodeDetector(config.ownCode, options.ownCodeIndexPath, options.requireOwnCode);
  if (ownCode) detectors.push(ownCode.detector);
  return { detectors, warnings, secretRules: rules.length, ...(ownCode ? { ownCode } : {}) };
}
