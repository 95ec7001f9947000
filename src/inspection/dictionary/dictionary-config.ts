import type { Confidence } from '../finding.ts';

/**
 * The company dictionary as it comes from config. Why its own file: the config loader and the scanner
 * share these shapes.
 *
 * `terms[].values`: project code names, customer names, internal hostnames. Matching is case-insensitive
 * and whole-word unless set otherwise; whole-word only applies at an edge whose character is a letter or
 * digit, so CJK names (`山田商事`) match inside Japanese prose. A value shaped like a hostname
 * (`build01.corp.example.com`) uses hostname boundaries; `*.corp.example.com` also matches any host under
 * it (`ci.eu.corp.example.com`, reported whole) and the domain itself.
 * `patterns[].regex`: JavaScript regex source (see regex-safety.ts for what is rejected).
 */
export interface DictionaryConfig {
  terms: DictionaryTerm[];
  patterns?: DictionaryPattern[];
}

export interface DictionaryTerm {
  id: string;
  values: string[];
  caseSensitive?: boolean;
  wholeWord?: boolean;
  confidence?: Confidence;
}

export interface DictionaryPattern {
  id: string;
  /** JavaScript (V8) regular expression source, without slashes. */
  regex: string;
  /** Any of `i`, `m`, `s`, `u`; `g` is always added. */
  flags?: string;
  confidence?: Confidence;
}
