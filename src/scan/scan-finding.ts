import type { Confidence, FindingType, OwnCodeSource } from '../inspection/finding.ts';
import type { OwnCodeLines } from './own-code-side-by-side.ts';

/**
 * One detection placed in a file. Why both ids: `fingerprint` (`path:ruleId:line`, as gitleaks writes it)
 * is what people read and what gitleaks-style ignore lists hold; `valueHash` (SHA-256 of the value) lets a
 * baseline keep ignoring a known value when lines move, and notice a new value on the same line.
 */
export interface ScanFinding {
  /** Relative to the working directory, `/`-separated; `stdin` for standard input. */
  path: string;
  /** 1-based; columns in UTF-16 code units, `endColumn` is the column just after the value. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  type: FindingType;
  confidence: Confidence;
  description?: string;
  encodings?: string[];
  /** For `own-code`: the indexed repository, file, line range and coverage. */
  ownCode?: OwnCodeSource;
  /** For `own-code`, added on the main thread: the matched lines beside the company file's (own-code-side-by-side.ts). */
  ownCodeLines?: OwnCodeLines;
  fingerprint: string;
  valueHash: string;
  /** The plaintext value: printed only with `--show-values`. */
  value: string;
  /** The start line with every value on it masked, cut to a readable width. */
  maskedLine: string;
  /** The same line unmasked (for `--show-values`). */
  rawLine: string;
}

/** Counts for the summary: what was scanned and what was left out and why. */
export interface ScanStats {
  files: number;
  bytes: number;
  skippedBinary: number;
  skippedTooLarge: number;
}
