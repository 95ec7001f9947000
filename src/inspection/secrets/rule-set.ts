import type { Confidence } from '../finding.ts';
import type { LineMatcher } from './re2-pattern.ts';

/**
 * Why: one plain-data shape for rules whichever way they arrive (a customer's gitleaks TOML or
 * Sekisho's built-ins), so the engine has a single code path and a config can be checked, merged
 * (`[extend]`) and logged before anything is compiled.
 */

/** gitleaks allowlist: a finding is dropped when it matches (OR: any criterion; AND: all given ones). */
export interface AllowlistSpec {
  description?: string;
  condition: 'OR' | 'AND';
  /** What `regexes` are matched against: the secret (default), the whole match, or the line(s) of the match. */
  regexTarget: 'secret' | 'match' | 'line';
  regexes: string[];
  /** Case-insensitive substrings of the secret. */
  stopwords: string[];
  paths: string[];
  commits: string[];
}

export interface RuleSpec {
  id: string;
  description?: string;
  /** RE2 syntax. Absent for a path-only rule. */
  regex?: string;
  /** Capture group holding the secret; 0 = the first non-empty group, or the whole match if none. */
  secretGroup: number;
  /** Minimum Shannon entropy of the secret (a finding needs strictly more); 0 = no check. */
  entropy: number;
  /** Case-insensitive substrings; the regex only runs when one occurs in the text. Empty = always run. */
  keywords: string[];
  /** RE2 regex over the file path, when the fragment has one. */
  path?: string;
  tags: string[];
  allowlists: AllowlistSpec[];
  confidence: Confidence;
  /**
   * Built-in rules only: a structural check on a finding (checksum, decoded header, …) that returns the
   * confidence to report, or null to drop it.
   */
  refine?: (found: RefineInput) => Confidence | null;
  /** Run on the whole text even when keyword windows are on (matches that can be longer than a window). */
  wholeText?: boolean;
  /**
   * Built-in rules only: every match of `regex` contains one of `keywords` (as the keyword gate folds
   * case). With a line-local regex, the rule then runs only on the lines of its keyword hits (each cut
   * to the keyword window's width either side) instead of the full window around them.
   */
  keywordInMatch?: boolean;
  /**
   * Built-in rules only, with `keywordInMatch`: every match lies within this many characters of the
   * keyword it spells (a bounded token, or a bounded name and value). The rule then runs on that much of
   * the hit's line either side instead of up to twice the keyword window: on minified code, whose lines
   * run to hundreds of kilobytes, that is most of the work saved.
   */
  reach?: number;
  /**
   * Built-in rules only: a rule that knows a credential by its context (`password = …`, a URL's password)
   * gives way to any other rule that reports an overlapping value, so one token is one finding, named
   * by its vendor.
   */
  yieldsToSpecific?: boolean;
  /**
   * Built-in rules only: a JavaScript regex every line holding a match also matches (a superset of the
   * rule, with bounded repeats only, so linear). Lines that fail it never reach the RE2 engine, whose
   * automaton is slow on the keyword-rich lines of ordinary code (`token`, `auth`, `key` are everywhere).
   */
  lineFilter?: RegExp;
  /**
   * Built-in rules only: finds exactly the matches and groups of `regex` (a line-local one) by hand, for
   * a rule whose regex re2js is slow to locate matches with. `regex` stays the definition: a test runs
   * both over a varied corpus and asserts identical findings (rules/context-scanner.test.ts).
   */
  matcher?: LineMatcher;
}

export interface RefineInput {
  /** The secret (group or whole match). */
  value: string;
  /** The whole scanned text and the match's span in it, for checks that look around. */
  text: string;
  start: number;
  end: number;
  /** The secret's own span in `text` (rules that judge a value by the name before it need it). */
  valueStart?: number;
  valueEnd?: number;
}

export interface ExtendSpec {
  useDefault: boolean;
  path?: string;
  disabledRules: string[];
}

export interface RuleSet {
  title?: string;
  rules: RuleSpec[];
  /** Global allowlists, checked before each rule's own. */
  allowlists: AllowlistSpec[];
  /** Keys we did not understand, as `where: key`; they are ignored. */
  warnings: string[];
}

/** An allowlist with gitleaks' defaults filled in. */
export function allowlist(partial: Partial<AllowlistSpec>): AllowlistSpec {
  return {
    condition: 'OR',
    regexTarget: 'secret',
    regexes: [],
    stopwords: [],
    paths: [],
    commits: [],
    ...partial,
  };
}
