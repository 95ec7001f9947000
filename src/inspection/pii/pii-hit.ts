import type { Confidence } from '../finding.ts';

/**
 * One PII match in the folded (normalised) text. Why a separate shape: detectors work on folded text;
 * `pii-scanner.ts` maps spans back to the original and builds the `Detection`.
 */
export interface PiiHit {
  ruleId: string;
  confidence: Confidence;
  start: number;
  end: number;
  description: string;
}

/** Why: each digit-shaped detector gets the numeric runs (`numeric-runs.ts`) rather than rescanning the text. */
export type RunDetector = (text: string, start: number, end: number, out: PiiHit[]) => void;
