import type { Confidence } from '../inspection/finding.ts';
import { meetsConfidence } from './scan-task.ts';

/**
 * gitleaks-style exit status: 2 when the scan is incomplete (a path could not be read — an incomplete
 * scan never passes, even with findings), 0 after `--write-baseline` (every finding is then known),
 * 1 when a reported finding reaches `--fail-on`, else 0. Findings below `--fail-on` are reported only.
 */
export function scanExitCode(outcome: { errors: number; failing: number; wroteBaseline: boolean }): 0 | 1 | 2 {
  if (outcome.errors > 0) return 2;
  if (outcome.wroteBaseline) return 0;
  return outcome.failing > 0 ? 1 : 0;
}

/** Whether one finding fails the build under `--fail-on`. */
export function failsBuild(finding: { confidence: Confidence }, failOn: Confidence): boolean {
  return meetsConfidence(finding.confidence, failOn);
}
