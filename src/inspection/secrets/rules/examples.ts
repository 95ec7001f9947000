/**
 * Examples a built-in rule must find (positive) and must not report (negative: a near miss — wrong
 * length, wrong checksum, a placeholder, the prefix without a value). Keyed by rule id; every built-in
 * rule has an entry (rules/examples.test.ts checks both directions). Values here are fabricated in the
 * documented format, never real credentials.
 */
export interface RuleExample {
  /** Text around the credential as it appears in a file or prompt. */
  text: string;
  /** The value the rule must report (defaults to: any finding of the rule counts). */
  value?: string;
}

export interface RuleExamples {
  [ruleId: string]: { positive: Array<string | RuleExample>; negative: string[] };
}
