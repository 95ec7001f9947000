import { readFileSync } from 'node:fs';
import type { Confidence } from '../inspection/finding.ts';
import type { ScanFinding, ScanStats } from './scan-finding.ts';

/** Everything a report format needs. Why one shape: the three formats must tell the same story. */
export interface ScanReport {
  toolVersion: string;
  findings: readonly ScanFinding[];
  stats: ScanStats;
  /** Findings left out because the baseline lists them. */
  baselined: number;
  /** Print plaintext values (`--show-values`); off by default. */
  showValues: boolean;
  /** Reported findings below `--fail-on` (they do not fail the build), and that level. */
  belowFailOn?: number;
  failOn?: Confidence;
}

/** Sekisho's version from package.json (SARIF `tool.driver.version`, JSON `tool.version`). */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** What the summary line tells: a report, or the counts of a streamed one (whose findings are gone). */
export type SummaryFacts = Pick<ScanReport, 'stats' | 'baselined' | 'belowFailOn' | 'failOn'> & ({ findings: readonly ScanFinding[] } | { found: number });

/** One line for people: what was scanned, found, skipped. */
export function summaryLine(report: SummaryFacts): string {
  const { stats } = report;
  const n = 'found' in report ? report.found : report.findings.length;
  const parts = [`${n} finding${n === 1 ? '' : 's'} in ${stats.files} file${stats.files === 1 ? '' : 's'}`];
  if (report.belowFailOn !== undefined && report.belowFailOn > 0) parts.push(`${report.belowFailOn} below --fail-on ${report.failOn ?? 'medium'} (not failing)`);
  if (report.baselined > 0) parts.push(`${report.baselined} in baseline`);
  if (stats.skippedBinary > 0) parts.push(`${stats.skippedBinary} binary skipped`);
  if (stats.skippedTooLarge > 0) parts.push(`${stats.skippedTooLarge} too large skipped`);
  return parts.join(', ');
}
