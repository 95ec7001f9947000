import type { RuleSpec } from '../rule-set.ts';

/**
 * Builds one of Sekisho's built-in rules. Defaults: confidence `medium`, `keywordInMatch: true` (see
 * `RuleSpec.keywordInMatch`: every match spells one of the keywords, as the keyword gate folds case —
 * set it to false for a rule where that does not hold), tag `sekisho`.
 *
 * Conventions for every built-in rule (rules/*.ts, one file per family):
 * - a stable id `sekisho-<vendor>-<kind>`; never renamed once shipped (policy and baselines name it);
 * - a one-line description naming the credential, no value;
 * - keywords for the Aho–Corasick prefilter: distinctive, lower case, as short as stays selective;
 * - the value in a capture group when the match includes context (a name, a prefix that is not secret);
 * - `confidence`: high = distinctive prefix plus a checksum or structure we verify (or a prefix so
 *   long and specific that nothing else has it), medium = keyword + assignment + entropy, low = shape only;
 * - a positive and a near-miss negative example in the family's `*.examples.ts` (rules/examples.test.ts
 *   fails for a rule without them).
 */
export function rule(id: string, description: string, regex: string, keywords: string[], extra: Partial<RuleSpec> = {}): RuleSpec {
  return { id, description, regex, keywords, secretGroup: 0, entropy: 0, tags: ['sekisho'], allowlists: [], confidence: 'medium', keywordInMatch: true, ...extra };
}
