import type { RefineInput, RuleSpec } from './rule-set.ts';
import { isDocumentedExample } from './rules/placeholders.ts';
import { sourceHostRules } from './rules/source-hosts.ts';
import { cloudRules } from './rules/cloud.ts';
import { privateKeyRules } from './rules/private-keys.ts';
import { messagingRules } from './rules/messaging.ts';
import { paymentRules } from './rules/payments.ts';
import { aiProviderRules } from './rules/ai-providers.ts';
import { observabilityRules } from './rules/observability.ts';
import { saasRules } from './rules/saas.ts';
import { sekishoRules } from './rules/sekisho.ts';
import { contextRules } from './rules/context.ts';

/**
 * Why: Sekisho's own rules, written by us from the documented token formats, for the credentials
 * developers hold. Unlike the gitleaks set, each carries a confidence tier that policy can act on: high =
 * distinctive prefix plus a checksum or structure we verify, medium = keyword + assignment + entropy (or a
 * prefix we cannot verify), low = entropy only (off unless asked for). One file per family in `rules/`
 * (conventions in rules/define.ts); each rule's examples in the family's `*.examples.ts`.
 */
export interface BuiltinOptions {
  /** Add `sekisho-high-entropy-string` (low confidence, noisy on code). */
  highEntropy?: boolean;
  /** Documentation examples at low instead of medium: `sekisho scan` only (rules/context.ts ContextOptions). */
  documentationExamplesLow?: boolean;
}

export function builtinRules(options: BuiltinOptions = {}): RuleSpec[] {
  return withDocumentedExamplesLow([
    ...sourceHostRules,
    ...cloudRules,
    ...privateKeyRules,
    ...messagingRules,
    ...paymentRules,
    ...aiProviderRules,
    ...observabilityRules,
    ...saasRules,
    ...sekishoRules,
    ...contextRules(options),
  ]);
}

/**
 * Vendors' documented example credentials (`AKIAIOSFODNN7EXAMPLE`) are reported at low confidence by
 * every rule: a tutorial pasted into a prompt is not a leak, but a real key next to the word EXAMPLE
 * must still be seen (placeholders.ts).
 */
function withDocumentedExamplesLow(rules: RuleSpec[]): RuleSpec[] {
  return rules.map((r) => {
    const refine = r.refine;
    return {
      ...r,
      refine: (found: RefineInput) => {
        const confidence = refine === undefined ? r.confidence : refine(found);
        return confidence !== null && isDocumentedExample(found.value) ? 'low' : confidence;
      },
    };
  });
}
